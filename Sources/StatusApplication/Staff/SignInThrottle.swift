import Foundation

/// Slows down password guessing: after `threshold` failures for an account (or from an address, or
/// with one device cookie), further attempts are refused for a delay that doubles with each
/// failure, up to `maximumDelay`. A device cookie's failures count only against that device (with
/// the account's threshold), and the account and address locks do not apply to it (`DeviceCookie`).
/// In memory: a restart forgives, which is acceptable for a single-process server.
public struct ThrottlePolicy: Sendable, Hashable {
    public var accountThreshold: Int
    /// Higher than the account's: an office behind one NAT address shares it.
    public var addressThreshold: Int
    public var baseDelay: TimeInterval
    public var maximumDelay: TimeInterval

    public init(accountThreshold: Int = 5, addressThreshold: Int = 20, baseDelay: TimeInterval = 30,
                maximumDelay: TimeInterval = 3600) {
        self.accountThreshold = accountThreshold; self.addressThreshold = addressThreshold
        self.baseDelay = baseDelay; self.maximumDelay = maximumDelay
    }

    public static let standard = ThrottlePolicy()
}

final class SignInThrottle: @unchecked Sendable {
    private struct Failures {
        var count = 0
        var lockedUntil = Date.distantPast
        var last = Date.distantPast
    }

    private let policy: ThrottlePolicy
    private let lock = NSLock()
    // Guarded by `lock`.
    private var accounts: [String: Failures] = [:]
    private var addresses: [String: Failures] = [:]
    /// Keyed by the device cookie's nonce.
    private var devices: [String: Failures] = [:]
    /// Nonces of device cookies that came with a successful sign-in since start (`SignInBudget`'s reserve).
    private var knownDevices: Set<String> = []
    /// Bounds memory under a flood of distinct emails or addresses.
    private static let maximumEntries = 50_000

    init(policy: ThrottlePolicy) {
        self.policy = policy
    }

    /// Seconds to wait before another attempt is allowed, or nil if one may be made now.
    func retryAfter(account: String, address: String, now: Date) -> Int? {
        lock.withLock {
            let wait = max(accounts[account]?.lockedUntil.timeIntervalSince(now) ?? 0,
                           addresses[address]?.lockedUntil.timeIntervalSince(now) ?? 0)
            return wait > 0 ? Int(wait.rounded(.up)) : nil
        }
    }

    func recordFailure(account: String, address: String, now: Date) {
        lock.withLock {
            Self.record(&accounts[account, default: Failures()], threshold: policy.accountThreshold, policy: policy, now: now)
            Self.record(&addresses[address, default: Failures()], threshold: policy.addressThreshold, policy: policy, now: now)
            if accounts.count + addresses.count + devices.count > Self.maximumEntries { prune(now: now) }
        }
    }

    func recordSuccess(account: String) {
        lock.withLock { _ = accounts.removeValue(forKey: account) }
    }

    func retryAfter(device: String, now: Date) -> Int? {
        lock.withLock {
            let wait = devices[device]?.lockedUntil.timeIntervalSince(now) ?? 0
            return wait > 0 ? Int(wait.rounded(.up)) : nil
        }
    }

    func recordFailure(device: String, now: Date) {
        lock.withLock {
            Self.record(&devices[device, default: Failures()], threshold: policy.accountThreshold, policy: policy, now: now)
            if accounts.count + addresses.count + devices.count > Self.maximumEntries { prune(now: now) }
        }
    }

    func recordSuccess(device: String) {
        lock.withLock { _ = devices.removeValue(forKey: device) }
    }

    func rememberDevice(_ nonce: String) {
        lock.withLock {
            if knownDevices.count >= Self.maximumEntries { knownDevices.removeAll() }
            knownDevices.insert(nonce)
        }
    }

    func isKnownDevice(_ nonce: String) -> Bool {
        lock.withLock { knownDevices.contains(nonce) }
    }

    private static func record(_ failures: inout Failures, threshold: Int, policy: ThrottlePolicy, now: Date) {
        // A day without failures starts the count afresh.
        if now.timeIntervalSince(failures.last) > 86_400 { failures = Failures() }
        failures.count += 1
        failures.last = now
        if failures.count >= threshold {
            let exponent = min(failures.count - threshold, 20)
            let delay = min(policy.baseDelay * pow(2, Double(exponent)), policy.maximumDelay)
            failures.lockedUntil = now.addingTimeInterval(delay)
        }
    }

    private func prune(now: Date) {
        let stale: (Failures) -> Bool = { $0.lockedUntil < now && now.timeIntervalSince($0.last) > 3600 }
        accounts = accounts.filter { !stale($0.value) }
        addresses = addresses.filter { !stale($0.value) }
        devices = devices.filter { !stale($0.value) }
    }
}
