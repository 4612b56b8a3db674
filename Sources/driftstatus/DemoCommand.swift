import ArgumentParser
import Foundation
import StatusApplication

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill an empty database with a realistic bilingual demo data set dated relative to today."
    )

    @OptionGroup var options: DatabaseOptions

    func run() throws {
        try reportingFailures {
            let settings = try options.settings()
            let store = try options.openStore()
            let summary = try DemoData.load(into: store, now: Date(), timeZone: settings.timeZone)
            try store.close()
            print("demo data written to \(options.db): \(summary)")
        }
    }
}
