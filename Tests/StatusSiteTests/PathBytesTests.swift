import StatusModel
import StatusPages
import TestSupport
import Testing
@testable import StatusSite

/// The byte-level router and route naming must answer exactly as the String-based versions
/// they replaced (kept below as the reference) for every path made of ASCII.
@Suite struct PathBytesTests {
    static let segments = ["", "sv", "en", "de", "SV", "incidents", "maintenance", "history", "components", "feed.atom", "feed.rss",
                           "assets", "api", "v1", "v2", "summary.json", "healthz", "metrics", "admin", "language", "..", ".", "style.css",
                           "0", "1", "19", "007", "+5", "-1", "99999999999999999999", "123456789012345678", "2026-11", "2026-13", "x",
                           "bank-sync", String(repeating: "a", count: 65), "\\", "a b"]

    static func randomPath(_ random: inout FuzzRandom) -> String {
        var path = random.chance(97) ? "/" : ""
        path += (0..<random.int(0...6)).map { _ in random.pick(segments) }.joined(separator: "/")
        if random.chance(20) { path += "/" }
        return path
    }

    @Test func routerAgreesWithTheStringRouter() {
        var random = FuzzRandom.seeded("path-bytes-router", salt: 11)
        let router = Router(languages: [.swedish, .english])
        let reference = ReferenceRouter(languages: [.swedish, .english])
        for iteration in 0..<5_000 {
            let path = Self.randomPath(&random)
            #expect(router.route(path) == reference.route(path), "iteration \(iteration): \(path.debugDescription)")
        }
    }

    /// Names now come from the parsed route: for every path the site answers as an address
    /// (not a 404 or 400), the label is the one the path-based naming gave.
    @Test func routeNamesAgreeWithTheStringVersionOnAddresses() {
        var random = FuzzRandom.seeded("path-bytes-route-name", salt: 12)
        let router = Router(languages: [.swedish, .english])
        var compared = 0
        for iteration in 0..<5_000 {
            let path = Self.randomPath(&random)
            var route = SiteRoute(path: path, router: router)
            if case .publicSite(.redirect(let location)) = route { route = SiteRoute(path: location, router: router) }
            switch route {
            case .publicSite(.notFound), .publicSite(.badRequest), .publicSite(.redirect), .statuspageV1: continue
            default: compared += 1
            }
            #expect(RouteName.of(path) == ReferenceRouteName.name(path), "iteration \(iteration): \(path.debugDescription)")
        }
        #expect(compared > 100)
    }

    @Test func ordinalIsThePositionInAllCases() {
        for (index, route) in RouteName.allCases.enumerated() {
            #expect(route.ordinal == index, "\(route)")
            #expect(RouteName(ordinal: index) == route, "\(route)")
        }
        #expect(RouteName(ordinal: -1) == nil)
        #expect(RouteName(ordinal: RouteName.allCases.count) == nil)
    }

    @Test func segmentsKeepEmptyOnes() {
        var path = "/sv//x/"
        path.withUTF8 { bytes in
            let segments = PathBytes(bytes)
            #expect(segments.count == 4)
            #expect(segments.string(segments[0]) == "sv")
            #expect(segments[1].isEmpty && segments[3].isEmpty)
            #expect(segments.string(segments[2]) == "x")
            #expect(segments.string(segments.lastNonEmpty) == "x")
        }
    }
}

/// The Character-based router as it was before routing moved to bytes.
private struct ReferenceRouter {
    let languages: [LanguageCode]

    func route(_ path: String) -> Route {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard path.hasPrefix("/") else { return .badRequest(nil) }
        if path == "/" { return .root }
        guard let first = segments.first else { return .notFound(nil) }
        switch first {
        case "assets":
            return segments.count == 2 && isSafeFileName(segments[1]) ? .asset(segments[1]) : .notFound(nil)
        case "api" where segments.count >= 3 && segments[1] == "v2":
            return StatuspageDocument(path: segments[2...].joined(separator: "/")).map(Route.statuspage) ?? .notFound(nil)
        case "healthz":
            return segments.count == 1 ? .health : .notFound(nil)
        case "language":
            guard segments.count == 2, let code = siteLanguage(segments[1]) else { return .notFound(nil) }
            return .chooseLanguage(code)
        default:
            guard let language = siteLanguage(first) else { return .notFound(nil) }
            return route(language: language, rest: Array(segments.dropFirst()), path: path)
        }
    }

    private func route(language: LanguageCode, rest: [String], path: String) -> Route {
        if rest.isEmpty { return .redirect("/\(language)/") }
        if rest == [""] { return .home(language) }
        if rest.count > 1, rest.last == "" { return .redirect(String(path.dropLast())) }
        switch (rest[0], rest.count) {
        case ("history", 1): return .history(language, nil)
        case ("history", 2):
            guard let month = YearMonth(rest[1]) else { return .badRequest(language) }
            return .history(language, month)
        case ("incidents", 2):
            guard let id = positiveID(rest[1]) else { return .badRequest(language) }
            return .incident(language, id)
        case ("maintenance", 2):
            guard let id = positiveID(rest[1]) else { return .badRequest(language) }
            return .maintenance(language, id)
        case ("feed.rss", 1), ("feed.atom", 1):
            return .feed(FeedAddress(language: language, format: rest[0] == "feed.rss" ? .rss : .atom))
        case ("components", 3) where rest[2] == "feed.atom":
            guard (1...64).contains(rest[1].count) else { return .notFound(language) }
            return .feed(FeedAddress(language: language, format: .atom, componentSlug: rest[1]))
        default:
            return .notFound(language)
        }
    }

    private func siteLanguage(_ text: String) -> LanguageCode? {
        guard let code = LanguageCode(text), code.rawValue == text, languages.contains(code) else { return nil }
        return code
    }

    private func positiveID(_ text: String) -> Int64? {
        guard text.count <= 18, text.allSatisfy(\.isASCII), let id = Int64(text), id > 0, String(id) == text else { return nil }
        return id
    }

    private func isSafeFileName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}

/// `RouteName(path:)` as it was before it moved to bytes.
private enum ReferenceRouteName {
    static func name(_ path: String) -> RouteName {
        let segments = path.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard segments.count >= 2, segments[0].isEmpty else { return .other }
        let first = segments[1]
        let second = segments.count > 2 ? segments[2] : nil
        switch first {
        case "": return .home
        case "assets": return .asset
        case "healthz": return .health
        case "metrics": return .metrics
        case "admin": return .admin
        case "language": return .language
        case "api" where second == "v2": return .apiV2
        case "api" where second == "v1": return .apiV1
        default:
            guard (2...3).contains(first.utf8.count), first.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return .other }
            let last = path.split(separator: "/").last
            switch second {
            case nil, "": return .home
            case "history": return .history
            case "incidents": return .incident
            case "maintenance": return .maintenance
            case "feed.rss", "feed.atom": return .feed
            case "components" where last == "feed.atom": return .feed
            default: return .other
            }
        }
    }
}
