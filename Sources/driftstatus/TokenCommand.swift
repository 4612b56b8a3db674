import ArgumentParser
import Foundation
import StatusModel
import StatusSite
import StatusStore

/// `driftstatus token ...`: API tokens for scripts. A token is printed once; only its hash is kept.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage API tokens (create, list, revoke).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it once on standard output.")

        @OptionGroup var options: DatabaseOptions
        @Option(name: .long, help: "What the token is for, e.g. \"monitoring\".") var name: String
        @Option(name: .long, help: "editor (default) or admin.") var role: StaffRole = .editor

        func run() throws { fatalError("not yet") }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")

        @OptionGroup var options: DatabaseOptions

        func run() throws { fatalError("not yet") }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by --id or --name.")

        @OptionGroup var options: DatabaseOptions
        @Option(name: .long) var id: Int64?
        @Option(name: .long) var name: String?

        func validate() throws {
            guard (id == nil) != (name == nil) else { throw ValidationError("give exactly one of --id and --name") }
        }

        func run() throws { fatalError("not yet") }
    }
}
