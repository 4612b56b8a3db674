import Foundation

/// The published long-form explanation of a resolved incident (Statuspage's postmortem).
public struct Postmortem: Hashable, Sendable, Codable {
    public var body: LocalizedText
    /// The first publication: Statuspage's `postmortem_published_at`.
    public var publishedAt: Date
    /// The latest publication of an edited text (equal to `publishedAt` until then).
    public var lastPublishedAt: Date

    public init(body: LocalizedText, publishedAt: Date, lastPublishedAt: Date? = nil) {
        self.body = body; self.publishedAt = publishedAt; self.lastPublishedAt = lastPublishedAt ?? publishedAt
    }
}

/// What staff are writing: private until published.
public struct PostmortemDraft: Hashable, Sendable, Codable {
    public var incidentID: Int64
    public var body: LocalizedText
    public var savedAt: Date
    /// Nil until first published.
    public var published: Postmortem?

    public init(incidentID: Int64, body: LocalizedText, savedAt: Date, published: Postmortem? = nil) {
        self.incidentID = incidentID; self.body = body; self.savedAt = savedAt; self.published = published
    }

    /// Whether the draft holds changes the public page does not show yet.
    public var hasUnpublishedChanges: Bool { published?.body != body }
}

extension TextLimits {
    /// A postmortem is long-form: room for a few pages per language.
    public static let postmortem = 50_000
}

/// The rules a postmortem text must meet before it is saved (the admin form and the API alike).
public enum PostmortemRules {
    public static func validate(_ body: LocalizedText, languages: [LanguageCode]) -> [FieldError] {
        TextRules.check(body, field: "body", limit: TextLimits.postmortem, kind: .multiLine, required: true, languages: languages)
    }
}
