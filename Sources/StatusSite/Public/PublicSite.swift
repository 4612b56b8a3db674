import Foundation
import HTTPServer
import Logging
import SiteSettings
import StatusModel
import StatusPages
import StatusStore

/// The public front-end: pages, feeds, calendars, badges, the Statuspage v2 JSON, email
/// subscriptions, health, language choice and assets. Built by `SiteApplication` with only what
/// it uses; answers a parsed `Route`. One error path (`failure`) turns what a render throws into
/// the localised error page and logs what is not the reader's fault with the request id.
final class PublicSite: Sendable {
    let settings: SiteSettings
    /// Reads for the pages; the subscription pages also record subscribers (their own tables).
    let store: StatusStore
    let cache: RenderCache
    let renderer: PageRenderer
    let feeds: FeedRenderer
    let calendars: CalendarRenderer
    let badges: BadgeRenderer
    let assets: AssetCatalog
    let statuspage: StatuspageV2Encoder
    let negotiation: LanguageNegotiation
    let clock: @Sendable () -> Date
    let calendar: Calendar
    /// Rendering for a static mirror: language links point straight at the other language's
    /// page, since a static server cannot set the language cookie.
    let isStaticExport: Bool
    /// Baked into every cached response.
    let securityHeaders: SecurityHeaders
    /// Limits subscribe requests per client address.
    let subscribeThrottle: SubscribeThrottle
    /// Refuses subscription form posts a browser sent from another site.
    let crossSite: CrossSiteCheck
    /// Email subscriptions: the form, confirmation and unsubscribing (the use cases).
    let subscriptions: EmailSubscriptions
    let failures: FailureLog

    /// How long a rendered page is trusted when nothing changes it sooner
    /// (bounds the age of "today" in the uptime bars and similar time-driven text).
    static let maximumPageAge: TimeInterval = 60

    struct Renderers {
        let pages: PageRenderer
        let feeds: FeedRenderer
        let calendars: CalendarRenderer
        let badges: BadgeRenderer
        let statuspage: StatuspageV2Encoder
    }

    init(settings: SiteSettings, store: StatusStore, cache: RenderCache, renderers: Renderers, assets: AssetCatalog,
         clock: @escaping @Sendable () -> Date, calendar: Calendar, isStaticExport: Bool, securityHeaders: SecurityHeaders,
         crossSite: CrossSiteCheck, failures: FailureLog, subscriptions: EmailSubscriptions) {
        self.settings = settings; self.store = store; self.cache = cache
        renderer = renderers.pages; feeds = renderers.feeds; calendars = renderers.calendars; badges = renderers.badges
        statuspage = renderers.statuspage
        self.assets = assets; self.clock = clock; self.calendar = calendar; self.isStaticExport = isStaticExport
        self.securityHeaders = securityHeaders; self.crossSite = crossSite; self.failures = failures
        self.subscriptions = subscriptions
        negotiation = LanguageNegotiation(languages: settings.languages)
        subscribeThrottle = SubscribeThrottle(limit: settings.notifications.subscribeRequestsPerAddress)
    }

    func handle(_ route: Route, request: Request) -> Response {
        // The subscription pages take forms, so they handle their own methods.
        if case .subscription(let language, let step) = route { return subscription(step, language: language, request: request) }
        guard request.method == "GET" || request.method == "HEAD" else {
            return methodNotAllowed(route, request: request)
        }
        switch route {
        case .root:
            let language = negotiated(request)
            return Redirect.response(to: Route.home(language).path, status: 302,
                                     extraHeaders: [("Vary", "Accept-Language, Cookie"), ("Cache-Control", "private, no-cache")])
        case .chooseLanguage(let language):
            return chooseLanguage(language, returnTo: request.queryValue("to"))
        case .redirect(let location):
            return Redirect.response(to: location, status: 301)
        case .asset(let name):
            return assets.response(for: name, request: request)
                ?? errorPage(404, language: negotiated(request))
        case .health:
            return healthResponse(request)
        case .statuspage(let document):
            return statuspageDocument(document, request: request)
        case .home, .history, .incident, .maintenance:
            return publicPage(route, request: request)
        case .subscription:
            return errorPage(404, language: negotiated(request))
        case .feed(let address):
            return feed(address, request: request)
        case .calendar(let address):
            return calendar(address, request: request)
        case .badge(let address):
            return badge(address, request: request)
        case .notFound(let language):
            return errorPage(404, language: language ?? negotiated(request))
        case .badRequest(let language):
            return errorPage(400, language: language ?? negotiated(request))
        }
    }

    func negotiated(_ request: Request) -> LanguageCode {
        negotiation.choose(acceptLanguage: request.headers["Accept-Language"], cookie: request.headers["Cookie"])
    }

    /// The one error path for what rendering a public answer throws: a page that does not exist
    /// is a 404; anything else (the database, a template) is logged with the request id and
    /// answered 503 (the cache keeps serving last good copies where it has them).
    func failure(_ error: Error, language: LanguageCode, request: Request) -> Response {
        if error is PageDoesNotExist { return errorPage(404, language: language) }
        failures.record(error, request)
        return errorPage(503, language: language)
    }

    private func methodNotAllowed(_ route: Route, request: Request) -> Response {
        var language = settings.defaultLanguage
        switch route {
        case .notFound(let code):
            return errorPage(404, language: code ?? language)
        case .badRequest(let code):
            return errorPage(400, language: code ?? language)
        case .chooseLanguage(let code):
            language = code
        default:
            if let (code, _) = route.languageAndRest { language = code }
        }
        var response = errorPage(405, language: language)
        response.headers.add("Allow", "GET, HEAD")
        return response
    }

    private func chooseLanguage(_ language: LanguageCode, returnTo: String?) -> Response {
        // Only a local path: an open redirect would let anyone borrow our domain for phishing.
        var path = "/"
        if let returnTo, returnTo.hasPrefix("/"), !returnTo.hasPrefix("//"), !returnTo.contains("\\"),
           returnTo.count < 512, returnTo.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) {
            path = returnTo
        }
        let cookie = "\(LanguageNegotiation.cookieName)=\(language); Path=/; Max-Age=31536000; SameSite=Lax"
        // `path` is any local path below the language (the page the reader was on), not one route.
        return Redirect.response(to: "/\(language)\(path)", status: 303, extraHeaders: [("Set-Cookie", cookie), ("Cache-Control", "no-store")])
    }
}
