import StatusModel
import StatusPages

/// Maps a request path to a `Route` for the languages this site publishes in.
struct Router: Sendable {
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
        // "/sv" -> "/sv/"; "/sv/history/" -> "/sv/history": one address per page.
        if rest.isEmpty { return .redirect("/\(language)/") }
        if rest == [""] { return .home(language) }
        if rest.count > 1, rest.last == "" { return .redirect(String(path.dropLast())) }

        switch (rest[0], rest.count) {
        case ("history", 1):
            return .history(language, nil)
        case ("history", 2):
            guard let month = YearMonth(rest[1]) else { return .badRequest(language) }
            return .history(language, month)
        case ("incidents", 2):
            guard let id = positiveID(rest[1]) else { return .badRequest(language) }
            return .incident(language, id)
        case ("maintenance", 2):
            guard let id = positiveID(rest[1]) else { return .badRequest(language) }
            return .maintenance(language, id)
        case ("subscribe", 1):
            return .subscription(language, .form)
        case ("subscribe", 2) where rest[1] == "confirm":
            return .subscription(language, .confirm)
        case ("unsubscribe", 1):
            return .subscription(language, .unsubscribe)
        case ("feed.rss", 1), ("feed.atom", 1):
            let format: FeedAddress.Format = rest[0] == "feed.rss" ? .rss : .atom
            return .feed(FeedAddress(language: language, format: format))
        case ("components", 3) where rest[2] == "feed.atom":
            // The slug itself is checked by looking it up; the store's slugs are at most 64 characters.
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
