/// A small fixed set of names for request paths, so metrics have bounded labels whatever
/// addresses clients make up: never a raw path.
enum RouteName: String, CaseIterable, Sendable {
    case home, history, incident, maintenance, feed, language, asset, health, metrics
    case apiV2 = "api_v2", apiV1 = "api_v1", admin, other

    init(path: String) {
        let segments = path.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        // segments[0] is "" for any path starting with "/".
        guard segments.count >= 2, segments[0].isEmpty else { self = .other; return }
        let first = segments[1]
        let second = segments.count > 2 ? segments[2] : nil
        switch first {
        case "": self = .home
        case "assets": self = .asset
        case "healthz": self = .health
        case "metrics": self = .metrics
        case "admin": self = .admin
        case "language": self = .language
        case "api" where second == "v2": self = .apiV2
        case "api" where second == "v1": self = .apiV1
        default:
            // "/{language}/..." with a two- or three-letter code.
            guard (2...3).contains(first.utf8.count), first.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { self = .other; return }
            let last = path.split(separator: "/").last
            switch second {
            case nil, "": self = .home
            case "history": self = .history
            case "incidents": self = .incident
            case "maintenance": self = .maintenance
            case "feed.rss", "feed.atom": self = .feed
            case "components" where last == "feed.atom": self = .feed
            default: self = .other
            }
        }
    }
}
