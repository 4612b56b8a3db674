import Foundation
import StatusModel
import StatusPages
@testable import StatusSite
import Testing

/// `MirrorChanges`: after a change the mirror renders the pages that show it, the present
/// (home, feeds, JSON, assets) and a bounded sweep of old pages, not the whole history.
@Suite struct MirrorChangesTests {
    /// A site with `count` resolved past incidents, one every other day, besides the seed.
    static func history(_ count: Int) throws -> TestSite {
        let site = try PublicSiteTests.seeded()
        for index in 0..<count {
            let started = testNow.addingTimeInterval(-Double(10 + 2 * index) * 86_400)
            _ = try site.store.createIncident(title: .both("Störning \(index)", "Disruption \(index)"), impact: .minor, status: .resolved,
                                              body: .both("Löst.", "Resolved."), componentChanges: [], at: started, by: .system("test"))
        }
        return site
    }

    /// A static-export application over `site`'s store and its exporter (what `serve --mirror` builds).
    static func exporter(_ site: TestSite) throws -> (SiteApplication, StaticExporter) {
        let application = try SiteApplication(settings: site.application.settings, store: site.store,
                                              siteDirectory: TestSite.repositoryRoot, isStaticExport: true, clock: { testNow })
        return (application, StaticExporter(application: application))
    }

    @Test func aChangeToOneIncidentRendersItsPagesAndThePresentNotTheHistory() throws {
        let site = try Self.history(150)
        let (application, exporter) = try Self.exporter(site)
        var changes = MirrorChanges()
        let paths = try exporter.sitePaths()
        let first = changes.pagesToRender(paths, inputs: try exporter.changeInputs(), calendar: application.calendar)
        #expect(first.count == paths.count, "the first export renders everything")
        changes.exported(paths, inputs: try exporter.changeInputs())
        let current = paths.filter { if case .current = $0.kind { true } else if case .fallback = $0.kind { true } else { false } }

        // Nothing changed: the present and the sweep only.
        let quiet = changes.pagesToRender(paths, inputs: try exporter.changeInputs(), calendar: application.calendar)
        #expect(quiet.count == current.count + MirrorChanges.sweepPerExport)
        changes.exported(paths, inputs: try exporter.changeInputs())

        // One old incident's title edited: its permalinks and its month in each language, the present, the sweep.
        let target = try #require(try site.store.incidentIDs().min())
        let incident = try #require(try site.store.incident(id: target))
        _ = try site.application.publishing.updateIncident(id: target, title: .both("Ändrad rubrik", "Edited title"), impact: incident.impact,
                                                            by: .system("test"), at: testNow)
        application.dataChanged()
        let after = try exporter.sitePaths()
        let chosen = changes.pagesToRender(after, inputs: try exporter.changeInputs(), calendar: application.calendar)
        let month = YearMonth(incident.startedAt, calendar: application.calendar)
        for language in application.settings.languages {
            #expect(chosen.contains { $0.path == Route.incident(language, target).path })
            #expect(chosen.contains { $0.path == Route.history(language, month).path })
        }
        // Nothing else: the count does not grow with the history (the sweep is a fixed 100).
        #expect(chosen.count == current.count + 2 * 2 + MirrorChanges.sweepPerExport, "\(chosen.count) of \(after.count) pages rendered")
    }

    @Test func aRenamedComponentRendersEverything() throws {
        let site = try Self.history(20)
        let (application, exporter) = try Self.exporter(site)
        var changes = MirrorChanges()
        let paths = try exporter.sitePaths()
        changes.exported(paths, inputs: try exporter.changeInputs())
        let login = try #require(try site.store.components().first { $0.slug == "login" })
        try site.store.updateComponent(id: login.id, slug: login.slug, groupID: login.groupID, name: .both("Inloggning och konto", "Sign-in and account"),
                                       description: login.description, isHidden: login.isHidden, at: testNow, by: .system("test"))
        application.dataChanged()
        let chosen = changes.pagesToRender(try exporter.sitePaths(), inputs: try exporter.changeInputs(), calendar: application.calendar)
        #expect(chosen.count == paths.count, "a name every page may show changed")
    }
}
