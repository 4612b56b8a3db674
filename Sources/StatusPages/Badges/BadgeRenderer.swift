import Foundation
import StatusModel

/// Small status badges for READMEs, intranets and dashboards: a flat SVG (label on grey, the
/// status in the page's banner colour, an accessible `<title>` and `role="img"`) or the same as
/// Shields.io endpoint JSON (https://shields.io/badges/endpoint-badge: `schemaVersion`, `label`,
/// `message`, `color`).
public struct BadgeRenderer: Sendable {
    let pages: PageRenderer

    public init(pages: PageRenderer) {
        self.pages = pages
    }

    /// The badge at `address` for `snapshot` (components, unresolved incidents, current
    /// maintenance) at `now`, in `language`. Throws `FeedError.unknownComponent` for a component
    /// that does not exist or is hidden.
    public func render(_ address: BadgeAddress, snapshot: StatusSnapshot, language: LanguageCode, now: Date) throws -> String {
        let localizer = pages.localizer(language)
        let label: String, message: String, colors: BadgeColors
        if let slug = address.componentSlug {
            guard let component = snapshot.components.first(where: { $0.slug == slug }), !component.isHidden else {
                throw FeedError.unknownComponent(slug: slug)
            }
            let status = StatusRules.effectiveStatus(of: component, maintenances: snapshot.maintenances, alerts: snapshot.alerts, at: now)
            label = localizer.title(component.name).text
            message = localizer[UIKey.componentStatus(status)]
            colors = BadgeColors(status)
        } else {
            let overall = StatusRules.overallStatus(components: snapshot.components, incidents: snapshot.incidents,
                                                    maintenances: snapshot.maintenances, alerts: snapshot.alerts, at: now)
            label = localizer.title(pages.settings.name).text
            message = localizer[UIKey.overall(overall)]
            colors = BadgeColors(overall)
        }
        switch address.format {
        case .svg: return Self.svg(label: label, message: message, colors: colors)
        case .json:
            return """
                {"schemaVersion":1,"label":\(JSONText.quoted(label)),"message":\(JSONText.quoted(message)),\
                "color":\(JSONText.quoted(String(colors.background.dropFirst())))}\n
                """
        }
    }

    /// Text widths are estimated (no font metrics on a server): about 7 px a character at 11 px,
    /// which is what Verdana averages; a badge a little too wide is harmless.
    static func svg(label: String, message: String, colors: BadgeColors) -> String {
        let labelWidth = width(of: label), messageWidth = width(of: message)
        let total = labelWidth + messageWidth
        let title = xml("\(label): \(message)")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(total)" height="20" viewBox="0 0 \(total) 20" role="img" aria-label="\(title)">\
            <title>\(title)</title>\
            <rect width="\(labelWidth)" height="20" fill="#555"/>\
            <rect x="\(labelWidth)" width="\(messageWidth)" height="20" fill="\(colors.background)"/>\
            <g text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">\
            <text x="\(labelWidth / 2)" y="14" fill="#fff">\(xml(label))</text>\
            <text x="\(labelWidth + messageWidth / 2)" y="14" fill="\(colors.text)">\(xml(message))</text>\
            </g></svg>\n
            """
    }

    static func width(of text: String) -> Int { 12 + 7 * text.count }

    /// Escaped with XML's predefined references, characters XML forbids removed.
    private static func xml(_ text: String) -> String { HTML.escape(XMLText.removingIllegalCharacters(text)) }
}

/// The banner's colours on the page (public/style.css `.banner--*`).
struct BadgeColors {
    let background: String
    let text: String

    init(_ overall: OverallStatus) {
        switch overall {
        case .operational: self.init(background: "#1a7f37", text: "#fff")
        case .maintenance: self.init(background: "#0a60c2", text: "#fff")
        case .degradedPerformance: self.init(background: "#f2c94c", text: "#1b1f24")
        case .partialOutage: self.init(background: "#b13f00", text: "#fff")
        case .majorOutage: self.init(background: "#c41d2b", text: "#fff")
        }
    }

    init(_ status: ComponentStatus) {
        switch status {
        case .operational: self.init(OverallStatus.operational)
        case .underMaintenance: self.init(OverallStatus.maintenance)
        case .degradedPerformance: self.init(OverallStatus.degradedPerformance)
        case .partialOutage: self.init(OverallStatus.partialOutage)
        case .majorOutage: self.init(OverallStatus.majorOutage)
        }
    }

    private init(background: String, text: String) {
        self.background = background; self.text = text
    }
}
