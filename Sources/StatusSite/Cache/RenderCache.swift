import Foundation

/// A render failed because the page does not exist (any more); never answered from a stale copy.
struct PageDoesNotExist: Error {}

/// Rendered public responses kept in memory, so a surge of readers costs a dictionary lookup.
///
/// An entry is fresh until a change (`invalidateAll`) or its own deadline (a maintenance window
/// starting, the 60 s maximum age). A stale entry is kept and still answered:
/// - Serving (`renderInBackground(using:)` attached the work pool): stale-while-revalidate. Any
///   reader of a key with an entry is answered from memory at once; a stale entry schedules one
///   background render of that key (single flight per key; a full pool skips it and the next
///   reader tries again). Only a key with no entry at all is rendered in the request.
/// - Without a pool (tests of the bare application, the static exporter, bench-render): a stale
///   entry is rendered again by its next reader while other readers get the stale copy.
/// Either way a failed render (database unavailable) keeps the last good copy.
///
/// Each entry keeps the closure that rendered it, so it can be rendered again without a reader
/// (`refresh`, after a change). Entries in the pinned warm set (`pin`) are never evicted; the
/// others are evicted least recently used first once `maximumEntries` of them are cached.
final class RenderCache: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `lock`.
    /// Renders `previous`'s replacement as of `now`; returns it and the moment it stops being valid.
    typealias Render = @Sendable (_ previous: CachedResponse?, _ now: Date) throws -> (CachedResponse, validUntil: Date)
    /// Hands a job to a worker pool; false when the pool refuses it (queue full, stopped).
    typealias Submit = @Sendable (@escaping @Sendable () -> Void) -> Bool

    private final class Entry {
        var response: CachedResponse
        var generation: UInt64
        var validUntil: Date
        var render: Render
        /// The xkey tags of the response, to find the entries a change touched.
        var tags: Set<Substring>
        var lastUsed: UInt64
        /// After a failed background render, readers do not schedule another before this (wall clock).
        var retryAfter: Date?
        /// A change touched it and its writer's bounded wait ran out before rendering it: its next
        /// reader renders it (read your own writes wins over never waiting, for these few).
        var renderInRequest = false
        /// The generation `renderInRequest` was set at: only a render begun since (from data after
        /// the change) clears it, not one in flight from before that stores after it.
        var renderInRequestSince: UInt64 = 0

        init(response: CachedResponse, tags: Set<Substring>, generation: UInt64, validUntil: Date, render: @escaping Render, lastUsed: UInt64) {
            self.response = response
            self.generation = generation
            self.validUntil = validUntil
            self.render = render
            self.lastUsed = lastUsed
            self.tags = tags
        }
    }

    /// The xkey tags of `response`: worked out before taking `lock`, which readers wait for.
    private static func tags(of response: CachedResponse) -> Set<Substring> {
        Set((response.full.headers["xkey"] ?? "").split(separator: " "))
    }

    /// Lookups since start, for /metrics.
    struct Statistics: Sendable, Equatable {
        /// Answered from an entry without rendering (fresh, or stale while it is rendered again).
        var hits = 0
        /// Renders (in a request or in the background; successful or not).
        var misses = 0
        /// Renders that failed while a last good copy existed, which kept being served.
        var staleServed = 0
        /// Renders that failed for a reason other than a missing page.
        var renderFailures = 0
    }

    /// Guards everything below; waited on for a key's render in flight. Never held while rendering.
    private let lock = NSCondition()
    private var entries: [String: Entry] = [:]
    /// Keys being rendered now (single flight: at most one render per key at any time).
    private var rendering: Set<String> = []
    private var generation: UInt64 = 0
    private var pinned: Set<String> = []
    private var useCounter: UInt64 = 0
    private var submit: Submit?
    /// Writers settling a change now: readers schedule no background render meanwhile, so the
    /// pages showing a change flip together (`refreshTogether`), not one reader's page at a time.
    private var holds = 0
    /// First renders stored stale during a hold: rendered by their next reader once the writer's
    /// pages flip (`refreshTogether`) or the last hold is released.
    private var markedAtFlip: Set<String> = []
    private var counts = Statistics()
    let maximumEntries: Int
    /// The site's clock: what "now" is for renders nobody asked for.
    private let clock: @Sendable () -> Date
    /// How long a key whose background render failed is answered stale without another try.
    static let retryDelay: TimeInterval = 1

    init(maximumEntries: Int = 20_000, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.maximumEntries = maximumEntries
        self.clock = clock
    }

    var statistics: Statistics { lock.withLock { counts } }
    var count: Int { lock.withLock { entries.count } }

    /// From now on stale entries are rendered again in the background through `submit`.
    func renderInBackground(using submit: @escaping Submit) {
        lock.withLock { self.submit = submit }
    }

    /// Whether stale entries are answered at once and rendered in the background.
    var rendersInBackground: Bool { lock.withLock { submit != nil } }

    /// Every cached response becomes stale. Returns the new generation: an entry rendered after
    /// this call carries it or a later one (see `refresh`).
    @discardableResult
    func invalidateAll() -> UInt64 {
        lock.withLock {
            generation &+= 1
            return generation
        }
    }

    /// The keys of the warm set: never evicted. Replaces the previous set.
    func pin(_ keys: Set<String>) {
        lock.withLock { pinned = keys }
    }

    func isPinned(_ key: String) -> Bool { lock.withLock { pinned.contains(key) } }
    func contains(_ key: String) -> Bool { lock.withLock { entries[key] != nil } }

    /// The cached response for `key`: a fresh one, a stale one (see the type's comment), or
    /// the one `render` produces now when there is none. When `render` throws and a stale
    /// response exists, the stale one is served.
    func response(for key: String, now: Date, render: @escaping Render) throws -> CachedResponse {
        lock.lock()
        if let response = answerFromMemory(key, now: now, render: render) { return response }
        return try renderHere(key, now: now, render: render)
    }

    /// The response `response(for:)` would give without rendering in the request, with the
    /// same bookkeeping (a hit counted, a stale entry's background render scheduled with the
    /// closure it was last rendered with); nil when it would render or wait for a render. What
    /// the request threads answer with: one lookup, one lock.
    func cachedResponse(for key: String, now: Date) -> CachedResponse? {
        lock.lock()
        if let response = answerFromMemory(key, now: now, render: nil) { return response }
        // Without a pool: a stale copy while another reader renders it (as `renderHere` answers).
        if rendering.contains(key), let entry = entries[key], !entry.renderInRequest {
            counts.hits += 1
            lock.unlock()
            return entry.response
        }
        lock.unlock()
        return nil
    }

    /// Called with `lock` held: the entry's response when it is fresh, or stale while serving
    /// (stale-while-revalidate: one background render scheduled, with `render` when given).
    /// Returns with the lock released when it answers, still held when it returns nil.
    private func answerFromMemory(_ key: String, now: Date, render: Render?) -> CachedResponse? {
        guard let entry = entries[key] else { return nil }
        entry.lastUsed = nextUse()
        if entry.generation == generation && now < entry.validUntil {
            counts.hits += 1
            lock.unlock()
            return entry.response
        }
        guard let submit, !entry.renderInRequest else { return nil }
        counts.hits += 1
        let schedule = holds == 0 && !rendering.contains(key) && (entry.retryAfter.map { Date() >= $0 } ?? true)
        if schedule {
            rendering.insert(key)
            if let render { entry.render = render }
        }
        let response = entry.response
        lock.unlock()
        if schedule && !submit({ [self] in renderInBackground(key) }) {
            // The pool is full: leave it; the next reader tries again.
            finishRendering(key)
        }
        return response
    }

    /// Whether `key` is answered from memory now, without rendering in the request: any entry
    /// while serving (stale ones are rendered in the background), otherwise a fresh one or a
    /// stale one whose new version another reader renders. A lookup that counts nothing.
    func answersFromMemory(_ key: String, now: Date) -> Bool {
        lock.withLock {
            guard let entry = entries[key] else { return false }
            return (submit != nil && !entry.renderInRequest) || (entry.generation == generation && now < entry.validUntil)
                || rendering.contains(key)
        }
    }

    /// The cached keys whose response carries any of `tags` (`site` is on every one): pinned
    /// keys first, then the others most recently used first.
    func keys(taggedWithAnyOf tags: Set<String>) -> [String] {
        let wanted = Set(tags.map { Substring($0) })
        // Collected under the lock, sorted after it: readers wait for the lock, not for the sort.
        let matching = lock.withLock {
            entries.compactMap { key, entry in
                entry.tags.isDisjoint(with: wanted) ? nil : (key: key, pinned: pinned.contains(key), lastUsed: entry.lastUsed)
            }
        }
        return matching.sorted { a, b in a.pinned != b.pinned ? a.pinned : a.lastUsed > b.lastUsed }.map(\.key)
    }

    /// Renders each of `keys` again on the calling thread, unless it was rendered since
    /// `generation` (`invalidateAll`'s answer) already; a render of it in flight is waited for
    /// first (it may have read the data before the change). Stops at `deadline` (wall clock)
    /// and returns the keys not done. A failed render keeps the last good copy; a page that is
    /// gone is dropped.
    @discardableResult
    func refresh(_ keys: [String], since generation: UInt64, until deadline: Date) -> [String] {
        for (index, key) in keys.enumerated() {
            if index > 0 && Date() >= deadline { return Array(keys[index...]) }
            lock.lock()
            while rendering.contains(key) {
                // Not `wait(until: .distantFuture)`: Foundation's conversion to nanoseconds overflows.
                if deadline == .distantFuture {
                    lock.wait()
                } else if !lock.wait(until: deadline) {
                    lock.unlock()
                    return Array(keys[index...])
                }
            }
            guard let entry = entries[key], entry.generation < generation else {
                lock.unlock()
                continue
            }
            rendering.insert(key)
            lock.unlock()
            render(key, entry: entry)
        }
        return []
    }

    /// See `holds`; every hold is released exactly once.
    func holdBackgroundRenders() { lock.withLock { holds += 1 } }
    func releaseBackgroundRenders() {
        lock.withLock {
            holds -= 1
            guard holds == 0, !markedAtFlip.isEmpty else { return }
            markRenderInRequest(Array(markedAtFlip), since: generation)
            markedAtFlip = []
        }
    }

    /// Makes the next reader of each of `keys` that is still stale render it in its request
    /// instead of getting the stale copy (`ChangeRefresh`: what a write's bounded wait left).
    func renderInRequest(_ keys: [String], since generation: UInt64) {
        lock.withLock { markRenderInRequest(keys, since: generation) }
    }

    /// Under `lock`.
    private func markRenderInRequest(_ keys: [String], since generation: UInt64) {
        for key in keys {
            guard let entry = entries[key] else { continue }
            entry.renderInRequest = true
            entry.renderInRequestSince = max(entry.renderInRequestSince, generation)
        }
    }

    /// Blocks until no render is in flight (tests, and the static exporter's settling).
    func waitUntilIdle() {
        lock.withLock { while !rendering.isEmpty { lock.wait() } }
    }

    // MARK: Rendering

    /// A reader's render: the key has no entry (or, without a pool, a stale one). Readers of
    /// a key whose render is in flight get its stale copy, or wait for the render when there
    /// is none. Called with `lock` held; returns with it released.
    private func renderHere(_ key: String, now: Date, render: @escaping Render) throws -> CachedResponse {
        while rendering.contains(key) {
            // A stale copy while another reader renders, unless a change made this copy one its
            // next reader must not get (`renderInRequest`): then wait for that render.
            if let entry = entries[key], !entry.renderInRequest {
                counts.hits += 1
                lock.unlock()
                return entry.response
            }
            lock.wait()
        }
        if let entry = entries[key], entry.generation == generation && now < entry.validUntil {
            counts.hits += 1
            lock.unlock()
            return entry.response
        }
        rendering.insert(key)
        counts.misses += 1
        let stale = entries[key]?.response
        let generationAtStart = generation
        lock.unlock()
        defer { finishRendering(key) }
        do {
            let (response, validUntil) = try render(stale, now)
            let tags = Self.tags(of: response)
            let replaced = lock.withLock { store(response, tags: tags, validUntil: validUntil, generation: generationAtStart, render: render, for: key) }
            withExtendedLifetime(replaced) {}
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

    /// The job a stale read scheduled; `key` is already in `rendering`.
    private func renderInBackground(_ key: String) {
        guard let entry = lock.withLock({ entries[key] }) else {
            finishRendering(key)
            return
        }
        render(key, entry: entry)
    }

    /// Renders `entry` again with its own closure as of the clock's now; `key` is in `rendering`.
    private func render(_ key: String, entry: Entry) {
        let outcome = renderOutcome(key, entry: entry)
        let replaced = lock.withLock { apply(outcome) }
        withExtendedLifetime(replaced) {}
        finishRendering(key)
    }

    /// What rendering `entry` again gave, to be stored (`apply`) alone or with others at once.
    private struct Outcome {
        let key: String
        let result: Result<(CachedResponse, validUntil: Date), any Error>
        /// The new response's tags, worked out before `apply` takes the lock.
        let tags: Set<Substring>
        let generation: UInt64
        let render: Render
    }

    private func renderOutcome(_ key: String, entry: Entry) -> Outcome {
        let (render, stale, generationAtStart) = lock.withLock {
            counts.misses += 1
            return (entry.render, entry.response, generation)
        }
        let result = Result { try render(stale, clock()) }
        let tags = (try? result.get()).map { Self.tags(of: $0.0) } ?? []
        return Outcome(key: key, result: result, tags: tags, generation: generationAtStart, render: render)
    }

    /// Under `lock`. Returns what it replaced or removed (see `store`).
    private func apply(_ outcome: Outcome) -> CachedResponse? {
        switch outcome.result {
        case .success(let (response, validUntil)):
            return store(response, tags: outcome.tags, validUntil: validUntil, generation: outcome.generation, render: outcome.render,
                         for: outcome.key)
        case .failure(let error) where error is PageDoesNotExist:
            return entries.removeValue(forKey: outcome.key)?.response
        case .failure:
            counts.renderFailures += 1
            counts.staleServed += 1
            entries[outcome.key]?.retryAfter = Date().addingTimeInterval(Self.retryDelay)
            return nil
        }
    }

    /// Like `refresh`, but the new versions are stored all at once when the last is rendered:
    /// pages showing the same change (the home page and the JSON, say) flip together. The keys
    /// are claimed first, so readers keep getting the stale copies and schedule no render of
    /// their own meanwhile. Returns the keys not claimed or not rendered by `deadline`, which
    /// from the same moment are rendered by their next reader (`renderInRequest`), as are `others`.
    func refreshTogether(_ keys: [String], marking others: [String] = [], since generation: UInt64, until deadline: Date) -> [String] {
        var claimed: [(String, Entry)] = []
        var left: [String] = []
        lock.lock()
        for key in keys {
            while rendering.contains(key) && Date() < deadline { _ = lock.wait(until: deadline) }
            guard !rendering.contains(key) else { left.append(key); continue }
            guard let entry = entries[key], entry.generation < generation else { continue }
            rendering.insert(key)
            claimed.append((key, entry))
        }
        lock.unlock()
        var outcomes: [Outcome] = []
        for (key, entry) in claimed {
            if !outcomes.isEmpty && Date() >= deadline {
                left.append(key)
                continue
            }
            outcomes.append(renderOutcome(key, entry: entry))
        }
        let replaced = lock.withLock {
            defer {
                for (key, _) in claimed { rendering.remove(key) }
                lock.broadcast()
            }
            // In the same moment the others flip: no reader gets one of these stale beside a page
            // that already shows the change.
            markRenderInRequest(left + others, since: generation)
            markRenderInRequest(Array(markedAtFlip), since: self.generation)
            markedAtFlip = []
            return outcomes.map { apply($0) }
        }
        withExtendedLifetime(replaced) {}
        return left
    }

    private func finishRendering(_ key: String) {
        lock.withLock {
            rendering.remove(key)
            lock.broadcast()
        }
    }

    // MARK: Storing and eviction (under `lock`)

    private func nextUse() -> UInt64 {
        useCounter &+= 1
        return useCounter
    }

    /// Returns the response it replaced, for the caller to let go of after the lock (freeing a
    /// large page is not free, and readers wait for the lock).
    private func store(_ response: CachedResponse, tags: Set<Substring>, validUntil: Date, generation: UInt64, render: @escaping Render,
                       for key: String) -> CachedResponse? {
        if let entry = entries[key] {
            let previous = entry.response
            entry.response = response
            entry.generation = generation
            entry.validUntil = validUntil
            entry.render = render
            entry.tags = tags
            entry.retryAfter = nil
            if generation >= entry.renderInRequestSince { entry.renderInRequest = false }
            return previous
        }
        if entries.count >= maximumEntries && !pinned.contains(key) { evict() }
        entries[key] = Entry(response: response, tags: tags, generation: generation, validUntil: validUntil, render: render, lastUsed: nextUse())
        // A first render that began before a change and ends after it: no settling saw the key
        // (it had no entry), so its next reader renders it rather than getting it stale; while
        // a writer settles, from the moment its pages flip (before that it would show the change first).
        if generation < self.generation {
            if holds > 0 {
                markedAtFlip.insert(key)
            } else {
                markRenderInRequest([key], since: self.generation)
            }
        }
        return nil
    }

    /// Bounded: permalinks of a long history must not grow memory without end. At most
    /// `maximumEntries` entries outside the warm set; when they are full, the least recently used
    /// tenth of them goes. The warm set is never evicted (it is what answers while the database
    /// is down) and bounded by its 90 days instead.
    private func evict() {
        let candidates = entries.filter { !pinned.contains($0.key) }
        guard candidates.count >= maximumEntries else { return }
        let dropping = min(candidates.count, max(candidates.count - maximumEntries + 1, maximumEntries / 10))
        for (key, _) in candidates.sorted(by: { $0.value.lastUsed < $1.value.lastUsed }).prefix(dropping) {
            entries.removeValue(forKey: key)
        }
    }
}
