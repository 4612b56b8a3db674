import Foundation
import HTTPServer

/// What happens to the render cache and the caches in front after a change, in this order:
/// 1. at once: every entry becomes stale (readers keep getting it, see `RenderCache`);
/// 2. once the change is committed: the pinned warm set's entries it touched (by xkey tag) and
///    the permalinks it names are rendered again on the writer's own thread, for at most
///    `writerWait`, and stored at once (pages showing the change flip together), so the write
///    answers only when the site shows it (staff and scripts read their own writes); the other
///    touched entries, and any not reached in time, are rendered by their next reader rather
///    than answered stale, until step 3 gets to them;
/// 3. in the background (one serial queue): what step 2 left, the warm set's missing pages (a
///    new incident's permalink) and only then the purges, so a cache in front that refetches
///    on the purge gets the new page, not the stale one.
/// Without a pool to render stale entries in the background (`RenderCache.rendersInBackground`
/// false) readers render them themselves, so steps 2 and 3 are just the purge.
///
/// While serving, the renders of steps 2 and 3 run on `OperationalSite`'s render and settling
/// pools (`attach`), which `serve` schedules below the request threads: the writer waits for
/// its pages without rendering them on its own (normal-priority) thread, so a publish never
/// takes a core a reader's request wants.
final class ChangeRefresh: @unchecked Sendable {
    // @unchecked: `warmer`, `stopped` and `pools` are guarded by `lock`; the rest is immutable.
    /// Longest a write waits for its pages (bounded: a very large site finishes in the background,
    /// and clients' timeouts, often 5 s, are far off). What it leaves is rendered by the next reader.
    static let writerWait: TimeInterval = 2

    private let cache: RenderCache
    private let purging: CachePurging
    private let queue = DispatchQueue(label: "driftstatus.render-refresh")
    private let lock = NSLock()
    private var warmer: (@Sendable () -> Void)?
    /// Set by `stop()`: queued background work is skipped (the store may be closing).
    private var stopped = false
    /// Where the writer's renders and the background steps run once serving (`attach`);
    /// before that (and in the exporter and tests of the bare application) the writer renders
    /// on its own thread and the background steps run on `queue`.
    private var pools: (renders: WorkerPool, settling: WorkerPool)?

    /// The changes of the request being handled on this thread: they are settled when it is
    /// done, after its transactions committed (an idempotent API write announces its change
    /// inside its transaction; rendering there would read around it and hold the write lock).
    @TaskLocal private static var collected: Collected?

    private final class Collected: @unchecked Sendable {
        // @unchecked: one request's thread only.
        var changes: [CacheTags.Change] = []
        var everything = false
        /// Whether background renders are held for this request's changes (released by `settle`).
        var held = false
    }

    init(cache: RenderCache, purging: CachePurging) {
        self.cache = cache
        self.purging = purging
    }

    /// From now on the writer's renders run on `renders` and the background steps, in order, on `settling`.
    func attach(renders: WorkerPool, settling: WorkerPool) {
        lock.withLock { pools = (renders, settling) }
    }

    /// Renders the warm set's pages the cache lacks and pins the set (`SiteApplication.warmMissingPages`).
    func setWarmer(_ warmer: @escaping @Sendable () -> Void) {
        lock.withLock { self.warmer = warmer }
    }

    /// A change this process made (Publishing, alert intake): see the type's comment.
    func changed(_ change: CacheTags.Change) {
        cache.invalidateAll()
        purging.noteOwnWrite()
        if let collected = Self.collected {
            // Readers keep the old copies (no background render of one page at a time) until
            // the request settles its changes.
            if !collected.held {
                cache.holdBackgroundRenders()
                collected.held = true
            }
            collected.changes.append(change)
            return
        }
        cache.holdBackgroundRenders()
        settle([change], purge: true)
    }

    /// Something changed, what is unknown (`SiteApplication.dataChanged`): every entry is
    /// rendered again; nothing is purged (as before: purges follow `changed` and other processes' writes).
    func somethingChanged() {
        cache.invalidateAll()
        if let collected = Self.collected {
            collected.everything = true
            return
        }
        settle([.everything], purge: false)
    }

    /// Runs `handle` (one request), then settles the changes it made before its answer goes out.
    func collectingChanges<T>(_ handle: () -> T) -> T {
        let collected = Collected()
        let result = Self.$collected.withValue(collected) { handle() }
        // A `dataChanged` beside specific changes (the idempotent API's after-commit call) adds
        // nothing: settling re-invalidates after the commit anyway.
        if !collected.changes.isEmpty {
            settle(collected.changes, purge: true)
        } else if collected.everything {
            if collected.held { cache.releaseBackgroundRenders() }
            settle([.everything], purge: false)
        }
        return result
    }

    /// Another process wrote (or the database was restored): any page may have changed; nobody
    /// waits for it, so it all happens in the background.
    func externalWrite(version: Int64) {
        let generation = cache.invalidateAll()
        guard cache.rendersInBackground else {
            purging.externalWrite(version: version)
            return
        }
        inBackground { [self] in
            cache.refresh(cache.keys(taggedWithAnyOf: [CacheTags.site]), since: generation, until: .distantFuture)
            currentWarmer()?()
            purging.externalWrite(version: version)
        }
    }

    /// Renders the warm set in the background (at start: "listening on" does not wait for it).
    func warmInBackground() {
        inBackground { [self] in currentWarmer()?() }
    }

    /// Blocks until the background queue and every render in flight are done (tests).
    func waitUntilIdle() {
        queue.sync {}
        Self.waitForJobsBefore(lock.withLock { pools?.settling })
        cache.waitUntilIdle()
    }

    /// Returns once the jobs `settling` took so far are done (it runs them one at a time, in order).
    private static func waitForJobsBefore(_ settling: WorkerPool?) {
        guard let settling else { return }
        let done = DispatchSemaphore(value: 0)
        if settling.submit({ done.signal() }) { done.wait() }
    }

    /// Steps 2 and 3 for committed `changes`. With `purge`, the caller holds background renders
    /// (`holdBackgroundRenders`), released here once the writer's renders are stored.
    private func settle(_ changes: [CacheTags.Change], purge: Bool) {
        var held = purge
        func release() {
            if held { cache.releaseBackgroundRenders() }
            held = false
        }
        defer { release() }
        // Again, after the commit: a reader may have rendered from the data before it meanwhile.
        let generation = cache.invalidateAll()
        purging.noteOwnWrite()
        let purges = purge ? Self.distinct(changes) : []
        guard cache.rendersInBackground else {
            for change in purges { purging.changed(change) }
            return
        }
        let touched = cache.keys(taggedWithAnyOf: Set(changes.flatMap(\.tags)))
        // The writer waits for the warm set and the change's own permalinks; the other touched
        // pages (older permalinks and history) follow in the background, and until then their
        // next reader renders them.
        let permalinks = Set(cache.keys(taggedWithAnyOf: Set(changes.compactMap(Self.permalinkTag))))
        let waited = touched.filter { cache.isPinned($0) || permalinks.contains($0) }
        let waitedSet = Set(waited)
        let others = touched.filter { !waitedSet.contains($0) }
        // `others` and what the writer's renders leave are rendered by their next reader from
        // the moment the writer's pages flip (not before: they would show the change first).
        let notReached = writerRenders(waited, marking: others, since: generation, until: Date().addingTimeInterval(Self.writerWait))
        release()
        let left = notReached + others
        inBackground { [self] in
            cache.refresh(left, since: generation, until: .distantFuture)
            currentWarmer()?()
            for change in purges { purging.changed(change) }
        }
    }

    /// `cache.refreshTogether` for the writer: on the render pool while the writer waits (at
    /// most until `deadline`; what a starved pool has not reached is left for the next readers,
    /// as a deadline the renders themselves run into is), or here without a pool. Returns the
    /// keys not rendered; they and `marking` are rendered by their next reader from then on.
    private func writerRenders(_ keys: [String], marking others: [String], since generation: UInt64, until deadline: Date) -> [String] {
        guard !keys.isEmpty else {
            cache.renderInRequest(others, since: generation)
            return []
        }
        guard let renders = lock.withLock({ pools?.renders }) else {
            return cache.refreshTogether(keys, marking: others, since: generation, until: deadline)
        }
        let outcome = WriterRenders()
        let accepted = renders.submit { [cache] in
            outcome.finish(cache.refreshTogether(keys, marking: others, since: generation, until: deadline))
        }
        guard accepted else { return cache.refreshTogether(keys, marking: others, since: generation, until: deadline) }
        if let left = outcome.wait(until: deadline) { return left }
        // The pool has not finished: nothing flipped yet, and its readers must not wait for it.
        cache.renderInRequest(keys + others, since: generation)
        return keys
    }

    /// Finishes the background work running now (and renders in flight) and skips what is
    /// queued: before the pools stop and the store closes (`OperationalSite.stopPools`).
    func stop() {
        let settling = lock.withLock { () -> WorkerPool? in
            stopped = true
            return pools?.settling
        }
        queue.sync {}
        Self.waitForJobsBefore(settling)
        cache.waitUntilIdle()
    }

    private func inBackground(_ work: @escaping @Sendable () -> Void) {
        let job: @Sendable () -> Void = { [self] in
            guard !lock.withLock({ stopped }) else { return }
            work()
        }
        if let settling = lock.withLock({ pools?.settling }), settling.submit(job) { return }
        queue.async(execute: job)
    }

    /// The tag of the permalink a change names, if any.
    static func permalinkTag(_ change: CacheTags.Change) -> String? {
        switch change {
        case .incident(let id): CacheTags.incident(id)
        case .maintenance(let id): CacheTags.maintenance(id)
        case .everything: nil
        }
    }

    private func currentWarmer() -> (@Sendable () -> Void)? { lock.withLock { warmer } }

    /// One purge per distinct change; `.everything` covers all others.
    static func distinct(_ changes: [CacheTags.Change]) -> [CacheTags.Change] {
        if changes.contains(.everything) { return [.everything] }
        var seen: [CacheTags.Change] = []
        for change in changes where !seen.contains(change) { seen.append(change) }
        return seen
    }
}

/// What the render pool's job for a writer left undone, once it is done.
private final class WriterRenders: @unchecked Sendable {
    // @unchecked: `left` is guarded by `condition`.
    private let condition = NSCondition()
    private var left: [String]?

    func finish(_ left: [String]) {
        condition.withLock {
            self.left = left
            condition.broadcast()
        }
    }

    /// The keys not rendered, or nil when the job has not finished by `deadline`.
    func wait(until deadline: Date) -> [String]? {
        condition.withLock {
            while left == nil {
                if !condition.wait(until: deadline) { break }
            }
            return left
        }
    }
}
