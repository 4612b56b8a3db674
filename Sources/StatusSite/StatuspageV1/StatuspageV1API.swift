import Foundation
import HTTPServer
import Logging
import SiteSettings
import StatusModel
import StatusPages
import StatusStore

/// Atlassian Statuspage's REST API v1 at `/v1/pages/{page_id}/...` for scripts and bots written
/// against api.statuspage.io (docs/statuspage-v1.md). Reads come from the store, every write goes
/// through `Publishing` (permission, validation, audit, cache, notifications); this type only
/// translates Statuspage's requests and answers. One error path (`handle`) turns every refusal
/// into Statuspage's `{"error": "..."}` and logs what is not the client's fault with the request id.
final class StatuspageV1API: Sendable {
    let publishing: Publishing
    /// Reads only: incidents, maintenance windows, components, the snapshot statuses depend on.
    let reads: StatusStore
    /// The live token for a secret, or nil (`StaffAuth.liveToken`).
    let lookUpToken: @Sendable (String, Date) -> APIToken?
    let settings: SiteSettings
    let objects: StatuspageV1Objects
    let logger: Logger

    init(publishing: Publishing, reads: StatusStore, lookUpToken: @escaping @Sendable (String, Date) -> APIToken?,
         settings: SiteSettings, encoder: StatuspageV2Encoder, logger: Logger) {
        self.publishing = publishing; self.reads = reads; self.lookUpToken = lookUpToken
        self.settings = settings; self.logger = logger
        objects = StatuspageV1Objects(encoder: encoder, pageID: settings.statuspagePageID)
    }

    /// One request's caller and moment.
    struct Context {
        let request: Request
        let actor: Actor
        /// Texts sent through this API are stored in this language (the token's).
        let language: LanguageCode
        let now: Date
    }

    /// `address`: the request's path, parsed once by `SiteRoute`.
    func handle(_ request: Request, address: StatuspageV1Address, now: Date) -> Response {
        // Whole milliseconds, as the store keeps instants: a window started or completed "now" must
        // read back as started or completed at this same `now`, not a rounded-up moment later.
        let now = Date(timeIntervalSince1970: (now.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        do {
            return try dispatch(request, address: address, now: now)
        } catch let error as StatuspageV1Error {
            return error.response
        } catch let error as PublishingError {
            if let refusal = StatuspageV1Error.from(error, language: settings.defaultLanguage) { return refusal.response }
            return failure(error, request)
        } catch let error as StoreError {
            return failure(PublishingError.from(error), request)
        } catch {
            return failure(error, request)
        }
    }

    private func failure(_ error: Error, _ request: Request) -> Response {
        logger.error("statuspage v1 request failed", metadata: [
            "id": "\(request.id)", "method": "\(request.method)", "path": "\(OperationalSite.shortened(request.path))",
            "error": "\(error)",
        ])
        if case .unavailable? = error as? PublishingError {
            var refusal = StatuspageV1Error(status: 503, message: "the status data cannot be written or read right now; try again shortly")
            refusal.headers = [("Retry-After", "5")]
            return refusal.response
        }
        return StatuspageV1Error(status: 500, message: "internal error (request \(request.id))").response
    }

    private func dispatch(_ request: Request, address: StatuspageV1Address, now: Date) throws -> Response {
        guard case .page(let pageID, _, _) = address else {
            throw StatuspageV1Error.notFound("unknown path: Driftstatus serves /v1/pages/{page_id}/incidents and /components")
        }
        // A method the path never answers is refused before the token is looked at, as /api/v1 does.
        let route = address.route
        let method = request.method == "HEAD" ? "GET" : request.method
        if !route.methods.isEmpty && !route.methods.contains(method) {
            throw StatuspageV1Error.methodNotAllowed(request.method, allowed: route.methods)
        }
        let context = try authenticate(request, now: now)
        guard pageID == settings.statuspagePageID else {
            throw StatuspageV1Error.notFound("page not found: this site's page id is '\(settings.statuspagePageID)'")
        }
        switch route {
        case .unknown:
            throw StatuspageV1Error.notFound("unknown path below /v1/pages/\(settings.statuspagePageID)/")
        case .unsupported(let what):
            throw StatuspageV1Error.unsupported(what.prefix(1).uppercased() + what.dropFirst())
        default:
            break
        }
        switch (route, method) {
        case (.incidents, "GET"): return try listIncidents(context)
        case (.incidents, "POST"): return try createIncident(context)
        case (.incidentList(let list), _): return try listIncidents(list, context)
        case (.incident(let id), "GET"): return try getIncident(id, context)
        case (.incident(let id), "DELETE"): return try deleteIncident(id, context)
        case (.incident(let id), _): return try changeIncident(id, context)
        case (.incidentUpdate(let incident, let update), _): return try editUpdate(incident: incident, update: update, context)
        case (.components, _): return try listComponents(context)
        case (.component(let id), "GET"): return try getComponent(id, context)
        case (.component(let id), _): return try changeComponent(id, context)
        default: throw StatuspageV1Error.notFound("unknown path")
        }
    }

    /// `Authorization: OAuth <token>` (Statuspage's form), `Bearer <token>`, or `?api_key=<token>`.
    private func authenticate(_ request: Request, now: Date) throws(StatuspageV1Error) -> Context {
        let challenge = ("WWW-Authenticate", "OAuth realm=\"driftstatus\"")
        var secret = request.queryValue("api_key")
        if let header = request.headers["Authorization"] {
            let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, ["oauth", "bearer"].contains(parts[0].lowercased()) else {
                throw StatuspageV1Error(status: 401, message: "send the token as 'Authorization: OAuth <token>'", headers: [challenge])
            }
            secret = parts[1].trimmingCharacters(in: .whitespaces)
        }
        guard let secret, !secret.isEmpty else {
            throw StatuspageV1Error(status: 401, message: "an API token is needed: 'Authorization: OAuth <token>' or ?api_key=<token>",
                                    headers: [challenge])
        }
        guard let token = lookUpToken(secret, now) else {
            throw StatuspageV1Error(status: 401, message: "the API token is not valid (unknown or revoked)", headers: [challenge])
        }
        let language = token.language.flatMap { settings.languages.contains($0) ? $0 : nil } ?? settings.defaultLanguage
        return Context(request: request, actor: StaffAuth.actor(for: token), language: language, now: now)
    }

    // MARK: Reading and answering

    /// What statuses depend on: component statuses and the maintenance windows of the last 90 days.
    func snapshot(_ context: Context) throws -> StatusSnapshot {
        try reads.snapshot(windowStart: context.now.addingTimeInterval(-90 * 86_400), now: context.now)
    }

    func answer(_ item: StatuspageV1Objects.Item, _ context: Context, status: Int = 200) throws -> Response {
        StatuspageV1Responses.json(objects.object(item, snapshot: try snapshot(context), language: context.language,
                                                  now: context.now), status: status)
    }

    func answer(_ items: [StatuspageV1Objects.Item], _ context: Context) throws -> Response {
        StatuspageV1Responses.json(objects.array(items, snapshot: try snapshot(context), language: context.language,
                                                 now: context.now), status: 200)
    }
}
