import Dispatch
import Foundation
@testable import StatusSite
import TestSupport
import Testing

/// After a change, no reader gets a page rendered from the data before it once the change's
/// pages flipped: not from a render that was in flight across the change, and not from the
/// moment between the writer's pages being stored and the rest being marked.
@Suite struct RenderReadYourWritesTests {
    let now = Date(timeIntervalSince1970: 1_795_611_600)

    func page(_ text: String) -> (CachedResponse, validUntil: Date) {
        (CachedResponse(contentType: "text/plain", body: Array(text.utf8), cacheControl: "no-cache", renderedAt: now),
         now.addingTimeInterval(60))
    }

    func servingCache() -> RenderCache {
        let cache = RenderCache { [now] in now }
        cache.renderInBackground { job in
            DispatchQueue.global().async(execute: job)
            return true
        }
        return cache
    }

    /// The warmer (or a reader) renders a page nobody cached yet; a change commits meanwhile and
    /// settles without seeing the key. What that render stores is not answered from memory.
    @Test func aFirstRenderAcrossAChangeIsRenderedAgainByItsNextReader() throws {
        let cache = servingCache()
        let started = DispatchSemaphore(value: 0), finish = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { [self] in
            _ = try? cache.response(for: "/sv/incidents/1", now: now) { [self] _, _ in
                started.signal()
                finish.wait()
                return page("before the change")
            }
            done.signal()
        }
        started.wait()
        #expect(cache.keys(taggedWithAnyOf: ["incident-1"]).isEmpty, "a settle sees no entry to render again")
        cache.invalidateAll()
        finish.signal()
        done.wait()
        #expect(cache.contains("/sv/incidents/1"))
        #expect(cache.cachedResponse(for: "/sv/incidents/1", now: now) == nil)
        let answer = try cache.response(for: "/sv/incidents/1", now: now) { [self] _, _ in page("after the change") }
        #expect(answer.etag == page("after the change").0.etag)
    }

    /// The same while a writer settles: the page keeps its old copy until the writer's pages
    /// flip, so it never shows the change before them.
    @Test func aFirstRenderAcrossASettlingWriteWaitsForTheFlip() throws {
        let cache = servingCache()
        _ = try cache.response(for: "/en/", now: now) { [self] _, _ in page("home before") }
        let started = DispatchSemaphore(value: 0), finish = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { [self] in
            _ = try? cache.response(for: "/api/v2/components.json", now: now) { [self] _, _ in
                started.signal()
                finish.wait()
                return page("json before")
            }
            done.signal()
        }
        started.wait()
        cache.holdBackgroundRenders()
        let change = cache.invalidateAll()
        finish.signal()
        done.wait()
        #expect(cache.cachedResponse(for: "/api/v2/components.json", now: now)?.etag == page("json before").0.etag)
        #expect(cache.refreshTogether(["/en/"], since: change, until: Date().addingTimeInterval(10)).isEmpty)
        #expect(cache.cachedResponse(for: "/api/v2/components.json", now: now) == nil)
        cache.releaseBackgroundRenders()
    }

    /// A background render begun before a change stores after the writer marked the key: the
    /// mark stays, so the next reader renders the page from the changed data.
    @Test func aRenderFromBeforeAChangeKeepsTheWritersMark() throws {
        let cache = servingCache()
        let renders = Shared(0)
        let started = DispatchSemaphore(value: 0), finish = DispatchSemaphore(value: 0)
        let render: RenderCache.Render = { [self] _, _ in
            let number = renders.withLock { $0 += 1; return $0 }
            if number == 2 {
                started.signal()
                finish.wait()
            }
            return page("render \(number)")
        }
        _ = try cache.response(for: "/en/", now: now, render: render)
        cache.invalidateAll()
        // Stale: answered at once, one background render (the second) scheduled.
        #expect(try cache.response(for: "/en/", now: now, render: render).etag == page("render 1").0.etag)
        started.wait()
        let change = cache.invalidateAll()
        cache.renderInRequest(["/en/"], since: change)
        finish.signal()
        cache.waitUntilIdle()
        #expect(cache.cachedResponse(for: "/en/", now: now) == nil, "render 2 read the data before the change")
        #expect(try cache.response(for: "/en/", now: now, render: render).etag == page("render 3").0.etag)
        #expect(cache.cachedResponse(for: "/en/", now: now)?.etag == page("render 3").0.etag)
    }

    /// The writer's batch runs out of time after its first page: that page is stored and, in the
    /// same moment (not before), the page left and the other touched pages are ones their readers
    /// render rather than get stale.
    @Test func whatAWritersBatchLeavesIsMarkedWhenTheRestFlips() throws {
        let cache = servingCache()
        let slow = Shared(false)
        let home: RenderCache.Render = { [self] _, _ in
            if slow.current { Thread.sleep(forTimeInterval: 0.2) }
            return page(slow.current ? "home after" : "home before")
        }
        let json: RenderCache.Render = { [self] _, _ in page(slow.current ? "json after" : "json before") }
        _ = try cache.response(for: "/api/v2/summary.json", now: now, render: json)
        _ = try cache.response(for: "/en/", now: now, render: home)
        _ = try cache.response(for: "/en/incidents/1", now: now, render: json)
        slow.withLock { $0 = true }
        let change = cache.invalidateAll()
        cache.holdBackgroundRenders()
        // An unpinned page the change touched keeps its old copy until the writer's pages flip.
        #expect(cache.cachedResponse(for: "/en/incidents/1", now: now)?.etag == page("json before").0.etag)
        // The home page (first, slow) outlasts the deadline; the JSON is left.
        let left = cache.refreshTogether(["/en/", "/api/v2/summary.json"], marking: ["/en/incidents/1"], since: change,
                                         until: Date().addingTimeInterval(0.05))
        cache.releaseBackgroundRenders()
        #expect(cache.cachedResponse(for: "/en/incidents/1", now: now) == nil)
        #expect(left == ["/api/v2/summary.json"])
        #expect(cache.cachedResponse(for: "/en/", now: now)?.etag == page("home after").0.etag)
        #expect(cache.cachedResponse(for: "/api/v2/summary.json", now: now) == nil, "left stale beside a page showing the change")
    }
}
