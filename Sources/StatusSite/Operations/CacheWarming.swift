import Foundation
import HTTPServer
import StatusModel
import StatusPages

/// The warm set: every public page of the last 90 days and everything a reader or a tool polls
/// (each language's home, history, feeds and calendars, component feeds, calendars and badges,
/// the Statuspage JSON). Rendered at start and kept pinned in the render cache, never evicted,
/// so these keep answering from their last good copy if the database fails, however long the
/// history grows.
extension SiteApplication {
    /// One page of the warm set: its render-cache key and a request that renders it.
    struct WarmPage {
        let key: String
        let request: Request
    }

    /// How far back incident, maintenance and history pages are kept warm.
    static let warmPeriod: TimeInterval = 90 * 86_400

    /// The warm set as of `now` (reads the database).
    func warmPages(now: Date) throws -> [WarmPage] {
        let since = now.addingTimeInterval(-Self.warmPeriod)
        let components = try store.components().filter { !$0.isHidden }
        let incidentIDs = try store.incidents(startedFrom: since, before: .distantFuture).map(\.id)
        let maintenanceIDs = try store.maintenances(startingFrom: since, before: .distantFuture).map(\.id)
        let current = YearMonth(now, calendar: calendar)
        // The history reaches back to the first incident only; older months do not exist.
        let firstMonth = max(YearMonth(since, calendar: calendar),
                             try store.firstIncidentStart().map { YearMonth($0, calendar: calendar) } ?? current)
        var months: [YearMonth] = []
        var month = firstMonth
        while month <= current {
            months.append(month)
            month = month.adding(months: 1)
        }
        let slugs: [String?] = [nil] + components.map(\.slug)

        var pages: [WarmPage] = []
        func page(_ route: Route) {
            let key = PublicSite.cacheKey(of: route)
            pages.append(WarmPage(key: key, request: Request(method: "GET", path: key)))
        }
        func withLanguage(_ key: String, path: String, _ language: LanguageCode) {
            pages.append(WarmPage(key: key, request: Request(method: "GET", path: path, query: [("lang", language.rawValue)])))
        }
        for language in settings.languages {
            page(.home(language))
            page(.history(language, nil))
            for month in months { page(.history(language, month)) }
            for slug in slugs {
                // Component feeds are Atom only (see `Route.feed`).
                for format in slug == nil ? FeedAddress.Format.allCases : [.atom] {
                    let key = PublicSite.cacheKey(of: FeedAddress(language: language, format: format, componentSlug: slug))
                    pages.append(WarmPage(key: key, request: Request(method: "GET", path: key)))
                }
                let key = PublicSite.cacheKey(of: CalendarAddress(language: language, componentSlug: slug))
                pages.append(WarmPage(key: key, request: Request(method: "GET", path: key)))
                for format in BadgeAddress.Format.allCases {
                    let address = BadgeAddress(componentSlug: slug, format: format)
                    withLanguage(PublicSite.cacheKey(of: address, language: language), path: address.path, language)
                }
            }
            for document in StatuspageDocument.allCases {
                withLanguage(PublicSite.cacheKey(of: document, language: language), path: "/api/v2/\(document.path)", language)
            }
            for id in incidentIDs { page(.incident(language, id)) }
            for id in maintenanceIDs { page(.maintenance(language, id)) }
        }
        return pages
    }

    /// Pins the warm set and renders its pages the cache does not hold yet (at start, and after
    /// each change: a new incident's permalink, a new month, a new component's feeds). Returns
    /// how many of those answered 200; nothing when the database cannot say what the set is.
    @discardableResult
    func warmMissingPages() -> Int {
        guard let pages = try? warmPages(now: clock()) else { return 0 }
        cache.pin(Set(pages.map(\.key)))
        return pages.filter { !cache.contains($0.key) }.filter { handle($0.request).status == 200 }.count
    }

    /// Renders the warm set into the cache now; returns how many pages answered 200.
    @discardableResult
    public func warmUp() -> Int {
        warmMissingPages()
    }

    /// The same in the background: `serve` starts listening without waiting for it.
    public func startWarmingUp() {
        changeRefresh.warmInBackground()
    }
}
