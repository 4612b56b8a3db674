import ArgumentParser
import Foundation
import StatusSite
import StatusStore

/// `driftstatus restore FILE`: checks a backup, keeps the current database aside, puts the backup back.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Check a backup file and make it the database again (the current one is kept aside).",
        discussion: """
            The backup must be an intact Driftstatus database from this or an older version. \
            The current database is first copied to PATH.before-restore-<time>. A running server \
            picks the restored data up within a second; no restart is needed.
            """
    )

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The backup file (made by `driftstatus backup`).")
    var file: String

    func run() throws {
        try reportingFailures {
            let summary = try StatusStore.restore(from: file, to: options.db)
            if let previous = summary.previousCopy {
                print("the previous database was kept as \(previous)")
            }
            print("restored \(file) into \(options.db) (\(summary.migrations) migrations; "
                  + (summary.restoredInPlace ? "running servers see it within a second)" : "start the server to use it)"))
        }
    }
}
