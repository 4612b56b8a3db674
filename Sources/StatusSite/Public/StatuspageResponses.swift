import Foundation
import HTTPServer
import StatusModel
import StatusPages

/// `/api/v2/*.json`: the public JSON many tools already read from Statuspage-hosted pages,
/// served from the render cache like the pages, readable from any origin.
extension PublicSite {
    /// How many incidents and maintenances the "all" lists carry, as Statuspage does.
    static let statuspageListLimit = StatuspageV2Encoder.listLimit

    /// `?lang=` wins; otherwise the reader's Accept-Language, as for `/`.
    func statuspageLanguage(_ request: Request) -> LanguageCode {
        queryLanguage(request)
            ?? negotiation.preferred(acceptLanguage: request.headers["Accept-Language"]) ?? settings.defaultLanguage
    }

    static func cacheKey(of document: StatuspageDocument, language: LanguageCode) -> String {
        // Concatenated, not interpolated: made on every request for the document.
        Route.statuspage(document).path + "?lang=" + language.rawValue
    }

    func statuspageDocument(_ document: StatuspageDocument, request: Request) -> Response {
        let now = clock()
        let language = statuspageLanguage(request)
        let key = Self.cacheKey(of: document, language: language)
        do {
            // Weak: the cache keeps this closure to render the document again later, and the cache is ours.
            let cached = try cache.response(for: key, now: now) { [weak self] previous, now in
                guard let self else { throw CancellationError() }
                let firstBar = LocalDay(now, calendar: calendar).adding(days: -89, in: calendar).start(in: calendar)
                let snapshot = try store.snapshot(windowStart: firstBar, now: now)
                let body = statuspage.encode(document, snapshot: snapshot,
                                             recentIncidents: try store.recentIncidents(limit: Self.statuspageListLimit),
                                             recentMaintenances: try store.recentMaintenances(limit: Self.statuspageListLimit),
                                             language: language, now: now)
                let transitions = snapshot.maintenances.compactMap { $0.nextTransition(after: now) }
                let soon = now.addingTimeInterval(Self.maximumPageAge)
                let response = CachedResponse(contentType: "application/json; charset=utf-8", body: body,
                                              cacheControl: Self.pageCacheControl,
                                              extraHeaders: [("Access-Control-Allow-Origin", "*"), ("Vary", "Accept-Language"),
                                                             ("Content-Language", language.rawValue), CacheTags.header([CacheTags.json])],
                                              bakedHeaders: securityHeaders.publicFields, renderedAt: now, previous: previous)
                return (response, ([soon] + transitions).min() ?? soon)
            }
            return cached.answer(to: request)
        } catch {
            failures.record(error, request)
            var headers = HTTPHeaders()
            headers.add("Content-Type", "application/json; charset=utf-8")
            headers.add("Access-Control-Allow-Origin", "*")
            headers.add("Cache-Control", "no-store")
            headers.add("Retry-After", "5")
            return Response(status: 503, headers: headers, body: ResponseBody("{\"error\":\"status data is temporarily unavailable\"}\n"))
        }
    }
}
