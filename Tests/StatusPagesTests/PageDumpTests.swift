import Foundation
import StatusModel
import Testing
@testable import StatusPages

/// Writes rendered pages and public/ to $STATUS_PAGES_DUMP for the HTML checker and browser
/// screenshots (`STATUS_PAGES_DUMP=/tmp/pages swift test --filter PageDump`). Does nothing otherwise.
@Suite struct PageDumpTests {
    @Test func dumpPages() throws {
        guard let path = ProcessInfo.processInfo.environment["STATUS_PAGES_DUMP"], !path.isEmpty else { return }
        let root = URL(fileURLWithPath: path)
        let renderer = try Fixtures.renderer()
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: root)
        try fileManager.createDirectory(at: root, withIntermediateDirectories: true)
        try fileManager.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("public"), to: root.appendingPathComponent("assets"))
        let window = Maintenance(id: 9, title: Fixtures.text("Uppgradering av bokslutsmodulen", "Year-end module upgrade"),
                                 body: Fixtures.text("Bokslut kan inte skapas under tiden.", "Year-end closing is unavailable meanwhile."),
                                 startsAt: Fixtures.date("2026-11-23T10:00:00Z"), endsAt: Fixtures.date("2026-11-23T12:00:00Z"),
                                 componentIDs: [5], createdAt: Fixtures.created)
        var components = Fixtures.components
        components[0].name = LocalizedText([.swedish: "Inloggning"])
        let snapshot = Fixtures.snapshot(components: components, maintenances: [Fixtures.upcoming, window, Fixtures.septemberWindow])
        for language in [LanguageCode.swedish, .english] {
            func write(_ html: String, _ name: String) throws {
                // Root-relative asset URLs become relative so the files open straight from disk.
                let local = html.replacingOccurrences(of: "\"/assets/", with: "\"assets/")
                try local.write(to: root.appendingPathComponent("\(language)-\(name).html"), atomically: true, encoding: .utf8)
            }
            try write(try renderer.home(snapshot, context: Fixtures.context(language)), "home")
            try write(try renderer.home(Fixtures.snapshot(incidents: [], maintenances: []), context: Fixtures.context(language)), "home-calm")
            try write(try renderer.incident(Fixtures.activeIncident, components: components, context: Fixtures.context(language, path: "/incidents/12")), "incident")
            try write(try renderer.maintenance(Fixtures.septemberWindow, components: components, context: Fixtures.context(language, path: "/maintenance/3")), "maintenance")
            try write(try renderer.history(month: YearMonth(year: 2026, month: 11), incidents: [Fixtures.activeIncident, Fixtures.resolvedIncident],
                                           maintenances: [Fixtures.upcoming], components: components, newer: nil, older: YearMonth(year: 2026, month: 10),
                                           context: Fixtures.context(language, path: "/history/2026-11")), "history")
            try write(try renderer.error(status: 404, context: Fixtures.context(language)), "error-404")
        }
    }
}
