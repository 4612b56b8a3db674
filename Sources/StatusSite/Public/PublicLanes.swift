import HTTPServer

extension PublicSite {
    /// The lane of a public request: only answers that cost a lookup (fresh cache entries,
    /// static assets, redirects, liveness) are answered on the I/O thread.
    func lane(for route: Route, request: Request) -> RequestLane {
        let key: String
        switch route {
        case .subscription:
            return .work
        case _ where request.method != "GET" && request.method != "HEAD":
            return .ready
        case .health:
            return request.query.contains { $0.name == "live" } ? .ready : .work
        case .home, .history, .incident, .maintenance:
            key = Self.cacheKey(of: route)
        case .feed(let address):
            key = Self.cacheKey(of: address)
        case .calendar(let address):
            key = Self.cacheKey(of: address)
        case .badge(let address):
            key = Self.cacheKey(of: address, language: badgeLanguage(request))
        case .statuspage(let document):
            key = Self.cacheKey(of: document, language: statuspageLanguage(request))
        // Listed one by one, not `default`: a new route must decide, or it would render on the I/O thread.
        case .root, .chooseLanguage, .asset, .redirect, .notFound, .badRequest:
            return .ready
        }
        return cache.answersFromMemory(key, now: clock()) ? .ready : .work
    }
}
