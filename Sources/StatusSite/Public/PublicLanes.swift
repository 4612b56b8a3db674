import HTTPServer

extension PublicSite {
    /// The lane of a public request: only answers that cost a lookup (cache entries answered
    /// from memory, static assets, redirects, liveness) are answered on the I/O thread.
    func lane(for route: Route, request: Request) -> RequestLane {
        switch route {
        case .subscription:
            return .work
        case _ where request.method != "GET" && request.method != "HEAD":
            return .ready
        case .health:
            return request.query.contains { $0.name == "live" } ? .ready : .work
        case .home, .history, .incident, .maintenance, .feed, .calendar, .badge, .statuspage:
            guard let key = cacheKey(for: route, request: request) else { return .work }
            return cache.answersFromMemory(key, now: clock()) ? .ready : .work
        // Listed one by one, not `default`: a new route must decide, or it would render on the I/O thread.
        case .root, .chooseLanguage, .asset, .redirect, .notFound, .badRequest:
            return .ready
        }
    }

    /// What `handle` answers for a cached page, feed, calendar, badge or JSON document that the
    /// render cache answers from memory; nil for anything else (another route, a method other
    /// than GET and HEAD, a page that must be rendered first). The request threads' fast path:
    /// the key is made and looked up once.
    func answerFromMemory(_ route: Route, request: Request) -> Response? {
        guard request.method == "GET" || request.method == "HEAD", let key = cacheKey(for: route, request: request),
              let cached = cache.cachedResponse(for: key, now: clock()) else { return nil }
        return cached.answer(to: request)
    }

    /// The render cache's key of a cached route; nil for routes that are not cached.
    func cacheKey(for route: Route, request: Request) -> String? {
        switch route {
        case .home, .history, .incident, .maintenance: Self.cacheKey(of: route)
        case .feed(let address): Self.cacheKey(of: address)
        case .calendar(let address): Self.cacheKey(of: address)
        case .badge(let address): Self.cacheKey(of: address, language: badgeLanguage(request))
        case .statuspage(let document): Self.cacheKey(of: document, language: statuspageLanguage(request))
        case .subscription, .health, .root, .chooseLanguage, .asset, .redirect, .notFound, .badRequest: nil
        }
    }
}
