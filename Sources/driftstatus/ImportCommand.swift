import ArgumentParser
import Foundation
import StatusModel
import StatusStore
import StatuspageImport

/// `driftstatus import ...`: bring another status page's history into this one.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import components, incidents and maintenance from another status page.",
        subcommands: [Statuspage.self]
    )

    struct Statuspage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "statuspage",
            abstract: "Import a Statuspage page's public v2 JSON (components, incidents, scheduled maintenances).",
            discussion: "Running it again updates what an earlier run imported. See docs/import.md."
        )

        @OptionGroup var options: DatabaseOptions
        @Option(name: .long, help: "The page's API base (https://acme.statuspage.io/api/v2) or a directory of saved files.")
        var from: String
        @Option(name: .long, help: "The language the imported texts are in (default: the site's first language).")
        var language: String?
        @Flag(name: .long, help: "Check everything and print what would change; write nothing.")
        var dryRun = false

        func run() throws {
            try reportingFailures {
                let settings = try options.settings()
                let language = try chosenLanguage(settings.languages)
                let export = try StatuspageSource(from).read()
                let now = Date()
                let batch = try StatuspageImportDecoder(now: now).decode(export)
                let store = try options.openStore()
                defer { try? store.close() }
                let report = try store.importBatch(batch, source: "statuspage", language: language, at: now,
                                                   by: .system("import"), dryRun: dryRun)
                print(ImportSummary(report: report, batch: batch, source: from, language: language, dryRun: dryRun).text)
            }
        }

        private func chosenLanguage(_ languages: [LanguageCode]) throws -> LanguageCode {
            guard let raw = language else {
                guard let first = languages.first else { throw ValidationError("the site lists no languages") }
                return first
            }
            guard let code = LanguageCode(raw), languages.contains(code) else {
                let listed = languages.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--language \(raw): the site publishes in \(listed)")
            }
            return code
        }
    }
}

/// What the import printed: counts per kind, and in a dry run the names it would create or update.
struct ImportSummary {
    let report: ImportReport
    let batch: ImportBatch
    let source: String
    let language: LanguageCode
    let dryRun: Bool

    var text: String {
        var lines = [dryRun ? "dry run, nothing written: importing \(source) (page \(batch.pageID), texts in \(language)) would give"
                            : "imported \(source) (page \(batch.pageID), texts in \(language)):"]
        for kind in ImportReport.Kind.allCases {
            let created = report.created[kind] ?? [], updated = report.updated[kind] ?? []
            lines.append("  \(kind.plural): \(created.count) created, \(updated.count) updated, \(report.unchanged[kind] ?? 0) unchanged")
            guard dryRun, kind != .incidentUpdate else { continue }
            lines += created.map { "    create: \(Self.terminalSafe($0))" }
            lines += updated.map { "    update: \(Self.terminalSafe($0))" }
        }
        lines += batch.warnings.map { "  note: \(Self.terminalSafe($0))" }
        return lines.joined(separator: "\n")
    }

    /// Imported names are someone else's text: no control characters reach the terminal.
    static func terminalSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
