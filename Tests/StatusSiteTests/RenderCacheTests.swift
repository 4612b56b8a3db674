import Foundation
import StatusModel
@testable import StatusSite
import StatusStore
import Testing
import TestSupport

/// The render cache never shows a stale page after a publish, and time-driven changes
/// (a maintenance window starting and ending) appear on their own.
@Suite struct RenderCacheTests {
    @Test func aWriteIsVisibleOnTheNextRequest() throws {
        let site = try PublicSiteTests.seeded()
        let paths = ["/sv/", "/en/", "/en/history", "/api/v2/summary.json?lang=en", "/api/v2/incidents.json?lang=sv"]
        let before = try paths.map { try site.get($0).header("ETag") }
        _ = try site.store.createIncident(title: .both("Inloggningen ligger nere", "Login is down"), impact: .critical,
                                          status: .investigating, body: .both("Vi undersöker.", "We are investigating."),
                                          componentChanges: [], at: testNow.addingTimeInterval(-60), by: .system("test"))
        site.application.dataChanged()
        let after = try paths.map { try site.get($0) }
        for (index, response) in after.enumerated() {
            #expect(response.header("ETag") != before[index], "\(paths[index])")
        }
        #expect(after[0].text.contains("Inloggningen ligger nere"))
        #expect(after[1].text.contains("Login is down"))
        #expect(after[3].text.contains("Login is down"))
    }

    @Test func anotherProcessesWriteIsNoticedWithinAboutASecond() throws {
        let site = try PublicSiteTests.seeded()
        let watcher = site.application.watchExternalWrites()
        defer { withExtendedLifetime(watcher) {} }
        #expect(!(try site.get("/en/").text.contains("Invoicing is slow")))
        _ = try site.store.createIncident(title: .both("Faktureringen är långsam", "Invoicing is slow"), impact: .minor,
                                          status: .investigating, body: .both("Vi undersöker.", "We are investigating."),
                                          componentChanges: [], at: testNow.addingTimeInterval(-60), by: .system("test"))
        var seen = false
        for _ in 0..<40 where !seen {
            Thread.sleep(forTimeInterval: 0.1)
            seen = try site.get("/en/").text.contains("Invoicing is slow")
        }
        #expect(seen)
    }

    @Test func maintenanceStartsAndCompletesOnItsOwn() throws {
        let start = testNow.addingTimeInterval(600), end = testNow.addingTimeInterval(4200)
        let site = try TestSite(now: testNow) { store in
            let login = try store.createComponent(slug: "login", groupID: nil, name: .both("Inloggning", "Login"), description: LocalizedText(),
                                                  position: nil, status: .operational, isHidden: false,
                                                  createdAt: testNow.addingTimeInterval(-86400 * 10), by: .system("test"))
            _ = try store.createMaintenance(title: .both("Serverbyte", "Server swap"), body: .both("Otillgänglig.", "Unavailable."),
                                            startsAt: start, endsAt: end, componentIDs: [login.id], createdAt: testNow, by: .system("test"))
        }
        func banner() throws -> String {
            let summary = try JSONSerialization.jsonObject(with: Data(site.get("/api/v2/status.json").body)) as? [String: Any]
            return (summary?["status"] as? [String: Any])?["indicator"] as? String ?? "?"
        }
        // Time passing makes a copy stale like a change does: its first reader still gets it and
        // starts the one background render of the new version.
        func moveClock(to date: Date) throws {
            site.clock.set(date)
            for path in ["/api/v2/status.json", "/en/"] { _ = try site.get(path) }
            site.application.waitForBackgroundRenders()
        }
        #expect(try banner() == "none")
        let before = try site.get("/en/").header("ETag")
        try moveClock(to: start.addingTimeInterval(1))
        #expect(try banner() == "maintenance")
        #expect(try site.get("/en/").header("ETag") != before)
        try moveClock(to: end.addingTimeInterval(1))
        #expect(try banner() == "none")
    }
}

@Suite struct RenderCacheStaleTests {
    @Test func aPageThatNoLongerExistsIsNotServedFromAStaleCopy() throws {
        let site = try PublicSiteTests.seeded()
        #expect(try site.get("/en/components/login/feed.atom").status == 200)
        // A failing render of an existing page keeps the last good copy; a page that is gone must not.
        let login = try #require(try site.store.components().first { $0.slug == "login" })
        try site.store.setComponentHidden(id: login.id, isHidden: true, at: testNow, by: .system("test"))
        site.application.dataChanged()
        #expect(try site.get("/en/components/login/feed.atom").status == 404)
    }
}
