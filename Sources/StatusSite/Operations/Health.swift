import Foundation
import HTTPServer
import StatusPages
import StatusStore

/// `/healthz`: readiness by default (is the database usable?), liveness with `?live`.
///
/// - `/healthz`, `/healthz?ready`: a fresh check (the database file is the one in use, a small
///   read works, no write failed in the last minute). 200 `{"status":"ok","database":"ok"}`, or
///   503 `{"status":"degraded","database":"unavailable","detail":"…"}`. For monitoring and alerts.
/// - `/healthz?live`: 200 whenever the process answers, with the same body. The public site
///   keeps serving its last good pages while the database is down, so a liveness probe that
///   restarts the process on a database problem would only make things worse.
extension PublicSite {
    func healthResponse(_ request: Request) -> Response {
        let health = store.health()
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        headers.add("Cache-Control", "no-store")
        let live = request.query.contains { $0.name == "live" }
        guard let problem = health.problem else {
            return Response(status: 200, headers: headers, body: ResponseBody("{\"status\":\"ok\",\"database\":\"ok\"}\n"))
        }
        // The file's location is the operator's business, not every reader's.
        let detail = problem.replacingOccurrences(of: store.path, with: "<database>")
        let body = "{\"status\":\"degraded\",\"database\":\"unavailable\",\"detail\":\(JSONText.quoted(detail))}\n"
        return Response(status: live ? 200 : 503, headers: headers, body: ResponseBody(body))
    }
}
