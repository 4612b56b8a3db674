import Foundation
import HTTPServer
import StatusModel

/// Which requests the I/O thread answers itself and which wait for a worker pool: only answers
/// that cost a lookup (cached public responses, fresh or stale while a background render replaces
/// them: see `RenderCache.answersFromMemory`; static assets, redirects, liveness) are ready now.
enum RequestLane: Sendable, Equatable {
    case ready
    case work
    case signIn
}

extension SiteApplication {
    /// Seconds a client is asked to wait when a pool's queue is full.
    static let busyRetryAfterSeconds = 2

    func lane(for request: Request) -> RequestLane {
        let path = request.path
        if path == "/admin/login" && request.method == "POST" { return .signIn }
        if path == "/admin" || path.hasPrefix("/admin/") || path == "/api/v1" || path.hasPrefix("/api/v1/") { return .work }
        if StatuspageV1API.handles(path) { return .work }
        let route = router.route(path)
        let key: String
        switch route {
        case .subscription:
            return .work
        case _ where request.method != "GET" && request.method != "HEAD":
            return .ready
        case .health:
            return request.query.contains { $0.name == "live" } ? .ready : .work
        case .home, .history, .incident, .maintenance:
            key = Self.cacheKey(of: route)
        case .feed(let address):
            key = Self.cacheKey(of: address)
        case .calendar(let address):
            key = Self.cacheKey(of: address)
        case .badge(let address):
            key = Self.cacheKey(of: address, language: badgeLanguage(request))
        case .statuspage(let document):
            key = Self.cacheKey(of: document, language: statuspageLanguage(request))
        // Listed one by one, not `default`: a new route must decide, or it would render on the I/O thread.
        case .root, .chooseLanguage, .asset, .redirect, .notFound, .badRequest:
            return .ready
        }
        return cache.answersFromMemory(key, now: clock()) ? .ready : .work
    }

    /// The answer when the lane's pool cannot take more: 503 with Retry-After, in the reader's
    /// language, shaped like the rest of that area (API problem, admin page, public page).
    /// Rendered once per area, lane and language and sent prepared: a flood of refused requests
    /// costs the I/O thread a lookup each, not a page render.
    func busyResponse(_ request: Request, lane: RequestLane) -> Response {
        let area = request.path.hasPrefix("/api/") ? "api" : request.path == "/admin" || request.path.hasPrefix("/admin/") ? "admin"
            : StatuspageV1API.handles(request.path) ? "v1" : "public"
        let language = area == "admin" ? adminLanguage(request).0 : negotiated(request)
        return busyResponses.response(for: "\(area) \(lane) \(language)") {
            var response: Response
            switch area {
            case "api":
                let messages = APIMessages(language: language)
                response = APIProblem(kind: "unavailable", status: 503, detail: messages.unavailable).response(messages)
            case "admin":
                response = adminBusyPage(request, signingIn: lane == .signIn)
            case "v1":
                response = StatuspageV1Error(status: 503, message: "the server is busy; try again shortly").response
            default:
                response = errorPage(503, language: language)
            }
            response.headers.replace("Cache-Control", "no-store")
            response.headers.add("Retry-After", String(Self.busyRetryAfterSeconds))
            securityHeaders.apply(to: &response, path: request.path)
            response.prepare()
            return response
        }
    }
}

/// The 503 answers `busyResponse` sends, made once each.
final class BusyResponses: @unchecked Sendable {
    // @unchecked: `responses` is guarded by `lock`.
    private let lock = NSLock()
    private var responses: [String: Response] = [:]

    func response(for key: String, make: () -> Response) -> Response {
        if let made = lock.withLock({ responses[key] }) { return made }
        let made = make()
        lock.withLock { responses[key] = made }
        return made
    }
}
