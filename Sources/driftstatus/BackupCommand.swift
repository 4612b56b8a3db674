import ArgumentParser
import Foundation
import StatusSite
import StatusStore

/// `driftstatus backup --out FILE`: a consistent copy of the database, safe while a server runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database to a file (safe while the server runs)."
    )

    @OptionGroup var options: DatabaseOptions

    @Option(name: .long, help: "File to write the copy to.")
    var out: String

    @Flag(name: .long, help: "Replace --out if it already exists.")
    var force = false

    func run() throws {
        try reportingFailures {
            // Opening would create an empty database; a backup of nothing is a mistake worth reporting.
            guard FileManager.default.fileExists(atPath: options.db) else {
                throw CLIError("no database at \(options.db) (pass --db PATH)")
            }
            let store = try options.openStore()
            defer { try? store.close() }
            try store.backup(to: out, overwrite: force)
            print("backup of \(options.db) written to \(out)")
        }
    }
}
