import Foundation
import HTTPServer
import Logging
import StatusPages

/// What the server calls: `SiteApplication.handle` wrapped with the operational parts, in one
/// place: security headers and `X-Request-Id` on every response, `/metrics`, and a log line
/// plus metrics for every completed request.
public final class OperationalSite: Sendable {
    public struct Options: Sendable {
        /// When set, `/metrics` answers anyone presenting `Authorization: Bearer <token>`;
        /// when nil, it answers only clients on the loopback interface.
        public var metricsToken: String?
        /// Request lines are logged at `.info`.
        public var logger = Logger(label: "driftstatus")
        /// The worker pools `reply` hands slow work to.
        public var pools = PoolSizes()
        /// Stale pages are answered at once and rendered again on the work pool, and a write
        /// renders what it touched before it answers (`Cache/ChangeRefresh.swift`). Off: a stale
        /// page is rendered by its next reader, as `export` does; only for tests that write far
        /// more than they read (each write would otherwise re-render the whole warm set).
        public var rendersInBackground = true

        public init(metricsToken: String? = nil, logger: Logger = Logger(label: "driftstatus"), pools: PoolSizes = PoolSizes(),
                    rendersInBackground: Bool = true) {
            self.metricsToken = metricsToken
            self.logger = logger
            self.pools = pools
            self.rendersInBackground = rendersInBackground
        }
    }

    public let application: SiteApplication
    public let metrics = SiteMetrics()
    private let options: Options
    private let securityHeaders: SecurityHeaders
    private let server = WeakServer()
    let pools: SitePools
    /// Writes request lines without swift-log's metadata dictionary when the logger's handler
    /// allows it (`KeyValueLogHandler.requestLineWriter`, the same bytes); nil: through the logger.
    private let requestLines: RequestLineWriter?
    /// Whether request lines are logged at all: the logger's level, read once (it is fixed), not
    /// through its handler on every request.
    private let logsRequests: Bool

    public init(application: SiteApplication, options: Options = Options()) {
        self.application = application
        self.options = options
        securityHeaders = application.securityHeaders
        pools = SitePools(options.pools)
        requestLines = (options.logger.handler as? KeyValueLogHandler)?.requestLineWriter
        logsRequests = options.logger.logLevel <= .info
        // Serving: stale cached pages are answered at once and rendered again on the render
        // pool, which also renders what a change touched while its writer waits.
        if options.rendersInBackground {
            application.renderInBackground(on: pools.render)
            application.changeRefresh.attach(renders: pools.render, settling: pools.settling)
        }
    }

    /// Finishes the work the pools hold, then ends their threads: after `Server.stop()`.
    public func stopPools() {
        application.changeRefresh.stop()
        pools.stop()
    }

    /// Tells `/metrics` which server's open connections to report.
    public func attach(_ server: Server) {
        self.server.set(server)
    }

    /// For `Server(configuration:reply:)`: ready answers now, everything slow on a pool.
    public func reply(_ request: Request) -> Reply {
        // Parsed once: the lane, the answer and the security policy all read it.
        let route = application.route(request)
        // The common case first: a cached public response, looked up once.
        if case .publicSite(let page) = route, let answer = application.publicSite.answerFromMemory(page, request: request) {
            return .now(finished(answer, request, route))
        }
        let lane = application.lane(for: request, route: route)
        let pool: WorkerPool
        switch lane {
        case .ready: return .now(handle(request, route: route))
        case .work: pool = pools.work
        case .signIn:
            return signInReply(request, route: route)
        }
        return .later(pool: pool, whenBusy: { [self] in finished(application.busyResponse(request, lane: lane, route: route), request, route) },
                      work: { [self] in handle(request, route: route) })
    }

    /// POST /admin/login: held back when the address ignored a Retry-After (`SignInPacing`),
    /// refused at once when the hash budget is spent (`admitsSignIn`), otherwise checked on the
    /// sign-in pool. Every refusal starts the address's Retry-After interval.
    private func signInReply(_ request: Request, route: SiteRoute) -> Reply {
        let pacing = pools.signInPacing.flatMap { application.admin.signInFromKnownDevice(request) ? nil : $0 }
        let address = request.remoteAddress
        if let pacing, let wait = pacing.earlyBy(address) {
            return .delayed(seconds: wait, finished(application.admin.tooEarlyResponse(request), request, route))
        }
        let busy: @Sendable () -> Response = { [self] in
            pacing?.refused(address)
            return finished(application.busyResponse(request, lane: .signIn, route: route), request, route)
        }
        guard admitsSignIn(request) else { return .now(busy()) }
        return .later(pool: pools.signIn, whenBusy: busy, work: { [self] in
            let response = handle(request, route: route)
            if response.status == 429 || response.status == 503 { pacing?.refused(address) }
            return response
        })
    }

    /// Answers on the calling thread, whatever the request costs.
    public func handle(_ request: Request) -> Response {
        handle(request, route: application.route(request))
    }

    private func handle(_ request: Request, route: SiteRoute) -> Response {
        if case .metrics = route { return finished(metricsResponse(request), request, route) }
        // A write answers once the pages it changed are rendered again (read your own writes);
        // reads skip the bookkeeping (they run on the I/O thread and change nothing).
        guard request.method != "GET" && request.method != "HEAD" else {
            return finished(application.handle(request, route: route), request, route)
        }
        return finished(application.changeRefresh.collectingChanges { application.handle(request, route: route) }, request, route)
    }

    private func finished(_ response: Response, _ request: Request, _ route: SiteRoute) -> Response {
        var response = response
        // The route's label travels with the answer, so the completion report (metrics, log
        // line) need not parse the path again.
        response.tag = RouteName(route, router: application.router).ordinal
        // Cached public responses carry the security headers already and go out prepared;
        // touching them would undo that (the request id is in the log line instead).
        guard response.prepared == nil else { return response }
        securityHeaders.apply(to: &response, route: route)
        response.headers.add("X-Request-Id", request.id.description)
        return response
    }

    /// For `ServerConfiguration.onRequestCompleted`: one log line and the request metrics.
    public func requestCompleted(_ request: CompletedRequest) {
        // Answers from `reply` carry their route's label; those libmicrohttpd made itself (400,
        // 431) or refused before the handler (414, 413) only their path: parsed here.
        let route = request.tag.flatMap(RouteName.init(ordinal:))
            ?? RouteName(SiteRoute(path: request.path, router: application.router), router: application.router)
        metrics.record(request, route: route)
        guard logsRequests else { return }
        if let requestLines {
            requestLines.write(RequestLogFields(
                id: request.id, method: request.method.isEmpty ? "-" : request.method, route: route.rawValue,
                path: Self.shortened(request.path), status: request.status, durationMicroseconds: Self.microseconds(request.duration),
                bytes: request.bytesSent, remote: request.remoteAddress.isEmpty ? "-" : request.remoteAddress))
            return
        }
        options.logger.info("request", metadata: [
            "id": .string(request.id.description),
            "method": .string(request.method.isEmpty ? "-" : request.method),
            "route": .string(route.rawValue),
            "path": .string(Self.shortened(request.path)),
            "status": .string(String(request.status)),
            "duration_ms": .string(Self.milliseconds(request.duration)),
            "bytes": .string(String(request.bytesSent)),
            "remote": .string(request.remoteAddress.isEmpty ? "-" : request.remoteAddress),
        ])
    }

    /// "12.345": the duration in milliseconds to the microsecond, without `String(format:)`
    /// (which goes through Foundation on every request).
    static func milliseconds(_ duration: Duration) -> String {
        let microseconds = microseconds(duration)
        let fraction = String(microseconds % 1000)
        return String(microseconds / 1000) + "." + String(repeating: "0", count: 3 - fraction.utf8.count) + fraction
    }

    /// The duration in whole microseconds, rounded, never negative.
    static func microseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return max(0, parts.seconds * 1_000_000 + (parts.attoseconds + 500_000_000_000) / 1_000_000_000_000)
    }

    /// Paths are logged up to 200 characters: enough to identify the page, bounded for abusers.
    static func shortened(_ path: String) -> String {
        path.utf8.count <= 200 || path.count <= 200 ? path : String(path.prefix(200)) + "…"
    }

    private func metricsResponse(_ request: Request) -> Response {
        if let token = options.metricsToken {
            guard let presented = request.headers["Authorization"], Self.constantTimeEquals(presented, "Bearer \(token)") else {
                var response = Response.text("a bearer token is required\n", status: 401)
                response.headers.add("WWW-Authenticate", "Bearer realm=\"metrics\"")
                response.headers.add("Cache-Control", "no-store")
                return response
            }
        } else if !Self.isLoopback(request.remoteAddress) {
            // Looks like any unknown address: no hint that metrics exist.
            return application.publicSite.errorPage(404, language: application.publicSite.negotiated(request))
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = Response.text("method not allowed\n", status: 405)
            response.headers.add("Allow", "GET, HEAD")
            return response
        }
        let health = application.store.health()
        let body = metrics.exposition(openConnections: server.openConnections, cache: application.cache.statistics,
                                      databaseErrorCount: health.errorCount, databaseHealthy: health.isHealthy,
                                      deliveryCounts: try? application.store.deliveryCounts(),
                                      pendingPurges: try? application.store.pendingPurgeCount())
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        headers.add("Cache-Control", "no-store")
        return Response(status: 200, headers: headers, body: ResponseBody(body))
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }

    /// Compares without stopping at the first difference, so timing does not reveal the token.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The running server, once known (it is created after the handler it calls).
private final class WeakServer: @unchecked Sendable {
    // @unchecked: `server` is guarded by `lock`.
    private let lock = NSLock()
    private weak var server: Server?
    func set(_ server: Server) { lock.withLock { self.server = server } }
    var openConnections: Int { lock.withLock { server }?.openConnections ?? 0 }
}
