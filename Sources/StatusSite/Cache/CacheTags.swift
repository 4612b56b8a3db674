import StatusModel
import StatusPages

/// The tags a public response depends on, sent in its `xkey` header (Varnish's xkey vmod; a CDN
/// maps them to its surrogate keys), and the tags a change makes stale, sent to the caches in
/// `PURGE` requests. One place for both, so a page and the changes that touch it cannot disagree.
///
/// Every cached public response carries `site`. Beyond that a page is tagged by what it shows:
/// the home page, the history, a permalink (`incident-42`, `maintenance-7`), a feed (`feeds`
/// plus `feed-sv` or `component-bank-sync`), the Statuspage JSON (`json`).
public enum CacheTags {
    static let site = "site"
    static let home = "home"
    static let history = "history"
    static let feeds = "feeds"
    static let json = "json"

    static func incident(_ id: Int64) -> String { "incident-\(id)" }
    static func maintenance(_ id: Int64) -> String { "maintenance-\(id)" }
    static func feed(_ language: LanguageCode) -> String { "feed-\(language)" }
    static func component(_ slug: String) -> String { "component-\(slug)" }

    /// The `xkey` header field of a public response.
    static func header(_ tags: [String]) -> (String, String) { ("xkey", ([site] + tags).joined(separator: " ")) }

    static func page(_ route: Route) -> [String] {
        switch route {
        case .home: [home]
        case .history: [history]
        case .incident(_, let id): [incident(id)]
        case .maintenance(_, let id): [maintenance(id)]
        default: []
        }
    }

    /// Maintenance calendars list windows, which every maintenance change purges with the feeds.
    static let calendar = [feeds]
    /// A badge shows what the home page's banner and component list show.
    static let badge = [home]

    static func feed(_ address: FeedAddress) -> [String] {
        [feeds, address.componentSlug.map(component) ?? feed(address.language)]
    }

    /// What a staff write changed (the application layer's `PublishedChange`), known here by the
    /// tags it makes stale.
    public typealias Change = PublishedChange
}

extension PublishedChange {
    /// What a change makes stale. An incident or a maintenance window shows on the home page,
    /// in the history, the feeds (component feeds included) and the JSON, and on its permalink;
    /// anything else may show on every page.
    var tags: [String] {
        switch self {
        case .incident(let id): [CacheTags.home, CacheTags.history, CacheTags.feeds, CacheTags.json, CacheTags.incident(id)]
        case .maintenance(let id): [CacheTags.home, CacheTags.history, CacheTags.feeds, CacheTags.json, CacheTags.maintenance(id)]
        case .everything: [CacheTags.site]
        }
    }
}
