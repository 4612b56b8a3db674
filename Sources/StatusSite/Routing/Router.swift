import StatusModel
import StatusPages

/// Maps a request path to a `Route` for the languages this site publishes in.
///
/// Runs on every request, so it reads the path's bytes (`PathBytes`) and makes Strings only
/// for the parts a route carries (an asset name, a slug).
struct Router: Sendable {
    let languages: [LanguageCode]

    func route(_ path: String) -> Route {
        var contiguous = path
        return contiguous.withUTF8 { bytes in
            guard PathBytes.startsWithSlash(bytes) else { return .badRequest(nil) }
            return route(PathBytes(bytes))
        }
    }

    /// The route of a path already split into segments (`SiteRoute` splits once for both).
    func route(_ path: PathBytes) -> Route {
        if path.bytes.count == 1 { return .root }
        if path.segment(0, is: "assets") {
            return path.count == 2 && isSafeFileName(path, path[1]) ? .asset(path.string(path[1])) : .notFound(nil)
        }
        if path.segment(0, is: "api"), path.count >= 3, path.segment(1, is: "v2") {
            // Everything after "/api/v2/".
            return StatuspageDocument(path: path.rest(from: 2)).map(Route.statuspage) ?? .notFound(nil)
        }
        if path.segment(0, is: "badge") {
            return badge(path).map(Route.badge) ?? .notFound(nil)
        }
        if path.segment(0, is: "healthz") {
            return path.count == 1 ? .health : .notFound(nil)
        }
        if path.segment(0, is: "language") {
            guard path.count == 2, let code = siteLanguage(path, path[1]) else { return .notFound(nil) }
            return .chooseLanguage(code)
        }
        guard let language = siteLanguage(path, path[0]) else { return .notFound(nil) }
        return route(language: language, path: path)
    }

    private func route(language: LanguageCode, path: PathBytes) -> Route {
        // Segments after the language. "/sv" -> "/sv/"; "/sv/history/" -> "/sv/history": one address per page.
        let rest = path.count - 1
        if rest == 0 { return .redirect(Route.home(language).path) }
        if rest == 1, path[1].isEmpty { return .home(language) }
        if rest > 1, path.last.isEmpty { return .redirect(path.string(0..<(path.bytes.count - 1))) }

        switch rest {
        case 1 where path.segment(1, is: "history"):
            return .history(language, nil)
        case 2 where path.segment(1, is: "history"):
            guard let month = YearMonth(path.string(path[2])) else { return .badRequest(language) }
            return .history(language, month)
        case 2 where path.segment(1, is: "incidents"):
            guard let id = positiveID(path, path[2]) else { return .badRequest(language) }
            return .incident(language, id)
        case 2 where path.segment(1, is: "maintenance"):
            guard let id = positiveID(path, path[2]) else { return .badRequest(language) }
            return .maintenance(language, id)
        case 1 where path.segment(1, is: "subscribe"):
            return .subscription(language, .form)
        case 2 where path.segment(1, is: "subscribe") && path.segment(2, is: "confirm"):
            return .subscription(language, .confirm)
        case 1 where path.segment(1, is: "unsubscribe"):
            return .subscription(language, .unsubscribe)
        case 1 where path.segment(1, is: "feed.rss"):
            return .feed(FeedAddress(language: language, format: .rss))
        case 1 where path.segment(1, is: "feed.atom"):
            return .feed(FeedAddress(language: language, format: .atom))
        case 1 where path.segment(1, is: "maintenance.ics"):
            return .calendar(CalendarAddress(language: language))
        case 3 where path.segment(1, is: "components") && path.segment(3, is: "feed.atom"):
            guard let slug = slug(path, path[2]) else { return .notFound(language) }
            return .feed(FeedAddress(language: language, format: .atom, componentSlug: slug))
        case 3 where path.segment(1, is: "components") && path.segment(3, is: "maintenance.ics"):
            guard let slug = slug(path, path[2]) else { return .notFound(language) }
            return .calendar(CalendarAddress(language: language, componentSlug: slug))
        default:
            return .notFound(language)
        }
    }

    /// `/badge/status.svg`, `/badge/components/{slug}.json`: the format is the file's extension.
    private func badge(_ path: PathBytes) -> BadgeAddress? {
        let file: String
        var componentSlug: String?
        switch path.count {
        case 2: file = path.string(path[1])
        case 3 where path.segment(1, is: "components"): file = path.string(path[2])
        default: return nil
        }
        guard let dot = file.lastIndex(of: "."), let format = BadgeAddress.Format(rawValue: String(file[file.index(after: dot)...])) else {
            return nil
        }
        let name = String(file[..<dot])
        if path.count == 3 {
            guard (1...64).contains(name.count) else { return nil }
            componentSlug = name
        } else if name != "status" {
            return nil
        }
        return BadgeAddress(componentSlug: componentSlug, format: format)
    }

    /// A component slug segment: checked by looking it up; the store's slugs are at most 64 characters.
    private func slug(_ path: PathBytes, _ segment: Range<Int>) -> String? {
        let slug = path.string(segment)
        return (1...64).contains(slug.count) ? slug : nil
    }

    /// One of the site's languages, spelled exactly as its code (so "SV" is not "sv").
    private func siteLanguage(_ path: PathBytes, _ segment: Range<Int>) -> LanguageCode? {
        languages.first { path.range(segment, equals: $0.rawValue) }
    }

    /// Digits only, no sign, no leading zero, at most 18 digits: one spelling per id.
    private func positiveID(_ path: PathBytes, _ segment: Range<Int>) -> Int64? {
        let digits = path.bytes[segment]
        guard (1...18).contains(digits.count), digits.first != UInt8(ascii: "0") else { return nil }
        var id: Int64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            id = id * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        return id
    }

    private func isSafeFileName(_ path: PathBytes, _ segment: Range<Int>) -> Bool {
        let name = path.bytes[segment]
        return !name.isEmpty && name.first != UInt8(ascii: ".") && name.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                return true
            default:
                return false
            }
        }
    }
}
