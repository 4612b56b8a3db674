import ArgumentParser
import Foundation
import StatusModel
import StatusSite
import StatusStore

/// `driftstatus user ...`: manage staff accounts. Passwords come from standard input only,
/// so they never show up in `ps` or the shell history.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage staff accounts (add, passwd, remove, list).",
        subcommands: [Add.self, Passwd.self, Remove.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a staff account; the password is read from standard input (one line).")

        @OptionGroup var options: DatabaseOptions
        @Option(name: .long, help: "Sign-in email address.") var email: String
        @Option(name: .long, help: "Name shown in the audit log.") var name: String
        @Option(name: .long, help: "editor (publishes) or admin (also manages components, users, tokens).")
        var role: StaffRole

        func run() throws { fatalError("not yet") }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password (read from standard input) and end the user's sessions.")

        @OptionGroup var options: DatabaseOptions
        @Option(name: .long) var email: String

        func run() throws { fatalError("not yet") }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a staff account and end its sessions.")

        @OptionGroup var options: DatabaseOptions
        @Option(name: .long) var email: String

        func run() throws { fatalError("not yet") }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff accounts.")

        @OptionGroup var options: DatabaseOptions

        func run() throws { fatalError("not yet") }
    }
}

extension StaffRole: ExpressibleByArgument {}
