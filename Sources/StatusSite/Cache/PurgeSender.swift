import Foundation
import Logging
import Outbound
import StatusStore

/// Sends the durable purge queue to the caches in front: one `PURGE` per cache with the changed
/// tags in `xkey-softpurge` (stale copies stay usable as grace, so an origin that dies right after
/// a publish still has its pages served). A failed send is retried with backoff (1 s doubling to
/// `maximumDelay`) for as long as it takes: the rows stay in the database, so a cache that is down
/// gets them when it returns, and a restart forgets none.
public final class PurgeSender: @unchecked Sendable {
    // @unchecked: `scheduled` and `stopped` are guarded by `lock`; the rest is immutable.
    private let store: StatusStore
    /// `[cache] purge_urls`: rows for a cache no longer listed are dropped, not retried forever.
    private let caches: [String]
    private let requests: WebhookPoster
    private let logger: Logger
    private let queue = DispatchQueue(label: "driftstatus.purge-sender")
    private let lock = NSLock()
    private var scheduled: Date?
    private var stopped = false

    public static let firstDelay: TimeInterval = 1
    /// Short: a purge is cheap, and a cache back from a restart should hear of changes soon.
    public static let maximumDelay: TimeInterval = 10
    static let timeout: TimeInterval = 5

    init(store: StatusStore, caches: [String], logger: Logger) throws {
        self.store = store
        self.caches = caches
        self.logger = logger
        requests = try WebhookPoster()
    }

    /// Looks at the queue now (after a change), and at start for rows left by an earlier run.
    public func wake() { schedule(at: Date()) }

    /// Lets a send in progress finish; rows not sent stay queued for the next start.
    public func stop() {
        lock.withLock { stopped = true }
        queue.sync {}
    }

    private func schedule(at date: Date) {
        let delay: TimeInterval? = lock.withLock {
            guard !stopped else { return nil }
            if let scheduled, scheduled <= date { return nil }
            scheduled = date
            return max(0, date.timeIntervalSinceNow)
        }
        guard let delay else { return }
        queue.asyncAfter(deadline: .now() + delay) { [weak self] in self?.pass() }
    }

    /// Sends everything due, then schedules itself for the next row due.
    private func pass() {
        let proceed = lock.withLock {
            scheduled = nil
            return !stopped
        }
        guard proceed else { return }
        do {
            for purge in try store.duePurges(at: Date()) { send(purge) }
            if let next = try store.nextPurgeDue() { schedule(at: next) }
        } catch {
            logger.warning("purge queue unreadable; trying again", metadata: ["error": "\(error)"])
            schedule(at: Date().addingTimeInterval(Self.maximumDelay))
        }
    }

    private func send(_ purge: DuePurge) {
        guard caches.contains(purge.cacheURL) else {
            logger.notice("dropping purges for a cache no longer in purge_urls", metadata: ["cache": "\(purge.cacheURL)"])
            try? store.purgesDelivered(purge.rowIDs)
            return
        }
        let outcome: String?
        do {
            let status = try requests.send(method: "PURGE", url: purge.cacheURL, body: nil,
                                           headers: [("xkey-softpurge", purge.tags.joined(separator: " "))], timeout: Self.timeout,
                                           peer: "the cache")
            outcome = (200...299).contains(status) ? nil : "the cache answered \(status)"
        } catch {
            outcome = error.message
        }
        do {
            if let outcome {
                let delay = min(Self.maximumDelay, Self.firstDelay * pow(2, Double(min(purge.attempts, 20))))
                logger.warning("purge not taken; will retry", metadata: [
                    "cache": "\(purge.cacheURL)", "tags": "\(purge.tags.joined(separator: " "))", "error": "\(outcome)",
                    "retry_in_seconds": "\(delay)"])
                try store.purgesFailed(purge.rowIDs, error: outcome, retryAt: Date().addingTimeInterval(delay))
            } else {
                logger.debug("purged", metadata: ["cache": "\(purge.cacheURL)", "tags": "\(purge.tags.joined(separator: " "))"])
                try store.purgesDelivered(purge.rowIDs)
            }
        } catch {
            logger.warning("purge outcome not recorded", metadata: ["error": "\(error)"])
        }
    }
}

extension SiteApplication {
    /// Starts sending purges to `[cache] purge_urls` (nil when none is configured), including rows
    /// an earlier run left behind. Call `stop()` on the result when shutting down.
    public func startPurgeSender(logger: Logger = Logger(label: "driftstatus.purge")) throws -> PurgeSender? {
        guard !settings.purgeURLs.isEmpty else { return nil }
        let sender = try PurgeSender(store: store, caches: settings.purgeURLs, logger: logger)
        purging.attach(sender)
        sender.wake()
        return sender
    }
}
