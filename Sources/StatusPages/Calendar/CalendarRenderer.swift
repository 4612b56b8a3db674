import Foundation
import StatusModel

/// Planned maintenance as an iCalendar feed (RFC 5545, with RFC 7986's NAME and REFRESH-INTERVAL)
/// that calendar apps subscribe to. One VEVENT per window with a UID that never changes and a
/// SEQUENCE that grows with every change, so clients replace their copy; a cancelled window stays
/// in the feed as STATUS:CANCELLED, which is how clients learn to remove it.
///
/// Deterministic for the same data (DTSTAMP is the window's last change, not the render time), so
/// the ETag only changes when a window does.
public struct CalendarRenderer: Sendable {
    /// How far back ended windows stay in the feed.
    public static let recentPeriod: TimeInterval = 30 * 86_400
    /// At most this many windows, the latest starting first: a bound on the feed's size.
    public static let eventLimit = 200
    /// How often clients should fetch the feed again (RFC 7986 REFRESH-INTERVAL).
    static let refreshInterval = "PT1H"
    static let localeKeys = ["calendar_name", "calendar_component_name", "calendar_description", "calendar_affected",
                             "calendar_add", "calendar_webcal"]

    let pages: PageRenderer
    /// The right-hand side of every UID: the public host, so two sites' events never collide.
    let uidDomain: String

    public init(pages: PageRenderer) throws {
        self.pages = pages
        for language in pages.languages {
            let missing = Self.localeKeys.filter { pages.localizer(language).strings.values[$0] == nil }
            guard missing.isEmpty else {
                throw PageRendererError.missingLocaleKeys(path: "templates/locales/\(language).json", keys: missing)
            }
        }
        let host = URLComponents(string: pages.settings.baseURL)?.host?.lowercased() ?? ""
        uidDomain = host.isEmpty ? "localhost" : host
    }

    /// The calendar at `address` with `maintenances` (as given: the caller chooses the period).
    /// Throws `FeedError.unknownComponent` for a component absent from `components` or hidden.
    public func render(_ address: CalendarAddress, maintenances: [Maintenance], components: [Component]) throws -> String {
        let localizer = pages.localizer(address.language)
        let site = localizer.title(pages.settings.name).text
        var name = localizer.format("calendar_name", ["site": site])
        if let slug = address.componentSlug {
            guard let component = components.first(where: { $0.slug == slug }), !component.isHidden else {
                throw FeedError.unknownComponent(slug: slug)
            }
            name = localizer.format("calendar_component_name", ["site": site, "component": localizer.title(component.name).text])
        }
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Driftstatus//Maintenance calendar//\(address.language.rawValue.uppercased())",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "NAME:" + ICalendarText.escaped(name), "X-WR-CALNAME:" + ICalendarText.escaped(name),
            "DESCRIPTION:" + ICalendarText.escaped(localizer.format("calendar_description", ["site": site])),
            "URL:" + pages.urls.absolutePage(address.language, "/"),
            "REFRESH-INTERVAL;VALUE=DURATION:\(Self.refreshInterval)", "X-PUBLISHED-TTL:\(Self.refreshInterval)",
        ]
        let directory = Dictionary(components.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for maintenance in maintenances.sorted(by: { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) }) {
            lines += event(maintenance, localizer: localizer, components: directory)
        }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarText.folded).joined()
    }

    private func event(_ maintenance: Maintenance, localizer: Localizer, components: [Int64: Component]) -> [String] {
        let link = pages.urls.absolutePage(localizer.language, "/maintenance/\(maintenance.id)")
        let affected = maintenance.componentIDs.compactMap { components[$0] }.filter { !$0.isHidden }.map { localizer.title($0.name).text }
        var description: [String] = []
        if let body = localizer.text(maintenance.body) { description.append(PostText.plain(body.text)) }
        if !affected.isEmpty { description.append(localizer.format("calendar_affected", ["components": localizer.list(affected)])) }
        description.append(link)
        return [
            "BEGIN:VEVENT",
            "UID:maintenance-\(maintenance.id)@\(uidDomain)",
            "DTSTAMP:" + ICalendarText.utc(maintenance.updatedAt),
            "CREATED:" + ICalendarText.utc(maintenance.createdAt),
            "LAST-MODIFIED:" + ICalendarText.utc(maintenance.updatedAt),
            "SEQUENCE:\(maintenance.revision)",
            "DTSTART:" + ICalendarText.utc(maintenance.startsAt),
            "DTEND:" + ICalendarText.utc(maintenance.actualEnd),
            "STATUS:" + (maintenance.cancelledAt == nil ? "CONFIRMED" : "CANCELLED"),
            "SUMMARY:" + ICalendarText.escaped(localizer.title(maintenance.title).text),
            "DESCRIPTION:" + ICalendarText.escaped(description.joined(separator: "\n\n")),
            "URL:" + link,
            // The window does not make the reader busy.
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    }
}
