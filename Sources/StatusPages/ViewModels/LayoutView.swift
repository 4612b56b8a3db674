import Foundation
import StatusModel

struct AlternateView {
    let hreflang: String
    let href: String
}

struct LanguageLinkView {
    let href: String
    let name: String
    let code: String
    let isCurrent: Bool
}

/// What `layout.mustache` shows around every page.
struct LayoutView {
    let htmlLang: String
    let pageTitle: String
    let siteName: TextView
    let homeHref: String
    let logoSrc: String
    let styleHref: String
    let faviconHref: String
    let alternates: [AlternateView]
    let rssHref: String
    let atomHref: String
    let calendarHref: String
    let webcalHref: String?
    let languageLinks: [LanguageLinkView]
    let hasLanguageChoice: Bool
    let supportHref: String?
    /// Only on the live server with an SMTP relay: a static mirror cannot take subscriptions.
    let subscribeHref: String?
    let historyHref: String
    let timeZoneNote: String
    let isErrorPage: Bool
    let content: String
    let t: [String: String]

    static func make(title: String, content: String, context: PageContext, localizer: Localizer, renderer: PageRenderer,
                     isErrorPage: Bool) -> LayoutView {
        let urls = renderer.urls, language = context.language, path = context.pathWithoutLanguage
        let siteName = localizer.title(renderer.settings.name)
        let languages = renderer.languages
        // An error page is not "the same page in another language": no alternates to advertise.
        var alternates: [AlternateView] = []
        if !isErrorPage {
            alternates = languages.map { AlternateView(hreflang: $0.rawValue, href: urls.absolutePage($0, path)) }
            alternates.append(AlternateView(hreflang: "x-default", href: urls.absolutePage(renderer.settings.defaultLanguage, path)))
        }
        let links = languages.map { other in
            LanguageLinkView(
                href: context.rememberLanguageChoice ? urls.languageSwitch(other, to: path) : urls.page(other, path),
                name: renderer.localizer(other)["language_name"], code: other.rawValue, isCurrent: other == language)
        }
        let dates = localizer.dates
        let zoneNote = localizer.format("time_zone_note", [
            "zone": dates.zoneName(at: context.now), "abbreviations": dates.zoneAbbreviations(around: context.now),
        ])
        return LayoutView(
            htmlLang: language.rawValue,
            pageTitle: TextRules.withoutBidiControls(localizer.format("page_title", ["page": title, "site": siteName.text])),
            siteName: siteName,
            homeHref: urls.home(language),
            logoSrc: urls.asset("logo.svg", version: context.assetVersion),
            styleHref: urls.asset("style.css", version: context.assetVersion),
            faviconHref: urls.asset("favicon.svg", version: context.assetVersion),
            alternates: alternates,
            rssHref: urls.feed(language, format: "rss"),
            atomHref: urls.feed(language, format: "atom"),
            calendarHref: urls.calendar(language),
            webcalHref: urls.webcal(language),
            languageLinks: links,
            hasLanguageChoice: languages.count > 1,
            supportHref: safeSupportURL(renderer.settings.supportURL),
            subscribeHref: renderer.settings.notifications.emailEnabled && context.rememberLanguageChoice
                ? urls.page(language, "/subscribe") : nil,
            historyHref: urls.history(language),
            timeZoneNote: zoneNote,
            isErrorPage: isErrorPage,
            content: content,
            t: localizer.strings.values)
    }

    /// Only web, mail and site-relative links: a "javascript:" URL in configuration must not reach a page.
    static func safeSupportURL(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        let lowered = value.lowercased()
        let allowed = ["https://", "http://", "mailto:"].contains { lowered.hasPrefix($0) } || (value.hasPrefix("/") && !value.hasPrefix("//"))
        return allowed ? value : nil
    }
}
