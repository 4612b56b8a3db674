import Foundation

/// Rendered public responses kept in memory, so a surge of readers costs a dictionary lookup.
///
/// An entry is fresh until a write (`invalidateAll`) or its own deadline (a maintenance window
/// starting, the day changing). A stale entry is kept: if rendering fails because the database
/// is unavailable, readers still get the last good page; and while one reader renders a page's
/// new version, every other reader of that page gets the stale copy at once (single flight).
/// A render failed because the page does not exist (any more); never answered from a stale copy.
struct PageDoesNotExist: Error {}

final class RenderCache: @unchecked Sendable {
    private struct Entry {
        let response: CachedResponse
        let generation: UInt64
        let validUntil: Date
    }

    /// Guards `entries` and `generation`; held only for lookups and stores, never while rendering.
    private let lock = NSLock()
    /// Serialises renders so a miss storm renders each page once, not once per waiting reader.
    private let renderLock = NSLock()
    private var entries: [String: Entry] = [:]
    /// Keys being rendered now: other readers of such a key get its stale copy at once instead of
    /// queueing behind the render (single flight with stale-while-revalidate).
    private var rendering: Set<String> = []
    private var generation: UInt64 = 0
    private let maximumEntries: Int
    private var counts = Statistics()

    /// Lookups since start, for /metrics.
    struct Statistics: Sendable, Equatable {
        /// Answered from a fresh entry.
        var hits = 0
        /// Rendered (successfully or not).
        var misses = 0
        /// Renders that failed and were answered from a stale entry (the database was unavailable).
        var staleServed = 0
        /// Renders that failed for a reason other than a missing page.
        var renderFailures = 0
    }

    var statistics: Statistics { lock.withLock { counts } }

    init(maximumEntries: Int = 20_000) {
        self.maximumEntries = maximumEntries
    }

    /// Every cached response becomes stale; the next request renders again.
    func invalidateAll() {
        lock.withLock { generation &+= 1 }
    }

    var count: Int { lock.withLock { entries.count } }

    /// The fresh cached response for `key`, or the one `render` produces now.
    /// `render` returns the response and the moment it stops being valid.
    /// When `render` throws and a stale response exists, the stale one is served.
    func response(for key: String, now: Date,
                  render: (_ previous: CachedResponse?) throws -> (CachedResponse, validUntil: Date)) throws -> CachedResponse {
        if let fresh = freshEntry(for: key, now: now) { return fresh }
        let (stale, renderingAlready) = lock.withLock { (entries[key]?.response, !rendering.insert(key).inserted) }
        if renderingAlready, let stale { return stale }
        defer { if !renderingAlready { lock.withLock { _ = rendering.remove(key) } } }
        return try renderLock.withLock {
            if let fresh = freshEntry(for: key, now: now) { return fresh }
            let (stale, generationAtStart) = lock.withLock {
                counts.misses += 1
                return (entries[key]?.response, generation)
            }
            do {
                let (response, validUntil) = try render(stale)
                store(Entry(response: response, generation: generationAtStart, validUntil: validUntil), for: key)
                return response
            } catch is PageDoesNotExist {
                // Deleted or hidden since it was cached: a stale copy would resurrect it.
                lock.withLock { _ = entries.removeValue(forKey: key) }
                throw PageDoesNotExist()
            } catch {
                lock.withLock {
                    counts.renderFailures += 1
                    if stale != nil { counts.staleServed += 1 }
                }
                if let stale { return stale }
                throw error
            }
        }
    }

    /// Whether `key` would be answered from memory now, without rendering: a fresh entry, or a
    /// stale one while another reader renders its replacement (a lookup that counts nothing).
    func answersFromMemory(_ key: String, now: Date) -> Bool {
        lock.withLock {
            guard let entry = entries[key] else { return false }
            return (entry.generation == generation && now < entry.validUntil) || rendering.contains(key)
        }
    }

    private func freshEntry(for key: String, now: Date) -> CachedResponse? {
        lock.withLock {
            guard let entry = entries[key], entry.generation == generation, now < entry.validUntil else { return nil }
            counts.hits += 1
            return entry.response
        }
    }

    private func store(_ entry: Entry, for key: String) {
        lock.withLock {
            // Bounded: permalink pages of a long history must not grow memory without end.
            if entries.count >= maximumEntries, entries[key] == nil {
                entries = entries.filter { $0.value.generation == generation }
                if entries.count >= maximumEntries { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = entry
        }
    }
}
