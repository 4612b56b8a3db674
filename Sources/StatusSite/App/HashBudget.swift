import Foundation

/// A token bucket for password hashes: at most `perSecond` on average, at most `burst` at once
/// after a quiet spell. Pure arithmetic over an injected monotonic clock (seconds), so tests
/// move time by hand.
final class HashBudget: @unchecked Sendable {
    // @unchecked: `tokens` and `refilledAt` are only touched under `lock`.
    let perSecond: Double
    let burst: Double
    private let clock: @Sendable () -> Double
    private let lock = NSLock()
    private var tokens: Double
    private var refilledAt: Double

    /// Starts full: the first `burst` hashes after a start are allowed at once.
    init(perSecond: Double, burst: Int, clock: @escaping @Sendable () -> Double = HashBudget.monotonicSeconds) {
        self.perSecond = max(0, perSecond)
        self.burst = Double(max(1, burst))
        self.clock = clock
        tokens = self.burst
        refilledAt = clock()
    }

    /// Spends one hash if the budget has one; false (nothing spent) when it is empty.
    func take() -> Bool {
        let now = clock()
        return lock.withLock {
            refill(now: now)
            guard tokens >= 1 else { return false }
            tokens -= 1
            return true
        }
    }

    /// Whole hashes available now (for tests and diagnostics).
    var available: Int {
        let now = clock()
        return lock.withLock {
            refill(now: now)
            return Int(tokens)
        }
    }

    /// Under `lock`. A clock that steps back refills nothing rather than draining the bucket.
    private func refill(now: Double) {
        let elapsed = max(0, now - refilledAt)
        tokens = min(burst, tokens + elapsed * perSecond)
        refilledAt = max(refilledAt, now)
    }

    /// Seconds since boot that never jump with wall-clock changes.
    @Sendable static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000
    }
}
