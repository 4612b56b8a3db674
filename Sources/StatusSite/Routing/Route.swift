import StatusModel
import StatusPages

/// Every public address the site answers, parsed from a request path.
/// Parsing is separate from handling so it can be tested without a server.
enum Route: Equatable {
    /// `/`: pick a language and redirect.
    case root
    /// `/language/{code}?to=/path`: remember an explicit choice, then redirect.
    case chooseLanguage(LanguageCode)
    case home(LanguageCode)
    case history(LanguageCode, YearMonth?)
    case incident(LanguageCode, Int64)
    case maintenance(LanguageCode, Int64)
    /// `/{lang}/feed.rss|atom`, `/{lang}/components/{slug}/feed.atom`.
    case feed(FeedAddress)
    /// `/{lang}/maintenance.ics`, `/{lang}/components/{slug}/maintenance.ics`.
    case calendar(CalendarAddress)
    /// `/badge/status.svg|json`, `/badge/components/{slug}.svg|json`.
    case badge(BadgeAddress)
    case asset(String)
    /// `/api/v2/*.json`: Statuspage-compatible public JSON.
    case statuspage(StatuspageDocument)
    case health
    /// `/{lang}/subscribe`, `/{lang}/subscribe/confirm`, `/{lang}/unsubscribe`: email subscriptions.
    case subscription(LanguageCode, SubscriptionStep)
    /// A canonical form of the same address exists (missing or extra trailing slash).
    case redirect(String)
    case notFound(LanguageCode?)
    case badRequest(LanguageCode?)
}

enum SubscriptionStep: Equatable {
    case form, confirm, unsubscribe
}

extension Route {
    /// The canonical path of this address (what a link or redirect prints): `Router` parses it
    /// back to the same route. `.incident(.swedish, 12).path == "/sv/incidents/12"`.
    ///
    /// The three outcomes that are not addresses print a path that parses back to them, so that
    /// parse(print(r)) == r holds for every route: `.redirect(to)` prints the non-canonical
    /// spelling that redirects to `to`; `.notFound` and `.badRequest` print a path that is one.
    var path: String {
        switch self {
        case .root: "/"
        case .chooseLanguage(let language): "/language/\(language.rawValue)"
        case .home(let language): "/\(language.rawValue)/"
        case .history(let language, nil): "/\(language.rawValue)/history"
        case .history(let language, let month?): "/\(language.rawValue)/history/\(month)"
        case .incident(let language, let id): "/\(language.rawValue)/incidents/\(id)"
        case .maintenance(let language, let id): "/\(language.rawValue)/maintenance/\(id)"
        case .feed(let address): "/\(address.language.rawValue)\(address.pathWithoutLanguage)"
        case .calendar(let address): "/\(address.language.rawValue)\(address.pathWithoutLanguage)"
        case .badge(let address): address.path
        case .asset(let name): "/assets/\(name)"
        case .statuspage(let document): "/api/v2/\(document.path)"
        case .health: "/healthz"
        case .subscription(let language, .form): "/\(language.rawValue)/subscribe"
        case .subscription(let language, .confirm): "/\(language.rawValue)/subscribe/confirm"
        case .subscription(let language, .unsubscribe): "/\(language.rawValue)/unsubscribe"
        case .redirect(let location): location + "/"
        case .notFound(let language): language.map { "/\($0.rawValue)/not-found" } ?? "/not-found"
        case .badRequest(let language): language.map { "/\($0.rawValue)/incidents/0" } ?? ""
        }
    }

    /// The page's language and its path after the language segment ("/incidents/12"), for the
    /// language-prefixed routes; nil for the others.
    var languageAndRest: (LanguageCode, String)? {
        let language: LanguageCode
        switch self {
        case .home(let code), .history(let code, _), .incident(let code, _), .maintenance(let code, _), .subscription(let code, _):
            language = code
        case .feed(let address): language = address.language
        case .calendar(let address): language = address.language
        case .root, .chooseLanguage, .badge, .asset, .statuspage, .health, .redirect, .notFound, .badRequest:
            return nil
        }
        return (language, String(path.dropFirst(1 + language.rawValue.utf8.count)))
    }
}
