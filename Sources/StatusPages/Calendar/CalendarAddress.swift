import StatusModel

/// One maintenance calendar: the whole site's (`/sv/maintenance.ics`) or one component's
/// (`/sv/components/bank-sync/maintenance.ics`).
public struct CalendarAddress: Hashable, Sendable {
    public static let fileName = "maintenance.ics"
    public static let contentType = "text/calendar; charset=utf-8"

    public var language: LanguageCode
    /// nil for the site-wide calendar.
    public var componentSlug: String?

    public init(language: LanguageCode, componentSlug: String? = nil) {
        self.language = language; self.componentSlug = componentSlug
    }

    /// "/maintenance.ics", "/components/bank-sync/maintenance.ics": the path after the language segment.
    public var pathWithoutLanguage: String {
        componentSlug.map { "/components/\($0)/\(Self.fileName)" } ?? "/\(Self.fileName)"
    }
}
