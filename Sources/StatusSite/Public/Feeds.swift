import Foundation
import HTTPServer
import StatusModel
import StatusPages

/// The RSS and Atom feeds: rendered on a cache miss, served from the render cache otherwise,
/// with the pages' validators (ETag, Last-Modified, 304) and Cache-Control.
extension SiteApplication {
    static func cacheKey(of address: FeedAddress) -> String {
        "/\(address.language)\(address.pathWithoutLanguage)"
    }

    func feed(_ address: FeedAddress, request: Request) -> Response {
        let now = clock()
        let key = Self.cacheKey(of: address)
        do {
            let cached = try cache.response(for: key, now: now) { previous in
                do {
                    let (xml, validUntil) = try renderFeed(address, now: now)
                    let response = CachedResponse(contentType: address.format.contentType, body: Array(xml.utf8),
                                                  cacheControl: Self.pageCacheControl,
                                                  extraHeaders: [("Content-Language", address.language.rawValue)],
                                                  bakedHeaders: securityHeaders.publicFields, renderedAt: now, previous: previous)
                    return (response, validUntil)
                } catch FeedError.unknownComponent {
                    throw PageDoesNotExist()
                }
            }
            return cached.answer(to: request)
        } catch is PageDoesNotExist {
            return errorPage(404, language: address.language)
        } catch {
            return errorPage(503, language: address.language)
        }
    }

    /// The feed's XML as of `now` and the moment it must be rendered again (a maintenance
    /// window starting or ending changes its entry). Throws `FeedError.unknownComponent`
    /// for a component that does not exist or is hidden.
    func renderFeed(_ address: FeedAddress, now: Date) throws -> (xml: String, validUntil: Date) {
        let components = try store.components()
        var componentID: Int64?
        if let slug = address.componentSlug {
            guard let component = components.first(where: { $0.slug == slug }), !component.isHidden else {
                throw FeedError.unknownComponent(slug: slug)
            }
            componentID = component.id
        }
        let incidents = try store.recentIncidents(limit: FeedRenderer.entryLimit, componentID: componentID)
        let maintenances = try store.recentMaintenances(limit: FeedRenderer.entryLimit, componentID: componentID)
        let xml = try feeds.render(address, incidents: incidents, maintenances: maintenances, components: components, now: now)
        let soon = now.addingTimeInterval(Self.maximumPageAge)
        let transitions = maintenances.compactMap { $0.nextTransition(after: now) }
        return (xml, ([soon] + transitions).min() ?? soon)
    }
}
