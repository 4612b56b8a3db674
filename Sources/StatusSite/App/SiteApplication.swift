import Foundation
import HTTPServer
import SiteSettings
import StatusModel
import StatusPages
import StatusStore

/// The web application's composition root: builds the shared parts (store access, renderers,
/// render cache, publishing) and the front-ends (`PublicSite`, the admin UI, `WriteAPI`,
/// `StatuspageV1API`), and dispatches each request's parsed `SiteRoute` to one of them.
/// The only type the executable needs to serve the site.
public final class SiteApplication: Sendable {
    public let settings: SiteSettings
    let store: StatusStore
    /// Staff sign-in, sessions, tokens and CSRF.
    public let auth: StaffAuth
    /// The one way staff changes reach the store (validated, audited, cache invalidated).
    public let publishing: Publishing
    /// Staff managing webhooks (admin UI and API).
    public let webhooks: Webhooks
    /// Email subscriptions: the public's subscribe/confirm/unsubscribe, staff removing subscribers.
    public let subscriptions: EmailSubscriptions
    /// Alertmanager/Grafana alerts moving components (`[[alert_rules]]`).
    let alerts: AlertIntake
    let renderer: PageRenderer
    let assets: AssetCatalog
    let cache: RenderCache
    /// Renders again what a change touched, then purges the caches in front (`Cache/ChangeRefresh.swift`).
    let changeRefresh: ChangeRefresh
    let router: Router
    let negotiation: LanguageNegotiation
    let clock: @Sendable () -> Date
    let calendar: Calendar
    /// Caps on admin form bodies.
    let formLimits: FormLimits
    /// Baked into every cached response, added by `OperationalSite` to all others.
    let securityHeaders: SecurityHeaders
    private let changeObservers = ChangeObservers()
    private let outboxObservers = ChangeObservers()
    /// Tells the caches in front (`[cache] purge_urls`) what changed.
    let purging: CachePurging
    /// Refuses form posts a browser sent from another site (admin and public forms).
    let crossSite: CrossSiteCheck
    /// The 503 pages sent when a worker pool is full.
    let busyResponses = BusyResponses()
    /// Statuspage's REST API v1 at `/v1/pages/{page_id}/...` (its own front-end; dispatched here only).
    let statuspageV1: StatuspageV1API
    /// The staff UI at `/admin/...`.
    let admin: AdminUI
    /// The public pages, feeds, badges, JSON and subscriptions.
    let publicSite: PublicSite
    /// `/api/v1/`.
    let writeAPI: WriteAPI

    public init(settings: SiteSettings, store: StatusStore, siteDirectory: URL, isStaticExport: Bool = false,
                formLimits: FormLimits = .standard, tls: Bool = false, hasher: PasswordHasher = PasswordHasher(),
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.settings = settings
        securityHeaders = SecurityHeaders(tls: tls)
        self.formLimits = formLimits
        self.store = store
        self.clock = clock
        crossSite = CrossSiteCheck(baseURL: settings.baseURL)
        renderer = try PageRenderer(siteDirectory: siteDirectory, settings: settings)
        let renderers = PublicSite.Renderers(pages: renderer, feeds: try FeedRenderer(siteDirectory: siteDirectory, pages: renderer),
                                             calendars: try CalendarRenderer(pages: renderer), badges: BadgeRenderer(pages: renderer),
                                             statuspage: StatuspageV2Encoder(settings: settings))
        assets = try AssetCatalog(directory: siteDirectory.appendingPathComponent("public"), bakedHeaders: securityHeaders.publicFields)
        auth = StaffAuth(store: store, commonPasswords: try SiteDirectory.commonPasswords(site: siteDirectory), hasher: hasher)
        let purging = CachePurging(store: store, caches: settings.purgeURLs)
        self.purging = purging
        let cache = RenderCache(clock: clock)
        self.cache = cache
        let changeRefresh = ChangeRefresh(cache: cache, purging: purging)
        self.changeRefresh = changeRefresh
        // What `dataChanged()` does, captured without `self` (not yet initialised here).
        let forgetRenders: @Sendable () -> Void = { [changeObservers] in
            cache.invalidateAll()
            for observer in changeObservers.all { observer() }
            changeRefresh.somethingChanged()
        }
        // What a write this process made does: stale at once, observers told, then the touched
        // pages rendered again and the caches purged.
        let onChange: @Sendable (CacheTags.Change) -> Void = { [changeObservers] change in
            cache.invalidateAll()
            for observer in changeObservers.all { observer() }
            changeRefresh.changed(change)
        }
        publishing = Publishing(store: store, settings: settings, onChange: onChange)
        webhooks = Webhooks(store: store, settings: settings)
        subscriptions = EmailSubscriptions(store: store, settings: settings, onConfirmationQueued: { [outboxObservers] in
            for observer in outboxObservers.all { observer() }
        })
        alerts = AlertIntake(store: store, publishing: publishing, rules: settings.alertRules, onChange: onChange)
        statuspageV1 = StatuspageV1API(publishing: publishing, reads: store,
                                       lookUpToken: { [auth] secret, now in auth.liveToken(secret, now: now) },
                                       settings: settings, encoder: renderers.statuspage, logger: Self.failureLogger)
        router = Router(languages: settings.languages)
        negotiation = LanguageNegotiation(languages: settings.languages)
        admin = AdminUI(settings: settings, reads: store, auth: auth, publishing: publishing, alerts: alerts,
                        webhooks: webhooks, subscriptions: subscriptions, renderer: renderer, assetVersion: assets.version,
                        negotiation: negotiation, crossSite: crossSite, formLimits: formLimits, clock: clock, logger: Self.failureLogger)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        self.calendar = calendar
        let failures = FailureLog(logger: Self.failureLogger)
        publicSite = PublicSite(settings: settings, store: store, cache: cache,
                                renderers: renderers,
                                assets: assets, clock: clock, calendar: calendar, isStaticExport: isStaticExport,
                                securityHeaders: securityHeaders, crossSite: crossSite, failures: failures,
                                subscriptions: subscriptions)
        writeAPI = WriteAPI(settings: settings, store: store, publishing: publishing, alerts: alerts, webhooks: webhooks,
                            auth: auth, clock: clock, failures: failures,
                            dataChanged: forgetRenders)
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

    /// The request's route, parsed once (`OperationalSite` passes it on to `handle(_:route:)`).
    func route(_ request: Request) -> SiteRoute {
        SiteRoute(path: request.path, router: router)
    }

    public func handle(_ request: Request) -> Response {
        handle(request, route: route(request))
    }

    func handle(_ request: Request, route: SiteRoute) -> Response {
        switch route {
        case .publicSite(let route): publicSite.handle(route, request: request)
        case .admin: admin.handle(request)
        case .writeAPI(let route): writeAPI.handle(request, route: route)
        case .statuspageV1(let address): statuspageV1.handle(request, address: address, now: clock())
        // Served by `OperationalSite` (which knows the server and the metrics); unknown here.
        case .metrics: publicSite.errorPage(404, language: publicSite.negotiated(request))
        }
    }

    func redirect(to location: String, status: Int, extraHeaders: [(String, String)] = []) -> Response {
        Redirect.response(to: location, status: status, extraHeaders: extraHeaders)
    }
}

/// The callbacks `SiteApplication.dataChanged` runs; added at start-up, read on every change.
private final class ChangeObservers: @unchecked Sendable {
    private let lock = NSLock()
    private var observers: [@Sendable () -> Void] = []
    func add(_ observer: @escaping @Sendable () -> Void) { lock.withLock { observers.append(observer) } }
    var all: [@Sendable () -> Void] { lock.withLock { observers } }
}
