import Foundation
import HTTPServer
import StatusModel
import StatusPages

/// `/badge/status.svg|json` and `/badge/components/{slug}.svg|json`: from the render cache like
/// every public response, readable and embeddable from any origin.
extension PublicSite {
    func badge(_ address: BadgeAddress, request: Request) -> Response {
        // `?lang=` or the site's first language: a badge in a README should not change with the reader.
        let language = badgeLanguage(request)
        return cachedDocument(Self.cacheKey(of: address, language: language), language: language, contentType: address.format.contentType,
                              extraHeaders: [("Access-Control-Allow-Origin", "*"), CacheTags.header(CacheTags.badge)], request: request) { site, now in
            // Unresolved incidents and the windows not over yet are all a status needs.
            let snapshot = try site.store.snapshot(windowStart: now, now: now)
            let text = try site.badges.render(address, snapshot: snapshot, language: language, now: now)
            let soon = now.addingTimeInterval(Self.maximumPageAge)
            return (text, ([soon] + snapshot.maintenances.compactMap { $0.nextTransition(after: now) }).min() ?? soon)
        }
    }

    func badgeLanguage(_ request: Request) -> LanguageCode { queryLanguage(request) ?? settings.defaultLanguage }

    static func cacheKey(of address: BadgeAddress, language: LanguageCode) -> String { Route.badge(address).path + "?lang=" + language.rawValue }

    /// `?lang=` when it names one of the site's languages.
    func queryLanguage(_ request: Request) -> LanguageCode? {
        request.queryValue("lang").flatMap(LanguageCode.init).flatMap { settings.languages.contains($0) ? $0 : nil }
    }
}
