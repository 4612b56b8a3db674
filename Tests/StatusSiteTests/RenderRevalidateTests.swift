import Dispatch
import Foundation
@testable import StatusSite
import StatusModel
import StatusApplication
import HTTPServer
import TestSupport
import Testing

/// Stale-while-revalidate in the render cache while serving: a reader with any copy is answered
/// at once, one background render per key replaces it, and the warm set is never evicted.
@Suite struct RenderRevalidateTests {
    let now = Date(timeIntervalSince1970: 1_795_611_600)

    func page(_ text: String) -> (CachedResponse, validUntil: Date) {
        (CachedResponse(contentType: "text/plain", body: Array(text.utf8), cacheControl: "no-cache", renderedAt: now),
         now.addingTimeInterval(60))
    }

    /// A cache rendering in the background on a dispatch queue, as `OperationalSite` does on its work pool.
    func servingCache(maximumEntries: Int = 20_000) -> RenderCache {
        let cache = RenderCache(maximumEntries: maximumEntries) { [now] in now }
        cache.renderInBackground { job in
            DispatchQueue.global().async(execute: job)
            return true
        }
        return cache
    }

    @Test func aReaderOfAStalePageIsAnsweredWhileItsRenderIsBlocked() throws {
        let cache = servingCache()
        let old = page("old"), new = page("new")
        _ = try cache.response(for: "/sv/", now: now) { _, _ in old }
        cache.invalidateAll()
        #expect(cache.answersFromMemory("/sv/", now: now))

        let renderStarted = DispatchSemaphore(value: 0), finishRender = DispatchSemaphore(value: 0)
        // Would block until finishRender if the reader waited for the render.
        let first = try cache.response(for: "/sv/", now: now) { _, _ in
            renderStarted.signal()
            finishRender.wait()
            return new
        }
        #expect(first.etag == old.0.etag)
        renderStarted.wait()
        let during = try cache.response(for: "/sv/", now: now) { _, _ in Issue.record("a second render"); return new }
        #expect(during.etag == old.0.etag)
        finishRender.signal()
        cache.waitUntilIdle()
        #expect(try cache.response(for: "/sv/", now: now) { _, _ in page("third") }.etag == new.0.etag)
    }

    @Test func oneRenderPerKeyUnderManyConcurrentReaders() throws {
        let cache = servingCache()
        let renders = Counter()
        let release = DispatchSemaphore(value: 0)
        _ = try cache.response(for: "/en/", now: now) { [self] _, _ in page("old") }
        cache.invalidateAll()
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            let answer = try? cache.response(for: "/en/", now: now) { [self] _, _ in
                renders.increment()
                release.wait()
                return page("new")
            }
            #expect(answer?.etag == page("old").0.etag)
        }
        release.signal()
        cache.waitUntilIdle()
        #expect(renders.value == 1)

        // A key with no copy at all: its readers wait for the one render instead of rendering too.
        let missRenders = Counter()
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            let answer = try? cache.response(for: "/en/history", now: now) { [self] _, _ in
                missRenders.increment()
                Thread.sleep(forTimeInterval: 0.01)
                return page("history")
            }
            #expect(answer?.etag == page("history").0.etag)
        }
        #expect(missRenders.value == 1)
    }

    @Test func pinnedEntriesSurviveEvictionPressure() throws {
        let cache = servingCache(maximumEntries: 10)
        let pinned = Set((0..<15).map { "/sv/incidents/\($0)" })
        cache.pin(pinned)
        for key in pinned.sorted() { _ = try cache.response(for: key, now: now) { [self] _, _ in page(key) } }
        for index in 0..<40 {
            _ = try cache.response(for: "/sv/old/\(index)", now: now) { [self] _, _ in page("old \(index)") }
            // One permalink readers keep coming back to: least recently used goes first, not it.
            _ = try cache.response(for: "/sv/old/0", now: now) { [self] _, _ in page("old 0") }
        }
        #expect(pinned.allSatisfy { cache.contains($0) })
        #expect(cache.count > cache.maximumEntries)
        #expect(cache.contains("/sv/old/0"))
        #expect(cache.contains("/sv/old/39"))
        #expect(!cache.contains("/sv/old/1"))
    }

    @Test func aPageThatIsGoneIsDroppedByItsBackgroundRender() throws {
        let cache = servingCache()
        _ = try cache.response(for: "/en/incidents/7", now: now) { [self] _, _ in page("incident") }
        cache.invalidateAll()
        _ = try cache.response(for: "/en/incidents/7", now: now) { _, _ in throw PageDoesNotExist() }
        cache.waitUntilIdle()
        #expect(!cache.answersFromMemory("/en/incidents/7", now: now))
        #expect(throws: PageDoesNotExist.self) { try cache.response(for: "/en/incidents/7", now: now) { _, _ in throw PageDoesNotExist() } }
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// While serving, a write through this server answers only after the warm-set pages it touched
/// were rendered again (the next reader, answered from memory, sees the new page); the other
/// touched pages are rendered by their next reader or the background pass, never served stale.
@Suite struct PublishThenReadTests {
    @Test func anAPIWriteIsOnTheCachedPagesItsAnswerFollows() throws {
        let api = try APITestSite()
        let paths = ["/en/", "/sv/history", "/en/feed.atom", "/api/v2/summary.json?lang=en", "/badge/status.json"]
        for path in paths { #expect(try api.site.get(path).status == 200) }
        // Twice each, with the same idempotency key: the replay changes nothing and renders nothing.
        for _ in 0..<2 {
            let created = try api.editor("POST", "/api/v1/incidents", json: APITestSite.incidentJSON, headers: [("Idempotency-Key", "k")])
            #expect(created.status == 201)
            #expect(try api.site.get("/en/").text.contains("Bank sync delayed"))
            #expect(try api.site.get("/sv/history").text.contains("Banksynk försenad"))
            #expect(try api.site.get("/en/feed.atom").text.contains("Bank sync delayed"))
            #expect(try api.site.get("/api/v2/summary.json?lang=en").text.contains("Bank sync delayed"))
        }
    }

    @Test func aPublishAnswersAfterTheStalePagesWereRenderedAgain() throws {
        let site = try PublicSiteTests.seeded()
        // The warm set (pinned) is what a write waits for.
        #expect(site.application.warmUp() > 0)
        #expect(site.application.cache.isPinned("/sv/"))
        #expect(!(try site.get("/sv/").text.contains("Betalningar nere")))
        let misses = site.application.cache.statistics.misses
        _ = try site.application.publishing.createIncident(
            IncidentDraft(title: .both("Betalningar nere", "Payments down"), body: .both("Vi undersöker.", "Investigating."), impact: .major),
            by: Actor(kind: .user, id: 1, name: "Eva", role: .editor), at: testNow)
        #expect(site.application.cache.statistics.misses > misses)
        #expect(try site.get("/sv/").text.contains("Betalningar nere"))
    }
}

/// As `serve` runs it: renders on their own pool at idle priority. A write still answers with
/// its pages rendered (the writer waits for the render pool, boundedly), and the render threads
/// really are `SCHED_IDLE`.
@Suite struct IdlePriorityRenderTests {
    @Test func aWriteIsReadableAtOnceWhileRendersRunAtIdlePriority() throws {
        let pools = PoolSizes(renderThreads: 2, renderPriority: .background)
        let site = try TestSite(now: testNow, pools: pools) { store in
            _ = try DemoData.load(into: store, now: testNow, timeZone: TimeZone(identifier: "Europe/Stockholm")!)
        }
        #expect(site.application.warmUp() > 0)
        let policy = Shared<Int32>(-1)
        let ran = DispatchSemaphore(value: 0)
        #expect(site.operational.pools.render.submit {
            policy.withLock { $0 = ThreadPriority.currentPolicy() }
            ran.signal()
        })
        #expect(ran.wait(timeout: .now() + 30) == .success)
        #expect(policy.current == 5, "render threads run as SCHED_IDLE")
        for (index, title) in ["Fakturering nere", "Bokföring långsam"].enumerated() {
            _ = try site.application.publishing.createIncident(
                IncidentDraft(title: .both(title, "Down \(index)"), body: .both("Vi undersöker.", "Investigating."), impact: .major),
                by: Actor(kind: .user, id: 1, name: "Eva", role: .editor), at: testNow)
            #expect(try site.get("/sv/").text.contains(title))
            #expect(try site.get("/api/v2/summary.json?lang=en").text.contains("Down \(index)"))
            #expect(try site.get("/en/feed.atom").text.contains("Down \(index)"))
        }
    }
}
