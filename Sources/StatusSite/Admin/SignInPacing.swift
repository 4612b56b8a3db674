import Foundation

/// Holds sign-ins to the Retry-After they were given. Every refused sign-in (503 while hashing
/// is saturated, 429 while throttled) tells its client to wait `interval` seconds; one that
/// comes back sooner from the same address is held (its connection suspended: no thread, no
/// CPU) until that moment and answered 429. A browser whose user presses the button again
/// after reading the page never notices; a script that loops as fast as it is answered gets one
/// answer per interval per address instead of thousands a second, which is what otherwise
/// takes the CPU the public pages need. Staff browsers with a known device cookie are never held.
///
/// Keyed by client address (behind a proxy, set `[http] trusted_proxies`, or every client
/// shares the proxy's). In memory, bounded: at `maximumEntries` expired entries are dropped, and
/// if all are live the table starts afresh (holding nobody is the safe failure).
final class SignInPacing: @unchecked Sendable {
    // @unchecked: `notBefore` is guarded by `lock`.
    let interval: Double
    private let clock: @Sendable () -> Double
    private let lock = NSLock()
    /// Monotonic seconds before which the address should not come back.
    private var notBefore: [String: Double] = [:]
    static let maximumEntries = 50_000

    init(interval: Double, clock: @escaping @Sendable () -> Double = HashBudget.monotonicSeconds) {
        self.interval = interval
        self.clock = clock
    }

    /// How long to hold a sign-in from `address` that came too early (never longer than one
    /// interval, so many connections at once are each answered in time); nil when it may go
    /// ahead. The held answer counts as a refusal: the next interval starts when it is sent.
    func earlyBy(_ address: String) -> Double? {
        let now = clock()
        return lock.withLock {
            guard let until = notBefore[address], until > now else { return nil }
            let sent = min(until, now + interval)
            notBefore[address] = max(until, sent + interval)
            return sent - now
        }
    }

    /// A refusal was sent to `address` now.
    func refused(_ address: String) {
        let now = clock()
        lock.withLock {
            if notBefore.count >= Self.maximumEntries {
                notBefore = notBefore.filter { $0.value > now }
                if notBefore.count >= Self.maximumEntries { notBefore = [:] }
            }
            notBefore[address] = max(notBefore[address] ?? 0, now + interval)
        }
    }
}
