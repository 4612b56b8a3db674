import ArgumentParser
import Foundation
import StatusApplication
import StatusModel
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
        @Option(name: .long, help: "The language texts sent through the Statuspage v1 API are stored in (default: the site's first language).")
        var language: String?

        func run() throws {
            try reportingFailures {
                let languages = try options.settings().languages
                let chosen = try language.map { raw in
                    guard let code = LanguageCode(raw), languages.contains(code) else {
                        throw CLIError("--language must be one of the site's languages (\(languages.map(\.rawValue).joined(separator: ", ")))")
                    }
                    return code
                } ?? languages[0]
                let store = try options.openStore()
                defer { try? store.close() }
                let (token, stored) = try StaffCLI.run {
                    try options.staffAuth(store: store).createToken(name: name, role: role, language: chosen, by: StaffCLI.actor,
                                                                    now: Date())
                }
                // The token alone on stdout, so `$(driftstatus token create ...)` captures it; the note goes to stderr.
                print(token)
                FileHandle.standardError.write(Data("token \(stored.id) '\(stored.name)' (\(stored.role.rawValue)) created; it is shown only this once\n".utf8))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")

        @OptionGroup var options: DatabaseOptions

        func run() throws {
            try reportingFailures {
                let siteLanguage = try options.settings().languages[0]
                let store = try options.openStore()
                defer { try? store.close() }
                let rows = try store.tokens().map { token in
                    [String(token.id), token.name, token.role.rawValue, (token.language ?? siteLanguage).rawValue, token.prefix + "…",
                     StaffCLI.format(token.createdAt), token.lastUsedAt.map(StaffCLI.format) ?? "-",
                     token.revokedAt.map(StaffCLI.format) ?? "-"]
                }
                print(StaffCLI.table(header: ["ID", "NAME", "ROLE", "LANGUAGE", "PREFIX", "CREATED", "LAST USED", "REVOKED"],
                                     rows: rows),
                      terminator: "")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by --id or --name.")

        @OptionGroup var options: DatabaseOptions
        @Option(name: .long) var id: Int64?
        @Option(name: .long) var name: String?

        func validate() throws {
            guard (id == nil) != (name == nil) else { throw ValidationError("give exactly one of --id and --name") }
        }

        func run() throws {
            try reportingFailures {
                let store = try options.openStore()
                defer { try? store.close() }
                let tokenID: Int64
                if let id {
                    tokenID = id
                } else if let name, let token = try store.token(name: name) {
                    tokenID = token.id
                } else {
                    throw CLIError("no live token named '\(name ?? "")'")
                }
                try StaffCLI.run { try options.staffAuth(store: store).revokeToken(id: tokenID, by: StaffCLI.actor, now: Date()) }
                print("revoked token \(tokenID)")
            }
        }
    }
}
