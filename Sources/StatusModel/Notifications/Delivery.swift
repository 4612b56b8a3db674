import Foundation

public enum DeliveryChannel: String, Sendable, Codable, CaseIterable {
    case email, webhook
    /// A reminder to staff (`incident.stale`), to an admin account or a `[notifications] staff_emails` address.
    case staff
}

public enum DeliveryState: String, Sendable, Codable, CaseIterable {
    /// Waiting for its (next) attempt.
    case pending
    case delivered
    /// Given up: a permanent refusal, or too many attempts.
    case failed
}

/// How one attempt ended, as the sender reports it.
public enum DeliveryOutcome: Hashable, Sendable {
    case delivered
    /// Worth trying again later (connection refused, timeout, 4xx SMTP reply, HTTP 5xx/429/408).
    case transientFailure(String)
    /// Trying again cannot help (mailbox does not exist, HTTP 4xx, the subscriber is gone).
    case permanentFailure(String)
}

/// When to try again: exponential backoff with jitter, then give up.
public struct RetryPolicy: Hashable, Sendable {
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    public var maximumAttempts: Int

    /// 30 s, 1 min, 2 min … capped at 1 h; twelve attempts span about six hours.
    public static let standard = RetryPolicy(firstDelay: 30, maximumDelay: 3_600, maximumAttempts: 12)

    public init(firstDelay: TimeInterval, maximumDelay: TimeInterval, maximumAttempts: Int) {
        self.firstDelay = firstDelay; self.maximumDelay = maximumDelay; self.maximumAttempts = maximumAttempts
    }

    /// When to make the next attempt after `attempts` failed ones, or nil to give up.
    /// `jitter` in 0...1 spreads retries by up to ±20 % so a recovering receiver is not hit all at once.
    public func nextAttempt(afterFailedAttempts attempts: Int, at now: Date, jitter: Double) -> Date? {
        guard attempts < maximumAttempts else { return nil }
        let exponent = Double(max(0, attempts - 1))
        let delay = min(maximumDelay, firstDelay * pow(2, min(exponent, 40)))
        let spread = 1 + (min(max(jitter, 0), 1) - 0.5) * 0.4
        return now.addingTimeInterval(delay * spread)
    }
}

/// One recipient's copy of one event, as the admin UI lists them.
public struct DeliveryRecord: Hashable, Sendable, Identifiable {
    public var id: Int64
    public var eventID: Int64
    public var channel: DeliveryChannel
    /// The address or URL, for staff; nil once the subscriber was deleted.
    public var recipient: String?
    public var state: DeliveryState
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var deliveredAt: Date?

    public init(id: Int64, eventID: Int64, channel: DeliveryChannel, recipient: String?, state: DeliveryState, attempts: Int,
                nextAttemptAt: Date?, lastError: String?, deliveredAt: Date?) {
        self.id = id; self.eventID = eventID; self.channel = channel; self.recipient = recipient; self.state = state
        self.attempts = attempts; self.nextAttemptAt = nextAttemptAt; self.lastError = lastError; self.deliveredAt = deliveredAt
    }
}
