import Foundation
import HTTPServer
import SiteSettings
import StatusModel
import StatusPages
import StatusStore

/// The web application: routes a request to the page it asks for and answers from the
/// render cache. The only type the executable needs to serve the site.
public final class SiteApplication: Sendable {
    public let settings: SiteSettings
    let store: StatusStore
    /// Staff sign-in, sessions, tokens and CSRF.
    public let auth: StaffAuth
    /// The one way staff changes reach the store (validated, audited, cache invalidated).
    public let publishing: Publishing
    /// Alertmanager/Grafana alerts moving components (`[[alert_rules]]`).
    let alerts: AlertIntake
    let renderer: PageRenderer
    let feeds: FeedRenderer
    let calendars: CalendarRenderer
    let badges: BadgeRenderer
    let assets: AssetCatalog
    let statuspage: StatuspageV2Encoder
    let cache: RenderCache
    /// Renders again what a change touched, then purges the caches in front (`Cache/ChangeRefresh.swift`).
    let changeRefresh: ChangeRefresh
    let router: Router
    let negotiation: LanguageNegotiation
    let clock: @Sendable () -> Date
    let calendar: Calendar
    /// Rendering for a static mirror: language links point straight at the other language's
    /// page, since a static server cannot set the language cookie.
    let isStaticExport: Bool
    /// Caps on admin form bodies.
    let formLimits: FormLimits
    /// Baked into every cached response, added by `OperationalSite` to all others.
    let securityHeaders: SecurityHeaders
    private let changeObservers = ChangeObservers()
    private let outboxObservers = ChangeObservers()
    /// Limits subscribe requests per client address.
    let subscribeThrottle: SubscribeThrottle
    /// Tells the caches in front (`[cache] purge_urls`) what changed.
    let purging: CachePurging
    /// Refuses form posts a browser sent from another site (admin and public forms).
    let crossSite: CrossSiteCheck
    /// The 503 pages sent when a worker pool is full.
    let busyResponses = BusyResponses()
    /// Statuspage's REST API v1 at `/v1/pages/{page_id}/...` (its own front-end; dispatched here only).
    let statuspageV1: StatuspageV1API

    /// How long a rendered page is trusted when nothing changes it sooner
    /// (bounds the age of "today" in the uptime bars and similar time-driven text).
    static let maximumPageAge: TimeInterval = 60

    public init(settings: SiteSettings, store: StatusStore, siteDirectory: URL, isStaticExport: Bool = false,
                formLimits: FormLimits = .standard, tls: Bool = false,
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.settings = settings
        securityHeaders = SecurityHeaders(tls: tls)
        self.isStaticExport = isStaticExport
        self.formLimits = formLimits
        self.store = store
        self.clock = clock
        subscribeThrottle = SubscribeThrottle(limit: settings.notifications.subscribeRequestsPerAddress)
        crossSite = CrossSiteCheck(baseURL: settings.baseURL)
        renderer = try PageRenderer(siteDirectory: siteDirectory, settings: settings)
        feeds = try FeedRenderer(siteDirectory: siteDirectory, pages: renderer)
        calendars = try CalendarRenderer(pages: renderer)
        badges = BadgeRenderer(pages: renderer)
        assets = try AssetCatalog(directory: siteDirectory.appendingPathComponent("public"), bakedHeaders: securityHeaders.publicFields)
        statuspage = StatuspageV2Encoder(settings: settings)
        auth = StaffAuth(store: store, commonPasswords: try SiteDirectory.commonPasswords(site: siteDirectory))
        let purging = CachePurging(store: store, caches: settings.purgeURLs)
        self.purging = purging
        let cache = RenderCache(clock: clock)
        self.cache = cache
        let changeRefresh = ChangeRefresh(cache: cache, purging: purging)
        self.changeRefresh = changeRefresh
        // What a write this process made does, captured without `self` (not yet initialised here):
        // stale at once, observers told, then the touched pages rendered again and the caches purged.
        let onChange: @Sendable (CacheTags.Change) -> Void = { [cache, changeObservers] change in
            cache.invalidateAll()
            for observer in changeObservers.all { observer() }
            changeRefresh.changed(change)
        }
        publishing = Publishing(store: store, settings: settings, onChange: onChange)
        alerts = AlertIntake(store: store, publishing: publishing, rules: settings.alertRules, onChange: onChange)
        statuspageV1 = StatuspageV1API(publishing: publishing, reads: store,
                                       lookUpToken: { [auth] secret, now in auth.liveToken(secret, now: now) },
                                       settings: settings, encoder: statuspage, logger: Self.failureLogger)
        router = Router(languages: settings.languages)
        negotiation = LanguageNegotiation(languages: settings.languages)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        self.calendar = calendar
        changeRefresh.setWarmer { [weak self] in self?.warmMissingPages() }
    }

    /// Called after a write this process made without `publishing` (tests, the static mirror):
    /// every cached page is stale; while serving, they are rendered again before this returns
    /// (at most `ChangeRefresh.writerWait`), otherwise by their next reader.
    public func dataChanged() {
        cache.invalidateAll()
        for observer in changeObservers.all { observer() }
        changeRefresh.somethingChanged()
    }

    /// Another process wrote (the external-write watcher saw a new data version).
    func externalWrite(version: Int64) {
        guard !purging.isOwnWrite(version) else { return }
        cache.invalidateAll()
        for observer in changeObservers.all { observer() }
        changeRefresh.externalWrite(version: version)
    }

    /// From now on stale cached pages are rendered again on `pool` while readers get the stale
    /// copy (`OperationalSite` attaches its work pool).
    func renderInBackground(on pool: WorkerPool) {
        cache.renderInBackground { job in pool.submit(job) }
    }

    /// Blocks until the background renders and refreshes queued now are done (tests).
    func waitForBackgroundRenders() {
        changeRefresh.waitUntilIdle()
    }

    /// Runs `observer` after every change `dataChanged` hears of (the static mirror uses this).
    public func onDataChange(_ observer: @escaping @Sendable () -> Void) {
        changeObservers.add(observer)
    }

    /// Runs `observer` when a write queued notifications without changing public pages
    /// (a subscription's confirmation email); publishing reaches `onDataChange` observers instead.
    public func onNotificationsQueued(_ observer: @escaping @Sendable () -> Void) {
        outboxObservers.add(observer)
    }

    func notificationsQueued() {
        for observer in outboxObservers.all { observer() }
    }

    public func handle(_ request: Request) -> Response {
        // Staff areas first: they have their own methods, authentication and errors.
        if request.path == "/admin" || request.path.hasPrefix("/admin/") { return handleAdmin(request) }
        if request.path.hasPrefix("/api/v1/") || request.path == "/api/v1" { return handleAPI(request) }
        if StatuspageV1API.handles(request.path) { return statuspageV1.handle(request, now: clock()) }
        let route = router.route(request.path)
        // The subscription pages take forms, so they handle their own methods.
        if case .subscription(let language, let step) = route { return subscription(step, language: language, request: request) }
        guard request.method == "GET" || request.method == "HEAD" else {
            return methodNotAllowed(route)
        }
        switch route {
        case .root:
            let language = negotiation.choose(acceptLanguage: request.headers["Accept-Language"], cookie: request.headers["Cookie"])
            return redirect(to: "/\(language)/", status: 302, extraHeaders: [("Vary", "Accept-Language, Cookie"), ("Cache-Control", "private, no-cache")])
        case .chooseLanguage(let language):
            return chooseLanguage(language, returnTo: request.queryValue("to"))
        case .redirect(let location):
            return redirect(to: location, status: 301)
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

    private func methodNotAllowed(_ route: Route) -> Response {
        var language = settings.defaultLanguage
        switch route {
        case .home(let code), .history(let code, _), .incident(let code, _), .maintenance(let code, _), .chooseLanguage(let code):
            language = code
        case .notFound(let code?), .badRequest(let code?):
            return errorPage(route == .notFound(code) ? 404 : 400, language: code)
        case .notFound(nil), .badRequest(nil):
            return errorPage(route == .notFound(nil) ? 404 : 400, language: language)
        case .feed(let address):
            language = address.language
        case .calendar(let address):
            language = address.language
        case .subscription(let code, _):
            language = code
        case .root, .redirect, .asset, .health, .statuspage, .badge:
            break
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
        return redirect(to: "/\(language)\(path)", status: 303, extraHeaders: [("Set-Cookie", cookie), ("Cache-Control", "no-store")])
    }

    func redirect(to location: String, status: Int, extraHeaders: [(String, String)] = []) -> Response {
        var headers = HTTPHeaders()
        headers.add("Location", location)
        headers.add("Content-Type", "text/plain; charset=utf-8")
        for (name, value) in extraHeaders { headers.add(name, value) }
        return Response(status: status, headers: headers, body: ResponseBody("\(location)\n"))
    }
}

/// The callbacks `SiteApplication.dataChanged` runs; added at start-up, read on every change.
private final class ChangeObservers: @unchecked Sendable {
    private let lock = NSLock()
    private var observers: [@Sendable () -> Void] = []
    func add(_ observer: @escaping @Sendable () -> Void) { lock.withLock { observers.append(observer) } }
    var all: [@Sendable () -> Void] { lock.withLock { observers } }
}
