import Foundation
import StatusModel

/// One feed the site publishes: the whole site's (`/sv/feed.rss`, `/en/feed.atom`) or one
/// component's (`/sv/components/bank-sync/feed.atom`).
public struct FeedAddress: Hashable, Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case rss, atom

        public var contentType: String {
            switch self {
            case .rss: "application/rss+xml; charset=utf-8"
            case .atom: "application/atom+xml; charset=utf-8"
            }
        }
    }

    public var language: LanguageCode
    public var format: Format
    /// nil for the site-wide feed.
    public var componentSlug: String?

    public init(language: LanguageCode, format: Format, componentSlug: String? = nil) {
        self.language = language; self.format = format; self.componentSlug = componentSlug
    }

    /// "/feed.rss", "/components/bank-sync/feed.atom": the path after the language segment.
    public var pathWithoutLanguage: String {
        let file = "feed.\(format.rawValue)"
        return componentSlug.map { "/components/\($0)/\(file)" } ?? "/\(file)"
    }
}
