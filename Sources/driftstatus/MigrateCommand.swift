import ArgumentParser

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the database schema.")

    @OptionGroup var options: DatabaseOptions

    func run() throws {
        try reportingFailures {
            let store = try options.openStore()
            try store.close()
            print("database \(options.db) is up to date")
        }
    }
}
