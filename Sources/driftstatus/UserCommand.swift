import ArgumentParser
import Foundation
import SiteSettings
import StatusApplication
import StatusModel
import StatusStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        @Option(name: .long, help: "Language of the emails the account is sent (one of the site's languages, e.g. sv or en; default: the site's first).")
        var language: String?

        func run() throws {
            try reportingFailures {
                let chosen = try language.map { try StaffCLI.siteLanguage($0, in: options.settings()) }
                let store = try options.openStore()
                defer { try? store.close() }
                let password = try readPassword(confirm: true)
                let user = try StaffCLI.run {
                    try options.staffAuth(store: store).addUser(UserDraft(email: email, name: name, role: role, password: password,
                                                                          language: chosen),
                                                        by: StaffCLI.actor, now: Date())
                }
                print("added \(user.role.rawValue) \(user.email)")
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password (read from standard input) and end the user's sessions.")

        @OptionGroup var options: DatabaseOptions
        @Option(name: .long) var email: String

        func run() throws {
            try reportingFailures {
                let store = try options.openStore()
                defer { try? store.close() }
                let user = try StaffCLI.requireUser(email: email, in: store)
                let password = try readPassword(confirm: true)
                try StaffCLI.run {
                    try options.staffAuth(store: store).changePassword(userID: user.id, newPassword: password, by: StaffCLI.actor, now: Date())
                }
                print("password changed for \(user.email); their sessions have ended")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a staff account and end its sessions.")

        @OptionGroup var options: DatabaseOptions
        @Option(name: .long) var email: String

        func run() throws {
            try reportingFailures {
                let store = try options.openStore()
                defer { try? store.close() }
                let user = try StaffCLI.requireUser(email: email, in: store)
                try StaffCLI.run { try options.staffAuth(store: store).removeUser(id: user.id, by: StaffCLI.actor, now: Date()) }
                print("removed \(user.email)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff accounts.")

        @OptionGroup var options: DatabaseOptions

        func run() throws {
            try reportingFailures {
                let store = try options.openStore()
                defer { try? store.close() }
                let fallback = try options.settings().defaultLanguage
                let rows = try store.users().map {
                    [$0.email, $0.name, $0.role.rawValue, ($0.language ?? fallback).rawValue, StaffCLI.format($0.createdAt)]
                }
                print(StaffCLI.table(header: ["EMAIL", "NAME", "ROLE", "LANGUAGE", "CREATED"], rows: rows), terminator: "")
            }
        }
    }
}

extension StaffRole: ExpressibleByArgument {}

// MARK: - Shared by `user` and `token`

/// A one-line failure message for the operator.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// What `user` and `token` share: the CLI's identity in the audit log and plain messages.
enum StaffCLI {
    static let actor = Actor.system("cli")

    /// Runs a staff operation, turning its errors into sentences an operator understands.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PublishingError {
            switch error {
            case .validation(let errors):
                let swedish = prefersSwedish(ProcessInfo.processInfo.environment)
                throw CLIError(errors.map { sentence($0, swedish: swedish) }.joined(separator: "; "))
            case .notFound(let what): throw CLIError("\(what) does not exist")
            case .conflict(let why): throw CLIError(why)
            case .forbidden: throw CLIError("not allowed")
            case .unavailable(let why), .unexpected(let why): throw CLIError(why)
            }
        }
    }

    /// `--language`: one of the site's languages (emails are only written in those).
    static func siteLanguage(_ raw: String, in settings: SiteSettings) throws -> LanguageCode {
        guard let language = LanguageCode(raw), settings.languages.contains(language) else {
            let listed = settings.languages.map(\.rawValue).joined(separator: ", ")
            throw CLIError("--language \(raw) is not one of the site's languages (\(listed))")
        }
        return language
    }

    /// Swedish when the operator's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first one set) is Swedish.
    static func prefersSwedish(_ environment: [String: String]) -> Bool {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        return locale?.lowercased().hasPrefix("sv") ?? false
    }

    static func sentence(_ error: FieldError, swedish: Bool = false) -> String {
        let limit = error.limit ?? 0
        let (sv, en): (String, String) = switch (error.field, error.code) {
        case ("email", .duplicate): ("det finns redan ett konto med den e-postadressen", "a staff account with this email already exists")
        case ("email", .required): ("en e-postadress behövs", "an email address is required")
        case ("email", _): ("e-postadressen är ogiltig", "the email address is not valid")
        case ("password", .tooShort):
            ("lösenordet är för svagt: använd minst \(limit) tecken", "the password is too weak: use at least \(limit) characters")
        case ("password", .tooLong): ("lösenordet är för långt (högst \(limit) tecken)", "the password is too long (at most \(limit) characters)")
        case ("password", .required):
            ("ett lösenord behövs (ge det på standard in)", "a password is required (give it on standard input)")
        case ("password", .tooSimple):
            ("lösenordet är för enkelt: det består bara av ett och samma tecken eller av blanksteg",
             "the password is too simple: it is one character repeated, or only whitespace")
        case ("password", .tooCommon):
            ("lösenordet är för vanligt: det finns på listan över vanliga lösenord, välj ett annat",
             "the password is too common: it is on the list of common passwords, choose another")
        case ("password", _): ("lösenordet innehåller styrtecken", "the password contains control characters")
        case (let field, .required): ("\(field) behövs", "\(field) is required")
        case (let field, .tooLong): ("\(field) är för långt (högst \(limit) tecken)", "\(field) is too long (at most \(limit) characters)")
        case (let field, .invalid): ("\(field) är ogiltigt eller innehåller otillåtna tecken", "\(field) is invalid or has characters not allowed")
        case (let field, let code):
            ("\(field): \(code.rawValue)", "\(field) is \(code.rawValue.replacingOccurrences(of: "_", with: " "))")
        }
        return swedish ? sv : en
    }

    static func requireUser(email: String, in store: StatusStore) throws -> StaffUser {
        guard let user = try store.user(email: email) else { throw CLIError("no staff account with email \(email)") }
        return user
    }

    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: false).timeSeparator(.colon))
    }

    /// Left-aligned columns separated by two spaces.
    static func table(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

/// Reads a password: without echo from a terminal (asking twice when `confirm`), otherwise
/// one line from standard input. Never from an argument, where `ps` and shell history would see it.
func readPassword(confirm: Bool) throws -> String {
    if isatty(STDIN_FILENO) == 1 {
        guard let first = getpass("Password: ").map({ String(cString: $0) }) else { throw CLIError("no password entered") }
        if confirm {
            guard let second = getpass("Repeat password: ").map({ String(cString: $0) }), second == first else {
                throw CLIError("the passwords did not match")
            }
        }
        return first
    }
    guard let line = readLine(strippingNewline: true) else {
        throw CLIError("no password on standard input (pipe one line, e.g. printf '%s\\n' \"$PW\" | driftstatus user add ...)")
    }
    return line.hasSuffix("\r") ? String(line.dropLast()) : line
}
