import Foundation
import StatusModel

/// What the admin layout shows around every staff page (the app fills it per request).
public struct AdminChrome: Sendable {
    public var language: LanguageCode
    public var now: Date
    /// The signed-in staff member; nil on the sign-in page (no navigation then).
    public var userName: String?
    public var isAdmin: Bool
    public var csrfToken: String
    /// The current admin path, for the language links ("/admin/incidents").
    public var path: String
    public var assetVersion: String

    public init(language: LanguageCode, now: Date, userName: String?, isAdmin: Bool, csrfToken: String, path: String,
                assetVersion: String) {
        self.language = language; self.now = now; self.userName = userName; self.isAdmin = isAdmin
        self.csrfToken = csrfToken; self.path = path; self.assetVersion = assetVersion
    }
}

struct AdminNavLink {
    let href: String
    let label: String
    let isCurrent: Bool
}

/// The admin layout's view: `page` is the StatusSite-built content, `t` the staff member's strings.
struct AdminLayoutView {
    let htmlLang: String
    let pageTitle: String
    let styleHref: String
    let adminStyleHref: String
    let faviconHref: String
    let signedIn: Bool
    let userName: String
    let csrfToken: String
    let navLinks: [AdminNavLink]
    let languageLinks: [LanguageLinkView]
    let publicHref: String
    let content: String
    let t: [String: String]
}

extension PageRenderer {
    /// Renders `templates/admin/<template>.mustache` with `page` inside the admin layout.
    /// `page` is any value Mustache can read (structs, dictionaries); `t` is reachable from everywhere.
    public func adminPage(template: String, title: String, page: Any, chrome: AdminChrome) throws -> String {
        let localizer = localizer(chrome.language)
        let root: [String: Any] = ["page": page, "t": localizer.strings.values]
        guard let body = library.render(root, withTemplate: "admin-\(template)") else {
            throw PageRendererError.templateFailed(name: "admin/\(template)")
        }
        let nav: [(String, String, Bool)] = [
            ("/admin/", "admin_nav_dashboard", true), ("/admin/incidents", "admin_nav_incidents", true),
            ("/admin/maintenance", "admin_nav_maintenance", true), ("/admin/templates", "admin_nav_templates", true),
            ("/admin/notifications", "admin_nav_notifications", true), ("/admin/subscribers", "admin_nav_subscribers", chrome.isAdmin),
            ("/admin/webhooks", "admin_nav_webhooks", chrome.isAdmin),
            ("/admin/components", "admin_nav_components", chrome.isAdmin), ("/admin/users", "admin_nav_users", chrome.isAdmin),
            ("/admin/tokens", "admin_nav_tokens", chrome.isAdmin), ("/admin/audit", "admin_nav_audit", chrome.isAdmin),
        ]
        let navLinks = chrome.userName == nil ? [] : nav.filter(\.2).map { href, key, _ in
            AdminNavLink(href: href, label: localizer[key],
                         isCurrent: href == "/admin/" ? chrome.path == "/admin/" : chrome.path.hasPrefix(href))
        }
        let languageLinks = languages.map { other in
            LanguageLinkView(href: "\(chrome.path)?lang=\(other.rawValue)", name: self.localizer(other)["language_name"],
                             code: other.rawValue, isCurrent: other == chrome.language)
        }
        let layout = AdminLayoutView(
            htmlLang: chrome.language.rawValue,
            pageTitle: TextRules.withoutBidiControls(localizer.format("admin_page_title", ["page": title])),
            styleHref: urls.asset("style.css", version: chrome.assetVersion),
            adminStyleHref: urls.asset("admin.css", version: chrome.assetVersion),
            faviconHref: urls.asset("favicon.svg", version: chrome.assetVersion),
            signedIn: chrome.userName != nil, userName: chrome.userName ?? "", csrfToken: chrome.csrfToken,
            navLinks: navLinks, languageLinks: languages.count > 1 ? languageLinks : [], publicHref: urls.home(chrome.language),
            content: body, t: localizer.strings.values)
        guard let html = library.render(layout, withTemplate: "admin-layout") else {
            throw PageRendererError.templateFailed(name: "admin/layout")
        }
        return html
    }

    /// The staff member's string for `key` with `{name}` placeholders filled.
    public func localized(_ key: String, _ language: LanguageCode, _ arguments: [String: String]) -> String {
        localizer(language).format(key, arguments)
    }

    /// A date as the public pages show it, in the site's zone ("26 september 2026 kl. 18:00 (CEST)").
    public func timestamp(_ date: Date, _ language: LanguageCode) -> String {
        localizer(language).dates.timestamp(date)
    }

    /// "Europe/Stockholm (CET/CEST)": the zone staff enter local times in.
    public func zoneDescription(around date: Date, _ language: LanguageCode) -> String {
        "\(settings.timeZone.identifier) (\(localizer(language).dates.zoneAbbreviations(around: date)))"
    }

    // MARK: Preview: the public templates on unsaved values

    /// The incident exactly as its public permalink shows it (the `incident` template's content, no layout).
    public func incidentPreview(_ incident: Incident, components: [Component], language: LanguageCode) throws -> String {
        let localizer = localizer(language)
        let view = IncidentView(incident, directory: ComponentDirectory(components), localizer: localizer, urls: urls)
        let page = IncidentPageView(incident: view, homeHref: urls.home(language), t: localizer.strings.values)
        guard let html = library.render(page, withTemplate: "incident") else { throw PageRendererError.templateFailed(name: "incident") }
        return html
    }

    /// The maintenance exactly as its public permalink shows it.
    public func maintenancePreview(_ maintenance: Maintenance, components: [Component], now: Date,
                                   language: LanguageCode) throws -> String {
        let localizer = localizer(language)
        let view = MaintenanceView(maintenance, now: now, directory: ComponentDirectory(components), localizer: localizer, urls: urls)
        let page = MaintenancePageView(view, language: language, urls: urls, localizer: localizer)
        guard let html = library.render(page, withTemplate: "maintenance") else {
            throw PageRendererError.templateFailed(name: "maintenance")
        }
        return html
    }
}
