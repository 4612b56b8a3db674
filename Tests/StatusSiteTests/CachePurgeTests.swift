import Foundation
import HTTPServer
import SiteSettings
import StatusModel
@testable import StatusSite
import StatusStore
import Testing
import TestSupport

/// A cache stand-in for the purge sender's HTTP side: records every request. (The real Varnish
/// with the project's VCL is driven by Tests/RealClients/check_varnish.py.)
private final class PurgeReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [(method: String, softPurge: String?)] = []
    private var refetch: (@Sendable () -> Void)?
    private(set) var server: Server!

    init(port: Int = 0) throws {
        server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: port, threadCount: 1)) { [unowned self] request in
            // Like Varnish after a soft purge: the next reader's request goes to the origin.
            if request.method == "PURGE", let refetch = lock.withLock({ refetch }) { refetch() }
            lock.withLock { seen.append((request.method, request.headers["xkey-softpurge"])) }
            return .text("Purged 1 objects\n")
        }
        try server.start()
    }

    var purges: [String] { lock.withLock { seen.filter { $0.method == "PURGE" }.compactMap(\.softPurge) } }

    /// Runs `refetch` on every PURGE before answering it.
    func onPurge(_ refetch: @escaping @Sendable () -> Void) { lock.withLock { self.refetch = refetch } }
}

/// What a cache in front fetched from the origin right after a purge.
private final class Refetched: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [String] = []
    func append(_ text: String) { lock.withLock { texts.append(text) } }
    var all: [String] { lock.withLock { texts } }
}

private func waitFor(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

@Suite("Cache tier: xkey tags on public responses, PURGE after changes from a durable queue")
struct CachePurgeTests {
    let editor = Actor(kind: .user, id: 1, name: "Eva", role: .editor)

    static func site(purgeURLs: [String]) throws -> TestSite {
        var settings = SiteSettings.defaults
        settings.purgeURLs = purgeURLs
        return try TestSite(now: testNow, settings: settings) { store in
            _ = try store.createComponent(slug: "bank-sync", name: .both("Banksynk", "Bank sync"),
                                          createdAt: testNow.addingTimeInterval(-86400), by: .system("test"))
        }
    }

    func publish(on site: TestSite) throws -> Incident {
        try site.application.publishing.createIncident(
            IncidentDraft(title: .both("Nere", "Down"), body: .both("Vi undersöker.", "Investigating."), impact: .major),
            by: editor, at: testNow)
    }

    @Test("Every cached public response names the tags it depends on")
    func tagsOnResponses() throws {
        let site = try Self.site(purgeURLs: [])
        let incident = try publish(on: site)
        let maintenance = try site.application.publishing.createMaintenance(
            MaintenanceDraft(title: .both("Underhåll", "Maintenance"), startsAt: testNow.addingTimeInterval(86400),
                             endsAt: testNow.addingTimeInterval(90000)), by: editor, at: testNow)
        let expected = [
            "/en/": "site home", "/sv/history": "site history", "/en/incidents/\(incident.id)": "site incident-\(incident.id)",
            "/sv/maintenance/\(maintenance.id)": "site maintenance-\(maintenance.id)", "/sv/feed.rss": "site feeds feed-sv",
            "/en/feed.atom": "site feeds feed-en", "/en/components/bank-sync/feed.atom": "site feeds component-bank-sync",
            "/api/v2/summary.json": "site json",
        ]
        for (path, tags) in expected {
            let response = try site.get(path, headers: [("Accept-Encoding", "gzip")])
            #expect(response.status == 200, "\(path)")
            #expect(response.header("xkey") == tags, "\(path)")
        }
        // What a publish purges covers every page that shows the incident.
        #expect(CacheTags.Change.incident(incident.id).tags == ["home", "history", "feeds", "json", "incident-\(incident.id)"])
        // Staff pages and errors are never cached, so they carry no tags.
        #expect(try site.get("/admin/login").header("xkey") == nil)
        #expect(try site.get("/en/incidents/999").header("xkey") == nil)
    }

    @Test("A publish reaches the cache as one PURGE with xkey-softpurge and the changed tags")
    func purgeAfterPublish() throws {
        let receiver = try PurgeReceiver()
        defer { receiver.server.stop() }
        let site = try Self.site(purgeURLs: ["http://127.0.0.1:\(receiver.server.port)/"])
        let sender = try #require(try site.application.startPurgeSender())
        defer { sender.stop() }
        // A cached home page, and a cache in front that refetches it when purged: the purge goes out
        // only after the page was rendered again, so the refetch gets the new page, not the stale one.
        #expect(!(try site.get("/en/").text.contains("Down")))
        let refetched = Refetched()
        receiver.onPurge { if let text = try? site.get("/en/").text { refetched.append(text) } }
        let incident = try publish(on: site)
        #expect(waitFor(5) { receiver.purges.contains("home history feeds json incident-\(incident.id)") }, "\(receiver.purges)")
        #expect(refetched.all.first?.contains("Down") == true)
        #expect(try waitFor(5) { try site.store.pendingPurgeCount() == 0 })
        // A component change may show on any page.
        _ = try site.application.publishing.createComponent(ComponentDraft(slug: "login", name: .both("Inloggning", "Login")),
                                                            by: Actor(kind: .user, id: 2, name: "Adam", role: .admin), at: testNow)
        #expect(waitFor(5) { receiver.purges.last == "site" }, "\(receiver.purges)")
    }

    @Test("A cache that is down gets the purge when it returns, also after a restart of the sender")
    func durableQueue() throws {
        // A port nobody listens on for now.
        let probe = try PurgeReceiver()
        let port = probe.server.port
        probe.server.stop()
        let settingsURL = "http://127.0.0.1:\(port)"
        let site = try Self.site(purgeURLs: [settingsURL])
        let firstSender = try #require(try site.application.startPurgeSender())
        let incident = try publish(on: site)
        #expect(try waitFor(5) { try site.store.duePurges(at: Date().addingTimeInterval(60)).first?.attempts ?? 0 >= 1 })
        firstSender.stop()
        #expect(try site.store.pendingPurgeCount() == 1)
        #expect(try site.get("/metrics").text.contains("driftstatus_cache_purges_pending 1.0"))

        // The process restarts (a new application on the same database) and the cache comes back.
        let receiver = try PurgeReceiver(port: port)
        defer { receiver.server.stop() }
        var settings = SiteSettings.defaults
        settings.purgeURLs = [settingsURL]
        let restarted = try SiteApplication(settings: settings, store: site.store, siteDirectory: TestSite.repositoryRoot)
        let secondSender = try #require(try restarted.startPurgeSender())
        defer { secondSender.stop() }
        #expect(waitFor(15) { receiver.purges.contains("home history feeds json incident-\(incident.id)") }, "\(receiver.purges)")
        #expect(try waitFor(5) { try site.store.pendingPurgeCount() == 0 })
    }

    @Test("Purges queue only where caches are configured; several changes to one cache go out as one request")
    func queueing() throws {
        let none = try Self.site(purgeURLs: [])
        #expect(try none.application.startPurgeSender() == nil)
        _ = try publish(on: none)
        #expect(try none.store.pendingPurgeCount() == 0)

        let store = none.store
        try store.enqueuePurge(tags: ["home", "incident-1"], caches: ["http://a:6081", "http://b:6081"], at: testNow)
        try store.enqueuePurge(tags: ["home", "maintenance-2"], caches: ["http://a:6081"], at: testNow)
        let due = try store.duePurges(at: testNow)
        #expect(due.map(\.cacheURL) == ["http://a:6081", "http://b:6081"])
        #expect(due.first?.tags == ["home", "incident-1", "maintenance-2"])
        try store.purgesFailed(due[0].rowIDs, error: "refused", retryAt: testNow.addingTimeInterval(4))
        #expect(try store.duePurges(at: testNow.addingTimeInterval(1)).map(\.cacheURL) == ["http://b:6081"])
        #expect(try store.duePurges(at: testNow.addingTimeInterval(5)).first?.attempts == 1)
        try store.purgesDelivered(due.flatMap(\.rowIDs))
        #expect(try store.pendingPurgeCount() == 0)
    }
}
