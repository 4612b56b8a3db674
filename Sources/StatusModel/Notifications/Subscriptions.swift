import Foundation

/// Someone who asked for email about the service. Nothing is sent before `confirmedAt`.
public struct EmailSubscriber: Hashable, Sendable, Identifiable {
    public var id: Int64
    public var email: EmailAddress
    public var language: LanguageCode
    public var filter: ComponentFilter
    public var createdAt: Date
    public var confirmedAt: Date?

    public init(id: Int64, email: EmailAddress, language: LanguageCode, filter: ComponentFilter, createdAt: Date,
                confirmedAt: Date?) {
        self.id = id; self.email = email; self.language = language; self.filter = filter
        self.createdAt = createdAt; self.confirmedAt = confirmedAt
    }

    public var isConfirmed: Bool { confirmedAt != nil }
}

/// A receiver of signed JSON payloads, set up by staff.
public struct WebhookSubscription: Hashable, Sendable, Identifiable {
    public var id: Int64
    public var url: String
    /// The HMAC key; shown to staff once when generated, kept to sign every payload.
    public var secret: String
    public var language: LanguageCode
    public var filter: ComponentFilter
    public var description: String
    public var createdAt: Date
    /// What the receiver is sent: the signed JSON or a chat tool's message.
    public var format: WebhookFormat

    public init(id: Int64, url: String, secret: String, language: LanguageCode, filter: ComponentFilter, description: String,
                createdAt: Date, format: WebhookFormat = .driftstatus) {
        self.id = id; self.url = url; self.secret = secret; self.language = language; self.filter = filter
        self.description = description; self.createdAt = createdAt; self.format = format
    }

    /// The URL with its scheme and host in lowercase ("HTTP://Hooks.Example.COM/In" becomes
    /// "http://hooks.example.com/In"): both are case-insensitive, and the database accepts
    /// only "http://" and "https://". The rest keeps its case.
    public static func normalizedURL(_ text: String) -> String {
        guard let separator = text.range(of: "://") else { return text }
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? text.endIndex
        return text[..<separator.upperBound].lowercased() + rest[..<authorityEnd].lowercased() + rest[authorityEnd...]
    }

    /// http(s) with a host; nothing else can be posted to.
    public static func isAcceptableURL(_ text: String) -> Bool {
        guard text.count <= 2_000, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty,
              url.user == nil, url.password == nil else { return false }
        return !text.contains(where: { $0.isWhitespace })
    }
}

/// The body a webhook receiver gets. Raw values are the API's and the database's names.
public enum WebhookFormat: String, CaseIterable, Sendable, Codable {
    /// Statuspage-shaped JSON signed with HMAC-SHA256 (docs/webhooks.md).
    case driftstatus
    /// A Slack incoming webhook: `text` plus Block Kit `blocks`.
    case slack
    /// A Microsoft Teams Workflows webhook: a message with one Adaptive Card attachment.
    case teams
    /// A Discord webhook: `content` plus `embeds`.
    case discord
}
