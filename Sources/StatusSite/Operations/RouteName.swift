/// A small fixed set of names for request paths, so metrics have bounded labels whatever
/// addresses clients make up: never a raw path.
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

    /// Named for every completed request, so it reads the path's bytes and allocates nothing.
    init(path: String) {
        var contiguous = path
        self = contiguous.withUTF8 { bytes in
            PathBytes.startsWithSlash(bytes) ? RouteName(PathBytes(bytes)) : .other
        }
    }

    private init(_ path: PathBytes) {
        if path[0].isEmpty { self = .home; return }
        if path.segment(0, is: "assets") { self = .asset; return }
        if path.segment(0, is: "healthz") { self = .health; return }
        if path.segment(0, is: "metrics") { self = .metrics; return }
        if path.segment(0, is: "admin") { self = .admin; return }
        if path.segment(0, is: "language") { self = .language; return }
        if path.segment(0, is: "api") {
            if path.segment(1, is: "v2") { self = .apiV2; return }
            if path.segment(1, is: "v1") { self = .apiV1; return }
        }
        // "/{language}/..." with a two- or three-letter code.
        let first = path.bytes[path[0]]
        guard (2...3).contains(first.count), first.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { self = .other; return }
        if path.count == 1 || path[1].isEmpty { self = .home }
        else if path.segment(1, is: "history") { self = .history }
        else if path.segment(1, is: "incidents") { self = .incident }
        else if path.segment(1, is: "maintenance") { self = .maintenance }
        else if path.segment(1, is: "feed.rss") || path.segment(1, is: "feed.atom") || path.segment(1, is: "maintenance.ics") { self = .feed }
        else if path.segment(1, is: "components")
            && (path.range(path.lastNonEmpty, is: "feed.atom") || path.range(path.lastNonEmpty, is: "maintenance.ics")) { self = .feed }
        else if path.segment(1, is: "subscribe") || path.segment(1, is: "unsubscribe") { self = .subscription }
        else { self = .other }
    }
}
