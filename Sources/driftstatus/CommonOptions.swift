import ArgumentParser
import Foundation
import Logging
import SiteSettings
import StatusSite
import StatusStore

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file (created if missing).")
    var db: String = "./data/driftstatus.sqlite"

    @Option(name: .long, help: "Directory holding templates/ and public/ (default: found next to the program).")
    var site: String?

    @Option(name: .long, help: "Site configuration file (default: ./driftstatus.toml if present).")
    var config: String?

    func siteDirectory() throws -> URL {
        try SiteDirectory.locate(explicit: site)
    }

    func settings() throws -> SiteSettings {
        let file = URL(fileURLWithPath: config ?? "driftstatus.toml")
        return try SettingsLoader.load(file: file, explicit: config != nil, environment: ProcessInfo.processInfo.environment)
    }

    /// The schema comes from the migrations compiled into this binary, never from `--site`.
    func openStore() throws -> StatusStore {
        try StatusStore.open(path: db)
    }

    /// Accounts and tokens, with the list of common passwords that new passwords are checked against.
    func staffAuth(store: StatusStore) throws -> StaffAuth {
        StaffAuth(store: store, commonPasswords: try SiteDirectory.commonPasswords(site: try siteDirectory()))
    }
}

/// A failure the operator can act on: printed as one line, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ error: Error) { description = "driftstatus: \(error)" }
}

/// Runs `body`, turning any error into one clear line on standard error and a non-zero exit.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let priority = JournalStream.isStandardError(environment: ProcessInfo.processInfo.environment) ? JournalStream.priorityPrefix(.error) : ""
        FileHandle.standardError.write(Data("\(priority)driftstatus: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
