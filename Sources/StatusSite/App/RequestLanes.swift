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
        lane(for: request, route: route(request))
    }

    /// The lane of the parsed route (`OperationalSite` parses once for the lane and the answer).
    func lane(for request: Request, route: SiteRoute) -> RequestLane {
        switch route {
        case .admin(let route):
            return request.method == "POST" && route == .login ? .signIn : .work
        case .writeAPI, .statuspageV1, .metrics:
            return .work
        case .publicSite(let route):
            return publicSite.lane(for: route, request: request)
        }
    }

    /// The answer when the lane's pool cannot take more: 503 with Retry-After, in the reader's
    /// language, shaped like the rest of that area (API problem, admin page, public page).
    /// Rendered once per area, lane and language and sent prepared: a flood of refused requests
    /// costs the I/O thread a lookup each, not a page render.
    func busyResponse(_ request: Request, lane: RequestLane, route: SiteRoute) -> Response {
        // The Statuspage JSON's readers are programs too: they get the API's problem JSON.
        let area = switch route {
        case .writeAPI, .publicSite(.statuspage): "api"
        case .admin: "admin"
        case .statuspageV1: "v1"
        case .publicSite, .metrics: "public"
        }
        let language = area == "admin" ? admin.language(for: request).0 : publicSite.negotiated(request)
        return busyResponses.response(for: "\(area) \(lane) \(language)") {
            var response: Response
            switch area {
            case "api":
                let messages = APIMessages(language: language)
                response = APIProblem(kind: "unavailable", status: 503, detail: messages.unavailable).response(messages)
            case "admin":
                response = admin.busyPage(request, signingIn: lane == .signIn)
            case "v1":
                response = StatuspageV1Error(status: 503, message: "the server is busy; try again shortly").response
            default:
                response = publicSite.errorPage(503, language: language)
            }
            response.headers.replace("Cache-Control", "no-store")
            response.headers.add("Retry-After", String(Self.busyRetryAfterSeconds))
            securityHeaders.apply(to: &response, route: route)
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
