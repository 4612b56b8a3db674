/// A small fixed set of names for request paths, so metrics have bounded labels whatever
/// addresses clients make up: never a raw path. Derived from the parsed `SiteRoute`, so the
/// label says what the site answered, not what the path looked like.
enum RouteName: String, CaseIterable, Sendable {
    case home, history, incident, maintenance, feed, subscription, language, asset, health, metrics
    case apiV2 = "api_v2", apiV1 = "api_v1", admin, other

    /// The position in `allCases` (which builds a new array on every call), for metrics tables.
    var ordinal: Int {
        switch self {
        case .home: 0
        case .history: 1
        case .incident: 2
        case .maintenance: 3
        case .feed: 4
        case .subscription: 5
        case .language: 6
        case .asset: 7
        case .health: 8
        case .metrics: 9
        case .apiV2: 10
        case .apiV1: 11
        case .admin: 12
        case .other: 13
        }
    }

    private static let byOrdinal = allCases

    /// The name at `ordinal`; nil for a number that is not one.
    init?(ordinal: Int) {
        guard Self.byOrdinal.indices.contains(ordinal) else { return nil }
        self = Self.byOrdinal[ordinal]
    }

    init(_ route: SiteRoute, router: Router) {
        switch route {
        case .publicSite(.redirect(let location)):
            // "/sv" and "/sv/history/" count as the page they redirect to (one step: a redirect's
            // target is canonical).
            if case .publicSite(let target) = SiteRoute(path: location, router: router), !Self.isRedirect(target) {
                self.init(.publicSite(target), router: router)
            } else {
                self = .other
            }
        case .publicSite(let route): self = Self.name(route)
        case .admin: self = .admin
        case .writeAPI: self = .apiV1
        case .metrics: self = .metrics
        // The label set is fixed (dashboards use it); the Statuspage v1 compatibility API has none of its own.
        case .statuspageV1: self = .other
        }
    }

    private static func isRedirect(_ route: Route) -> Bool {
        if case .redirect = route { return true }
        return false
    }

    private static func name(_ route: Route) -> RouteName {
        switch route {
        case .root, .home: .home
        case .history: .history
        case .incident: .incident
        case .maintenance: .maintenance
        case .feed, .calendar: .feed
        case .subscription: .subscription
        case .chooseLanguage: .language
        case .asset: .asset
        case .health: .health
        case .statuspage: .apiV2
        // Badges have had no label of their own; unknown and malformed addresses are "other".
        case .badge, .redirect, .notFound, .badRequest: .other
        }
    }
}
