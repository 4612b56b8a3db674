import Foundation

/// At most `limit` subscribe requests per client address in a sliding `window`: the form sends
/// email to whatever address is typed, so it must not become a way to flood someone's inbox.
/// (The store also refuses to resend a confirmation to one address within ten minutes.)
final class SubscribeThrottle: @unchecked Sendable {
    let limit: Int
    let window: TimeInterval
    private let lock = NSLock()
    // Guarded by `lock`.
    private var recent: [String: [Date]] = [:]
    /// Bounds memory under a flood from many addresses.
    private static let maximumAddresses = 100_000

    init(limit: Int = 5, window: TimeInterval = 600) {
        self.limit = limit; self.window = window
    }

    /// Records the attempt and says whether it may go ahead.
    func allow(_ address: String, now: Date) -> Bool {
        lock.withLock {
            if recent.count >= Self.maximumAddresses { recent = recent.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
            var times = (recent[address] ?? []).filter { now.timeIntervalSince($0) < window }
            guard times.count < limit else { recent[address] = times; return false }
            times.append(now)
            recent[address] = times
            return true
        }
    }
}
