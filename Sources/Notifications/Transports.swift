import Foundation
import StatusModel

/// One email, rendered and addressed, ready for the relay.
public struct OutgoingEmail: Sendable, Hashable {
    public var from: EmailAddress
    public var fromName: String
    public var to: EmailAddress
    public var subject: String
    public var text: String
    public var html: String
    /// Derived from the event and subscriber, so a copy resent after a crash carries the same id
    /// and mail systems (and people) can tell it is the same message.
    public var messageID: String
    public var date: Date
    public var headers: [Header]

    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    public init(from: EmailAddress, fromName: String, to: EmailAddress, subject: String, text: String, html: String,
                messageID: String, date: Date, headers: [Header]) {
        self.from = from; self.fromName = fromName; self.to = to; self.subject = subject; self.text = text; self.html = html
        self.messageID = messageID; self.date = date; self.headers = headers
    }
}

/// Sends email. Called from the sender's thread only, one message at a time.
public protocol EmailTransport: AnyObject {
    func send(_ email: OutgoingEmail) -> DeliveryOutcome
}

/// POSTs webhook payloads. Called from the sender's thread only.
public protocol WebhookTransport: AnyObject {
    func post(url: String, body: [UInt8], headers: [OutgoingEmail.Header]) -> DeliveryOutcome
}

/// What the sender needs rendered; StatusPages' NotificationRenderer provides it.
public protocol NotificationRendering: Sendable {
    func renderEmail(for event: NotificationEvent, language: LanguageCode, unsubscribeURL: String) throws -> (subject: String, text: String, html: String)
    func renderConfirmation(language: LanguageCode, confirmURL: String, componentNames: [String], expiresAt: Date) throws
        -> (subject: String, text: String, html: String)
    /// A reminder to staff (`incident.stale`); `period` is `[notifications] stale_incident_minutes` in seconds.
    func renderStaffEmail(for event: NotificationEvent, language: LanguageCode, period: TimeInterval) throws
        -> (subject: String, text: String, html: String)
    /// The body in the receiver's format: the signed JSON or a chat tool's message.
    func renderWebhookPayload(for event: NotificationEvent, format: WebhookFormat, language: LanguageCode) -> [UInt8]
}
