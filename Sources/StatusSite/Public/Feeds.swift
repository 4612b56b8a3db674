import Foundation
import HTTPServer
import StatusModel
import StatusPages

/// The RSS and Atom feeds and the maintenance calendars: rendered on a cache miss, served from the
/// render cache otherwise, with the pages' validators (ETag, Last-Modified, 304) and Cache-Control.
extension PublicSite {
    static func cacheKey(of address: FeedAddress) -> String { Route.feed(address).path }

    func feed(_ address: FeedAddress, request: Request) -> Response {
        cachedDocument(Self.cacheKey(of: address), language: address.language,
                       contentType: address.format.contentType, extraHeaders: [CacheTags.header(CacheTags.feed(address))],
                       request: request) { site, now in try site.renderFeed(address, now: now) }
    }

    static func cacheKey(of address: CalendarAddress) -> String { Route.calendar(address).path }

    func calendar(_ address: CalendarAddress, request: Request) -> Response {
        cachedDocument(Self.cacheKey(of: address), language: address.language,
                       contentType: CalendarAddress.contentType, extraHeaders: [CacheTags.header(CacheTags.calendar)],
                       request: request) { site, now in try site.renderCalendar(address, now: now) }
    }

    /// A public document other than a page, from the render cache. `render` gives the text and
    /// the moment it must be rendered again; `FeedError.unknownComponent` from it answers 404.
    /// It gets the site passed in rather than capturing it: the cache keeps it to render again later.
    func cachedDocument(_ key: String, language: LanguageCode, contentType: String, extraHeaders: [(String, String)] = [],
                        request: Request,
                        render: @escaping @Sendable (PublicSite, Date) throws -> (text: String, validUntil: Date)) -> Response {
        let now = clock()
        do {
            let cached = try cache.response(for: key, now: now) { [weak self] previous, now in
                guard let self else { throw CancellationError() }
                do {
                    let (text, validUntil) = try render(self, now)
                    let response = CachedResponse(contentType: contentType, body: Array(text.utf8),
                                                  cacheControl: Self.pageCacheControl,
                                                  extraHeaders: [("Content-Language", language.rawValue)] + extraHeaders,
                                                  bakedHeaders: securityHeaders.publicFields, renderedAt: now, previous: previous)
                    return (response, validUntil)
                } catch FeedError.unknownComponent {
                    throw PageDoesNotExist()
                }
            }
            return cached.answer(to: request)
        } catch {
            return failure(error, language: language, request: request)
        }
    }

    /// The feed's XML as of `now` and the moment it must be rendered again (a maintenance
    /// window starting or ending changes its entry). Throws `FeedError.unknownComponent`
    /// for a component that does not exist or is hidden.
    func renderFeed(_ address: FeedAddress, now: Date) throws -> (text: String, validUntil: Date) {
        let components = try store.components()
        let componentID = try visibleComponentID(address.componentSlug, in: components)
        let incidents = try store.recentIncidents(limit: FeedRenderer.entryLimit, componentID: componentID)
        let maintenances = try store.recentMaintenances(limit: FeedRenderer.entryLimit, componentID: componentID)
        let xml = try feeds.render(address, incidents: incidents, maintenances: maintenances, components: components, now: now)
        let soon = now.addingTimeInterval(Self.maximumPageAge)
        let transitions = maintenances.compactMap { $0.nextTransition(after: now) }
        return (xml, ([soon] + transitions).min() ?? soon)
    }

    /// The calendar as of `now`: upcoming windows and those that ended in the last 30 days.
    func renderCalendar(_ address: CalendarAddress, now: Date) throws -> (text: String, validUntil: Date) {
        let components = try store.components()
        let componentID = try visibleComponentID(address.componentSlug, in: components)
        let maintenances = try store.maintenances(endingFrom: now.addingTimeInterval(-CalendarRenderer.recentPeriod),
                                                  limit: CalendarRenderer.eventLimit, componentID: componentID)
        let text = try calendars.render(address, maintenances: maintenances, components: components)
        return (text, now.addingTimeInterval(Self.maximumPageAge))
    }

    /// The id of the component `slug` names (nil for no slug); `FeedError.unknownComponent` when
    /// it does not exist or is hidden.
    func visibleComponentID(_ slug: String?, in components: [Component]) throws -> Int64? {
        guard let slug else { return nil }
        guard let component = components.first(where: { $0.slug == slug }), !component.isHidden else {
            throw FeedError.unknownComponent(slug: slug)
        }
        return component.id
    }
}
