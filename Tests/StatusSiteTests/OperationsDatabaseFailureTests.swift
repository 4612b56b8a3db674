import Foundation
import SiteSettings
import StatusModel
@testable import StatusSite
@testable import StatusStore
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// When the database becomes unusable while serving, public pages, feeds and JSON keep
/// answering from their last good render, /healthz says degraded, writes fail with
/// `PublishingError.unavailable` (503), and everything recovers without a restart.
@Suite(.serialized) struct OperationsDatabaseFailureTests {
    static let publicPaths = ["/sv/", "/en/", "/sv/history", "/en/feed.atom", "/sv/feed.rss", "/api/v2/summary.json?lang=en",
                              "/api/v2/incidents.json?lang=sv", "/en/incidents/1"]
    let editor = Actor(kind: .user, id: 1, name: "Eva", role: .editor)

    func draft(_ body: String = "Vi undersöker.") -> IncidentDraft {
        IncidentDraft(title: .both("Störning", "Disruption"), body: .both(body, "We are investigating."), impact: .minor)
    }

    /// Warm cache, then every cached entry made stale by a minute passing. (A write would render
    /// them again at once while serving; stale by time, they are rendered by their next reader.)
    func prepare(_ ops: OperationsTestSite) throws {
        ops.application.warmUp()
        #expect(try ops.get("/en/incidents/1").status == 200)
        ops.site.clock.set(ops.site.clock.now.addingTimeInterval(PublicSite.maximumPageAge + 1))
    }

    func expectPublicPagesServed(_ ops: OperationsTestSite, _ comment: Comment) throws {
        for path in Self.publicPaths {
            #expect(try ops.get(path).status == 200, "\(path): \(comment)")
        }
    }

    func publishing(_ ops: OperationsTestSite) -> Publishing {
        Publishing(store: ops.store, settings: .defaults, onChange: { [application = ops.application] _ in application.dataChanged() })
    }

    @Test func fileRenamedAwayAndBack() throws {
        let ops = try OperationsTestSite()
        try prepare(ops)
        let path = ops.store.path
        #expect(rename(path, path + ".moved") == 0)

        try expectPublicPagesServed(ops, "renamed away")
        let health = try ops.get("/healthz")
        #expect(health.status == 503)
        #expect(health.text.contains("\"status\":\"degraded\",\"database\":\"unavailable\",\"detail\":"))
        #expect(health.text.contains("missing") && !health.text.contains(path))
        #expect(try ops.get("/healthz?live").status == 200)
        // The stale pages' background renders have failed by now.
        ops.application.waitForBackgroundRenders()
        #expect(throws: PublishingError.self) { try publishing(ops).createIncident(draft(), by: editor, at: testNow) }
        do {
            _ = try publishing(ops).createIncident(draft(), by: editor, at: testNow)
        } catch let error as PublishingError {
            guard case .unavailable(let why) = error else { Issue.record("expected unavailable, got \(error)"); return }
            #expect(why.contains("missing"))
        }
        let metrics = try ops.get("/metrics").text
        #expect(metrics.contains("driftstatus_database_up 0.0"))
        #expect(!metrics.contains("driftstatus_render_cache_stale_served_total 0\n"))
        #expect(!metrics.contains("driftstatus_database_errors_total 0\n"))

        #expect(rename(path + ".moved", path) == 0)
        #expect(try ops.get("/healthz").status == 200)
        let incident = try publishing(ops).createIncident(draft(), by: editor, at: testNow)
        #expect(try ops.get("/en/incidents/\(incident.id)").status == 200)
        #expect(try ops.get("/sv/").text.contains("Störning"))
    }

    @Test func fileRemovedThenPutBackFromABackup() throws {
        let ops = try OperationsTestSite()
        try prepare(ops)
        let path = ops.store.path
        let backup = path + ".backup"
        try ops.store.backup(to: backup)
        #expect(unlink(path) == 0)

        try expectPublicPagesServed(ops, "removed")
        #expect(try ops.get("/healthz").status == 503)
        #expect(throws: PublishingError.self) { try publishing(ops).createIncident(draft(), by: editor, at: testNow) }

        // A different file (new inode) at the path: the store closes the old pool and opens it.
        try FileManager.default.copyItem(atPath: backup, toPath: path)
        #expect(try ops.get("/healthz").status == 200)
        let incident = try publishing(ops).createIncident(draft("Åter i drift"), by: editor, at: testNow)
        #expect(try ops.get("/sv/incidents/\(incident.id)").text.contains("Åter i drift"))
        #expect(try ops.store.rawStrings("PRAGMA integrity_check") == ["ok"])
    }

    @Test func writeLockHeldLongerThanTheBusyTimeout() throws {
        let ops = try OperationsTestSite()
        try prepare(ops)
        let other = try StatusStore.open(path: ops.store.path, migrationsDirectory: TestSite.repositoryRoot.appendingPathComponent("migrations"))
        defer { try? other.close() }
        let holder = Thread { try? other.holdWriteLock(seconds: 6.5) }
        holder.start()
        Thread.sleep(forTimeInterval: 0.3)

        try expectPublicPagesServed(ops, "locked")
        let started = Date()
        #expect(throws: PublishingError.self) { try publishing(ops).createIncident(draft(), by: editor, at: testNow) }
        #expect(Date().timeIntervalSince(started) >= 4.5)
        let health = try ops.get("/healthz")
        #expect(health.status == 503)
        #expect(health.text.contains("writes are failing"))

        while !holder.isFinished { Thread.sleep(forTimeInterval: 0.1) }
        _ = try publishing(ops).createIncident(draft(), by: editor, at: testNow)
        #expect(try ops.get("/healthz").status == 200)
    }

    @Test func diskFull() throws {
        let ops = try OperationsTestSite()
        try prepare(ops)
        try ops.store.simulateFullDisk(true)
        var failure: PublishingError?
        for _ in 0..<30 where failure == nil {
            do {
                _ = try publishing(ops).createIncident(draft(String(repeating: "fullt ", count: 1_600)), by: editor, at: testNow)
            } catch let error as PublishingError {
                failure = error
            }
        }
        guard case .unavailable(let why)? = failure else { Issue.record("no write failed: \(String(describing: failure))"); return }
        #expect(why.contains("full"))
        #expect(try ops.get("/healthz").status == 503)
        try expectPublicPagesServed(ops, "disk full")

        try ops.store.simulateFullDisk(false)
        _ = try publishing(ops).createIncident(draft(), by: editor, at: testNow)
        #expect(try ops.get("/healthz").status == 200)
        #expect(try ops.store.rawStrings("PRAGMA integrity_check") == ["ok"])
    }

    /// The warm set is pinned: after a change while the database is gone, every pinned page is
    /// still answered with its last good copy (the change's re-render fails and keeps it).
    @Test func aChangeWhileTheDatabaseIsGoneKeepsTheLastGoodPinnedPages() throws {
        let ops = try OperationsTestSite()
        #expect(ops.application.warmUp() > 0)
        let pinned = try ops.application.warmPages(now: ops.site.clock.now).map(\.key)
        #expect(pinned.contains("/en/incidents/1") && pinned.contains("/sv/feed.atom"))
        let before = try Self.publicPaths.map { try ops.get($0).header("ETag") }
        let path = ops.store.path
        #expect(rename(path, path + ".moved") == 0)
        defer { _ = rename(path + ".moved", path) }

        ops.application.dataChanged()
        for (index, path) in Self.publicPaths.enumerated() {
            let response = try ops.get(path)
            #expect(response.status == 200, "\(path)")
            #expect(response.header("ETag") == before[index], "\(path)")
        }
        let lost = pinned.filter { !ops.application.cache.isPinned($0) || !ops.application.cache.contains($0) }
        #expect(lost.isEmpty, "\(lost)")
        #expect(ops.application.cache.statistics.staleServed > 0)
    }

    /// Root ignores file permissions, so this can only be shown when the tests run as another user.
    @Test(.disabled(if: getuid() == 0, "running as root: chmod 000 does not stop root"))
    func fileMadeUnreadable() throws {
        let ops = try OperationsTestSite()
        try prepare(ops)
        let path = ops.store.path
        #expect(chmod(path, 0) == 0)
        try expectPublicPagesServed(ops, "unreadable")
        #expect(try ops.get("/healthz").status == 503)
        #expect(throws: PublishingError.self) { try publishing(ops).createIncident(draft(), by: editor, at: testNow) }
        #expect(chmod(path, 0o644) == 0)
        #expect(try ops.get("/healthz").status == 200)
        _ = try publishing(ops).createIncident(draft(), by: editor, at: testNow)
    }
}
