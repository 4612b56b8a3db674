import Foundation
import StatusModel
import StatusPages
import StatusStore
import Testing
import TestSupport
@testable import StatusSite

/// The feeds over real HTTP: addresses, headers, the render cache, component filtering,
/// and the store reads behind them.
@Suite struct FeedRouteTests {
    static let hour: TimeInterval = 3600, day: TimeInterval = 86400

    /// Bank sync has an active incident; login had one (Swedish only) three days ago, and has
    /// maintenance ahead; a hidden component exists.
    static func seeded() throws -> TestSite {
        try TestSite(now: testNow) { store in
            let created = testNow.addingTimeInterval(-200 * day)
            let login = try store.createComponent(slug: "login", name: .both("Inloggning", "Login"), createdAt: created, by: .system("test"))
            let bank = try store.createComponent(slug: "bank-sync", name: .both("Banksynkronisering", "Bank synchronisation"), createdAt: created, by: .system("test"))
            _ = try store.createComponent(slug: "internal", name: .both("Intern", "Internal"), isHidden: true, createdAt: created, by: .system("test"))
            _ = try store.createIncident(title: .both("Fördröjd banksynkronisering", "Delayed bank synchronisation"), impact: .major,
                                         status: .investigating, body: .both("Vi undersöker.", "We are investigating."),
                                         componentChanges: [ComponentStatusChange(componentID: bank.id, status: .partialOutage)],
                                         at: testNow.addingTimeInterval(-hour), by: .system("test"))
            let old = try store.createIncident(title: LocalizedText([.swedish: "Långsam inloggning"]), impact: .minor, status: .investigating,
                                               body: LocalizedText([.swedish: "Inloggningen är långsam."]),
                                               componentChanges: [ComponentStatusChange(componentID: login.id, status: .degradedPerformance)],
                                               at: testNow.addingTimeInterval(-3 * day), by: .system("test"))
            _ = try store.addUpdate(incidentID: old.id, status: .resolved, body: .both("Löst.", "Resolved."), componentChanges: [],
                                    at: testNow.addingTimeInterval(-3 * day + 5400), by: .system("test"))
            _ = try store.createMaintenance(title: .both("Byte av servrar", "Server replacement"), body: .both("Otillgänglig.", "Unavailable."),
                                            startsAt: testNow.addingTimeInterval(5 * day), endsAt: testNow.addingTimeInterval(5 * day + 12 * hour),
                                            componentIDs: [login.id], createdAt: testNow.addingTimeInterval(-day), by: .system("test"))
        }
    }

    static let feedPaths = ["/sv/feed.rss", "/sv/feed.atom", "/en/feed.rss", "/en/feed.atom"]

    @Test func addresses() {
        let router = Router(languages: [.swedish, .english])
        #expect(router.route("/sv/feed.rss") == .feed(FeedAddress(language: .swedish, format: .rss)))
        #expect(router.route("/en/feed.atom") == .feed(FeedAddress(language: .english, format: .atom)))
        #expect(router.route("/en/components/bank-sync/feed.atom") == .feed(FeedAddress(language: .english, format: .atom, componentSlug: "bank-sync")))
        #expect(router.route("/sv/feed.atom/") == .redirect("/sv/feed.atom"))
        for path in ["/sv/components/bank-sync/feed.rss", "/sv/components/\(String(repeating: "a", count: 65))/feed.atom", "/sv/components/feed.atom",
                     "/sv/feed.xml", "/sv/components/bank-sync"] {
            #expect(router.route(path) == .notFound(.swedish), "\(path)")
        }
        #expect(router.route("/de/feed.rss") == .notFound(nil))
    }

    @Test func everyLanguageFeedIsServed() throws {
        let site = try Self.seeded()
        for path in Self.feedPaths {
            let response = try site.get(path)
            let language = String(path.dropFirst().prefix(2))
            #expect(response.status == 200, "\(path)")
            #expect(response.header("Content-Type") == (path.hasSuffix(".rss") ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8"))
            #expect(response.header("Cache-Control") == PublicSite.pageCacheControl)
            #expect(response.header("Content-Language") == language)
            #expect(response.header("ETag") != nil && response.header("Last-Modified") != nil)
            #expect(response.text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>"))
            #expect(response.text.contains(language == "sv" ? "Fördröjd banksynkronisering" : "Delayed bank synchronisation"))
            #expect(response.text.contains(language == "sv" ? "Byte av servrar" : "Server replacement"))
            #expect(!response.text.contains("Intern"))
        }
        // A Swedish-only title in the English feed, with the note.
        #expect(try site.get("/en/feed.atom").text.contains("Långsam inloggning (Only available in Swedish)"))
    }

    @Test func conditionalRequestsAndCompression() throws {
        let site = try Self.seeded()
        for path in Self.feedPaths + ["/sv/components/bank-sync/feed.atom"] {
            let first = try site.get(path)
            let etag = try #require(first.header("ETag"))
            let notModified = try site.get(path, headers: [("If-None-Match", etag)])
            #expect(notModified.status == 304, "\(path)")
            #expect(notModified.body.isEmpty)
            #expect(notModified.header("ETag") == etag)
            let since = try site.get(path, headers: [("If-Modified-Since", try #require(first.header("Last-Modified")))])
            #expect(since.status == 304, "\(path)")
            let gzipped = try site.get(path, headers: [("Accept-Encoding", "gzip")])
            #expect(gzipped.header("Content-Encoding") == "gzip")
            #expect(gzipped.body.count < first.body.count)
        }
    }

    @Test func componentFeedsAreFilteredAndHiddenOnesAbsent() throws {
        let site = try Self.seeded()
        let bank = try site.get("/en/components/bank-sync/feed.atom")
        #expect(bank.status == 200)
        #expect(bank.text.contains("Delayed bank synchronisation"))
        #expect(!bank.text.contains("Långsam inloggning"))
        #expect(!bank.text.contains("Server replacement"))
        let login = try site.get("/sv/components/login/feed.atom").text
        #expect(login.contains("Långsam inloggning") && login.contains("Byte av servrar"))
        #expect(!login.contains("Fördröjd banksynkronisering"))
        for path in ["/sv/components/internal/feed.atom", "/en/components/nothing-here/feed.atom", "/en/components/Bank_Sync%3C/feed.atom",
                     "/en/components/bank-sync/feed.rss"] {
            let response = try site.get(path)
            #expect(response.status == 404, "\(path)")
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        }
    }

    @Test func aWriteShowsInTheNextFeed() throws {
        let site = try Self.seeded()
        let before = try site.get("/en/feed.atom")
        #expect(!before.text.contains("Invoices are not sent"))
        _ = try site.store.createIncident(title: .both("Fakturor skickas inte", "Invoices are not sent"), impact: .critical,
                                          status: .investigating, body: .both("Vi undersöker.", "We are investigating."),
                                          componentChanges: [], at: testNow.addingTimeInterval(-60), by: .system("test"))
        // Still the cached feed until the application hears of the write.
        #expect(try site.get("/en/feed.atom").header("ETag") == before.header("ETag"))
        site.application.dataChanged()
        let after = try site.get("/en/feed.atom")
        #expect(after.text.contains("<title>[Investigating] Invoices are not sent</title>"))
        #expect(after.header("ETag") != before.header("ETag"))
        #expect(try site.get("/en/feed.atom", headers: [("If-None-Match", try #require(before.header("ETag")))]).status == 200)
        let entries = after.text.components(separatedBy: "<entry>").dropFirst()
        #expect(entries.first?.contains("Invoices are not sent") == true, "the newest activity comes first")
    }

    @Test func pagesAdvertiseTheFeeds() throws {
        let site = try Self.seeded()
        for path in ["/sv/", "/en/history", "/sv/incidents/1", "/en/no-such-page"] {
            let page = try site.get(path).text
            let language = String(path.dropFirst().prefix(2))
            #expect(page.contains("<link rel=\"alternate\" type=\"application/rss+xml\""), "\(path)")
            #expect(page.contains("href=\"/\(language)/feed.rss\""), "\(path)")
            #expect(page.contains("href=\"/\(language)/feed.atom\""), "\(path)")
        }
    }

    // MARK: - The store reads behind the feeds

    /// An empty site with components "a" and "b", for the store reads.
    static func twoComponents() throws -> (TestSite, Component, Component) {
        let site = try TestSite(now: testNow)
        let created = testNow.addingTimeInterval(-400 * day)
        return (site, try site.store.createComponent(slug: "a", name: .both("A", "A"), createdAt: created, by: .system("test")),
                try site.store.createComponent(slug: "b", name: .both("B", "B"), createdAt: created, by: .system("test")))
    }

    @Test func recentIncidentsFollowTheLatestUpdate() throws {
        let (site, a, b) = try Self.twoComponents()
        let store = site.store
        func incident(_ name: String, daysAgo: Double, component: Component) throws -> Incident {
            try store.createIncident(title: .both(name, name), impact: .minor, status: .investigating, body: LocalizedText(),
                                     componentChanges: [ComponentStatusChange(componentID: component.id, status: .degradedPerformance)],
                                     at: testNow.addingTimeInterval(-daysAgo * Self.day), by: .system("test"))
        }
        let oldest = try incident("oldest", daysAgo: 30, component: a)
        _ = try store.addUpdate(incidentID: oldest.id, status: .resolved, body: LocalizedText(), componentChanges: [], at: testNow.addingTimeInterval(-30 * Self.day + Self.hour), by: .system("test"))
        let middle = try incident("middle", daysAgo: 10, component: b)
        _ = try store.addUpdate(incidentID: middle.id, status: .resolved, body: LocalizedText(), componentChanges: [], at: testNow.addingTimeInterval(-10 * Self.day + Self.hour), by: .system("test"))
        let active = try incident("active", daysAgo: 1, component: a)
        // A post-mortem note, written today, on the oldest: it has the latest activity now.
        _ = try store.addUpdate(incidentID: oldest.id, status: .resolved, body: .both("Analys.", "Post-mortem."), componentChanges: [],
                                at: testNow.addingTimeInterval(-Self.hour), by: .system("test"))

        #expect(try store.recentIncidents(limit: 10).map(\.id) == [oldest.id, active.id, middle.id])
        #expect(try store.recentIncidents(limit: 2).map(\.id) == [oldest.id, active.id])
        #expect(try store.recentIncidents(limit: 10, componentID: a.id).map(\.id) == [oldest.id, active.id])
        #expect(try store.recentIncidents(limit: 10, componentID: b.id).map(\.id) == [middle.id])
        #expect(try store.recentIncidents(limit: 0).isEmpty)
        let loaded = try #require(try store.recentIncidents(limit: 1).first)
        #expect(loaded.updates.count == 3, "\(loaded.updates)")
        #expect(loaded.title[.english] == "oldest")
    }

    @Test func recentMaintenancesByWindowWithSiteWideOnesInEveryComponent() throws {
        let (site, a, b) = try Self.twoComponents()
        let store = site.store
        let created = testNow.addingTimeInterval(-400 * Self.day)
        func window(_ name: String, startsInDays: Double, components: [Component]) throws -> Maintenance {
            try store.createMaintenance(title: .both(name, name), body: LocalizedText(), startsAt: testNow.addingTimeInterval(startsInDays * Self.day),
                                        endsAt: testNow.addingTimeInterval(startsInDays * Self.day + Self.hour), componentIDs: components.map(\.id),
                                        createdAt: created, by: .system("test"))
        }
        let past = try window("past", startsInDays: -20, components: [a])
        let everything = try window("everything", startsInDays: -5, components: [])
        let upcoming = try window("upcoming", startsInDays: 3, components: [b])
        #expect(try store.recentMaintenances(limit: 10).map(\.id) == [upcoming.id, everything.id, past.id])
        #expect(try store.recentMaintenances(limit: 1).map(\.id) == [upcoming.id])
        #expect(try store.recentMaintenances(limit: 10, componentID: a.id).map(\.id) == [everything.id, past.id])
        #expect(try store.recentMaintenances(limit: 10, componentID: b.id).map(\.id) == [upcoming.id, everything.id])
    }
}
