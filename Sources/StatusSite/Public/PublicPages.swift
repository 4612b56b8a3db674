import Foundation
import HTTPServer
import StatusModel
import StatusPages

/// The public HTML pages, rendered on a cache miss and served from the render cache otherwise.
extension PublicSite {
    /// The site-wide feeds and calendar of one language (served from `Public/Feeds.swift`).
    static func feedRoutes(_ language: LanguageCode) -> [Route] {
        [.feed(FeedAddress(language: language, format: .rss)), .feed(FeedAddress(language: language, format: .atom)),
         .calendar(CalendarAddress(language: language))]
    }

    static let pageCacheControl = "public, max-age=15, stale-while-revalidate=30, stale-if-error=86400"

    func publicPage(_ route: Route, request: Request) -> Response {
        let now = clock()
        let (language, pathWithoutLanguage) = route.languageAndRest ?? (settings.defaultLanguage, "/")
        let key = Self.cacheKey(of: route)
        do {
            // Weak: the cache keeps this closure to render the page again later, and the cache is ours.
            let cached = try cache.response(for: key, now: now) { [weak self] previous, now in
                guard let self else { throw CancellationError() }
                let context = PageContext(language: language, now: now, pathWithoutLanguage: pathWithoutLanguage,
                                          assetVersion: assets.version, rememberLanguageChoice: !isStaticExport)
                let (html, validUntil) = try render(route, context: context)
                let response = CachedResponse(contentType: "text/html; charset=utf-8", body: Array(html.utf8),
                                              cacheControl: Self.pageCacheControl,
                                              extraHeaders: [("Content-Language", language.rawValue), CacheTags.header(CacheTags.page(route))],
                                              bakedHeaders: securityHeaders.publicFields, renderedAt: now, previous: previous)
                return (response, validUntil)
            }
            return cached.answer(to: request)
        } catch {
            return failure(error, language: language, request: request)
        }
    }

    /// The render cache's key for a page route: its path.
    static func cacheKey(of route: Route) -> String { route.path }

    private func render(_ route: Route, context: PageContext) throws -> (String, Date) {
        let now = context.now
        let soon = now.addingTimeInterval(Self.maximumPageAge)
        switch route {
        case .home:
            let firstBar = LocalDay(now, calendar: calendar).adding(days: -89, in: calendar).start(in: calendar)
            let snapshot = try store.snapshot(windowStart: firstBar, now: now)
            let transitions = snapshot.maintenances.compactMap { $0.nextTransition(after: now) }
            return (try renderer.home(snapshot, context: context), ([soon] + transitions).min() ?? soon)
        case .incident(_, let id):
            guard let incident = try store.incident(id: id) else { throw PageDoesNotExist() }
            return (try renderer.incident(incident, components: try store.components(), context: context), soon)
        case .maintenance(_, let id):
            guard let maintenance = try store.maintenance(id: id) else { throw PageDoesNotExist() }
            let transition = maintenance.nextTransition(after: now).map { min($0, soon) } ?? soon
            return (try renderer.maintenance(maintenance, components: try store.components(), context: context), transition)
        case .history(_, let requested):
            let current = YearMonth(now, calendar: calendar)
            let first = try store.firstIncidentStart().map { YearMonth($0, calendar: calendar) } ?? current
            let month = requested ?? current
            guard month <= current, month >= min(first, current) else { throw PageDoesNotExist() }
            let start = month.start(in: calendar), end = month.adding(months: 1).start(in: calendar)
            let html = try renderer.history(
                month: month,
                incidents: try store.incidents(startedFrom: start, before: end),
                maintenances: try store.maintenances(startingFrom: start, before: end),
                components: try store.components(),
                newer: month < current ? month.adding(months: 1) : nil,
                older: month > first ? month.adding(months: -1) : nil,
                context: context)
            return (html, soon)
        default:
            throw PageDoesNotExist()
        }
    }

    /// A proper page in the reader's language with the right status code.
    /// `textKey` replaces the status's usual explanation.
    func errorPage(_ status: Int, language: LanguageCode, textKey: String? = nil) -> Response {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/html; charset=utf-8")
        headers.add("Cache-Control", "no-store")
        headers.add("Content-Language", language.rawValue)
        let context = PageContext(language: language, now: clock(), pathWithoutLanguage: "/",
                                  assetVersion: assets.version, rememberLanguageChoice: !isStaticExport)
        let html = (try? renderer.error(status: status, textKey: textKey, context: context))
            ?? "<!doctype html><title>\(status)</title><h1>\(status)</h1>"
        return Response(status: status, headers: headers, body: ResponseBody(html))
    }
}
