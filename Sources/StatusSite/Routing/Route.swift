import StatusModel
import StatusPages

/// Every public address the site answers, parsed from a request path.
/// Parsing is separate from handling so it can be tested without a server.
enum Route: Equatable {
    /// `/`: pick a language and redirect.
    case root
    /// `/language/{code}?to=/path`: remember an explicit choice, then redirect.
    case chooseLanguage(LanguageCode)
    case home(LanguageCode)
    case history(LanguageCode, YearMonth?)
    case incident(LanguageCode, Int64)
    case maintenance(LanguageCode, Int64)
    /// `/{lang}/feed.rss|atom`, `/{lang}/components/{slug}/feed.atom`.
    case feed(FeedAddress)
    /// `/{lang}/maintenance.ics`, `/{lang}/components/{slug}/maintenance.ics`.
    case calendar(CalendarAddress)
    /// `/badge/status.svg|json`, `/badge/components/{slug}.svg|json`.
    case badge(BadgeAddress)
    case asset(String)
    /// `/api/v2/*.json`: Statuspage-compatible public JSON.
    case statuspage(StatuspageDocument)
    case health
    /// `/{lang}/subscribe`, `/{lang}/subscribe/confirm`, `/{lang}/unsubscribe`: email subscriptions.
    case subscription(LanguageCode, SubscriptionStep)
    /// A canonical form of the same address exists (missing or extra trailing slash).
    case redirect(String)
    case notFound(LanguageCode?)
    case badRequest(LanguageCode?)
}

enum SubscriptionStep: Equatable {
    case form, confirm, unsubscribe
}
