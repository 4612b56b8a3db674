import Foundation
import HTTPServer
import StatusModel

/// Which requests the I/O thread answers itself and which wait for a worker pool: only answers
/// that cost a lookup (fresh cache entries, static assets, redirects, liveness) are ready now.
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
        case .statuspage(let document):
            key = Self.cacheKey(of: document, language: statuspageLanguage(request))
        default:
            return .ready
        }
        return cache.answersFromMemory(key, now: clock()) ? .ready : .work
    }

    /// The answer when the lane's pool cannot take more: 503 with Retry-After, in the reader's
    /// language, shaped like the rest of that area (API problem, admin page, public page).
    func busyResponse(_ request: Request, lane: RequestLane) -> Response {
        var response: Response
        if request.path.hasPrefix("/api/") {
            let messages = APIMessages(language: negotiated(request))
            response = APIProblem(kind: "unavailable", status: 503, detail: messages.unavailable).response(messages)
        } else if request.path == "/admin" || request.path.hasPrefix("/admin/") {
            response = adminBusyPage(request, signingIn: lane == .signIn)
        } else {
            response = errorPage(503, language: negotiated(request))
        }
        response.headers.replace("Cache-Control", "no-store")
        response.headers.add("Retry-After", String(Self.busyRetryAfterSeconds))
        return response
    }
}
