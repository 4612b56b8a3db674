import Dispatch
import Foundation
@testable import StatusSite
import Testing

/// While one reader renders a page's new version, the others get the stale copy at once instead
/// of waiting behind the render; a reader after it gets the new version.
@Suite struct RenderSingleFlightTests {
    @Test func readersDuringARenderGetTheStaleCopyWithoutWaiting() throws {
        let cache = RenderCache()
        let now = Date(timeIntervalSince1970: 1_795_611_600)
        @Sendable func page(_ text: String) -> (CachedResponse, validUntil: Date) {
            (CachedResponse(contentType: "text/plain", body: Array(text.utf8), cacheControl: "no-cache", renderedAt: now),
             now.addingTimeInterval(60))
        }
        #expect(try cache.response(for: "/sv/", now: now) { _, _ in page("old") }.etag == page("old").0.etag)
        cache.invalidateAll()
        #expect(!cache.answersFromMemory("/sv/", now: now))

        let renderStarted = DispatchSemaphore(value: 0), finishRender = DispatchSemaphore(value: 0)
        let renderer = Thread {
            _ = try? cache.response(for: "/sv/", now: now) { _, _ in
                renderStarted.signal()
                finishRender.wait()
                return page("new")
            }
        }
        renderer.start()
        renderStarted.wait()
        #expect(cache.answersFromMemory("/sv/", now: now))
        // Would block until finishRender if it waited for the render.
        let during = try cache.response(for: "/sv/", now: now) { _, _ in page("second render") }
        #expect(during.etag == page("old").0.etag)
        finishRender.signal()
        while !renderer.isFinished { usleep(1_000) }
        #expect(try cache.response(for: "/sv/", now: now) { _, _ in page("third render") }.etag == page("new").0.etag)
    }
}
