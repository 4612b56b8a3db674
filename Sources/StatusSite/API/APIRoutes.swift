import Crypto
import Foundation
import HTTPServer
import StatusModel
import StatusPages
import StatusStore

extension APIOperation {
    static let writeFailures = [401, 403, 404, 409, 413, 415, 422, 503]

    /// Every route of `/api/v1`, in the order the OpenAPI document lists them.
    static let all: [APIOperation] = [
        APIOperation(method: "GET", path: "/api/v1/openapi.json", operationID: "getOpenAPIDocument",
                     summary: "This OpenAPI 3.1 description of the API (no token needed).", requiresToken: false, body: .none,
                     query: [], success: 200, response: "OpenAPIDocument", failures: [], location: nil,
                     handler: { _, _ in OpenAPIDocument.document }),
        APIOperation(method: "GET", path: "/api/v1/incidents", operationID: "listIncidents",
                     summary: "The most recently started incidents, newest first.", requiresToken: true, body: .none,
                     query: [APIIncidentHandlers.limit], success: 200, response: "IncidentList", failures: [401, 422],
                     location: nil, handler: APIIncidentHandlers.list),
        APIOperation(method: "POST", path: "/api/v1/incidents", operationID: "createIncident",
                     summary: "Open an incident (published at once) and set the status of the components it affects.",
                     requiresToken: true, body: .required("IncidentCreate"), query: [], success: 201,
                     response: "IncidentResponse", failures: writeFailures, location: APIIncidentHandlers.location,
                     handler: APIIncidentHandlers.create),
        APIOperation(method: "GET", path: "/api/v1/incidents/{id}", operationID: "getIncident",
                     summary: "One incident with all its updates.", requiresToken: true, body: .none, query: [],
                     success: 200, response: "IncidentResponse", failures: [401, 404], location: nil,
                     handler: APIIncidentHandlers.get),
        APIOperation(method: "PATCH", path: "/api/v1/incidents/{id}", operationID: "editIncident",
                     summary: "Change an incident's title and/or impact (members left out stay as they are).",
                     requiresToken: true, body: .required("IncidentEdit"), query: [], success: 200,
                     response: "IncidentResponse", failures: writeFailures, location: nil, handler: APIIncidentHandlers.edit),
        APIOperation(method: "POST", path: "/api/v1/incidents/{id}/updates", operationID: "postIncidentUpdate",
                     summary: "Post an update (new status, message, component statuses). An update on a resolved incident reopens it.",
                     requiresToken: true, body: .required("UpdateCreate"), query: [], success: 201,
                     response: "UpdateResponse", failures: writeFailures, location: APIIncidentHandlers.location,
                     handler: APIIncidentHandlers.postUpdate),
        APIOperation(method: "POST", path: "/api/v1/incidents/{id}/resolve", operationID: "resolveIncident",
                     summary: "Resolve: posts a 'resolved' update; affected components not named return to operational.",
                     requiresToken: true, body: .required("Resolve"), query: [], success: 200,
                     response: "UpdateResponse", failures: writeFailures, location: nil, handler: APIIncidentHandlers.resolve),
        APIOperation(method: "PUT", path: "/api/v1/incidents/{id}/postmortem", operationID: "savePostmortem",
                     summary: "Create or replace the draft of a resolved incident's postmortem (Markdown subset, see docs/posts.md); the public sees it once published.",
                     requiresToken: true, body: .required("PostmortemSave"), query: [], success: 200,
                     response: "PostmortemResponse", failures: writeFailures, location: nil, handler: APIPostmortemHandlers.save),
        APIOperation(method: "POST", path: "/api/v1/incidents/{id}/postmortem/publish", operationID: "publishPostmortem",
                     summary: "Publish the saved draft on the incident's page, in the feeds and in /api/v2 (409 without a draft).",
                     requiresToken: true, body: .optional("PostmortemPublish"), query: [], success: 200,
                     response: "IncidentResponse", failures: writeFailures, location: nil, handler: APIPostmortemHandlers.publish),
        APIOperation(method: "GET", path: "/api/v1/components", operationID: "listComponents",
                     summary: "Every component (hidden ones too), in page order.", requiresToken: true, body: .none, query: [],
                     success: 200, response: "ComponentList", failures: [401], location: nil, handler: APIComponentHandlers.list),
        APIOperation(method: "PATCH", path: "/api/v1/components/{component}", operationID: "patchComponentStatus",
                     summary: "Set a component's status (same as PUT).", requiresToken: true, body: .required("ComponentStatusSet"),
                     query: [], success: 200, response: "ComponentResponse", failures: writeFailures, location: nil,
                     handler: APIComponentHandlers.setStatus),
        APIOperation(method: "PUT", path: "/api/v1/components/{component}", operationID: "setComponentStatus",
                     summary: "Set a component's status without opening an incident.", requiresToken: true,
                     body: .required("ComponentStatusSet"), query: [], success: 200, response: "ComponentResponse",
                     failures: writeFailures, location: nil, handler: APIComponentHandlers.setStatus),
        APIOperation(method: "GET", path: "/api/v1/maintenances", operationID: "listMaintenances",
                     summary: "The maintenance windows with the latest start, newest first.", requiresToken: true, body: .none,
                     query: [APIIncidentHandlers.limit], success: 200, response: "MaintenanceList", failures: [401, 422],
                     location: nil, handler: APIMaintenanceHandlers.list),
        APIOperation(method: "POST", path: "/api/v1/maintenances", operationID: "createMaintenance",
                     summary: "Plan a maintenance window.", requiresToken: true, body: .required("MaintenanceCreate"), query: [],
                     success: 201, response: "MaintenanceResponse", failures: writeFailures,
                     location: APIMaintenanceHandlers.location, handler: APIMaintenanceHandlers.create),
        APIOperation(method: "GET", path: "/api/v1/maintenances/{id}", operationID: "getMaintenance",
                     summary: "One maintenance window.", requiresToken: true, body: .none, query: [], success: 200,
                     response: "MaintenanceResponse", failures: [401, 404], location: nil, handler: APIMaintenanceHandlers.get),
        APIOperation(method: "POST", path: "/api/v1/maintenances/{id}/cancel", operationID: "cancelMaintenance",
                     summary: "Cancel a scheduled or running maintenance (409 once it has ended or was cancelled).",
                     requiresToken: true, body: .none, query: [], success: 200, response: "MaintenanceResponse",
                     failures: [401, 403, 404, 409, 503], location: nil, handler: APIMaintenanceHandlers.cancel),
        APIOperation(method: "POST", path: "/api/v1/maintenances/{id}/reschedule", operationID: "rescheduleMaintenance",
                     summary: "Move a window that has not started (409 once it has, or was cancelled); its reminder is sent again.",
                     requiresToken: true, body: .required("MaintenanceReschedule"), query: [], success: 200,
                     response: "MaintenanceResponse", failures: writeFailures, location: nil,
                     handler: APIMaintenanceHandlers.reschedule),
        APIOperation(method: "GET", path: "/api/v1/notifications", operationID: "listNotifications",
                     summary: "The latest notification events (what subscribers were told) with their delivery counts, newest first.",
                     requiresToken: true, body: .none, query: [APINotificationHandlers.limit], success: 200,
                     response: "NotificationList", failures: [401, 422], location: nil, handler: APINotificationHandlers.list),
        APIOperation(method: "GET", path: "/api/v1/webhooks", operationID: "listWebhooks",
                     summary: "Every webhook subscription, without secrets (admin token).", requiresToken: true, body: .none,
                     query: [], success: 200, response: "WebhookList", failures: [401, 403], location: nil,
                     handler: APIWebhookHandlers.list, permission: SiteApplication.webhookPermission),
        APIOperation(method: "POST", path: "/api/v1/webhooks", operationID: "createWebhook",
                     summary: "Add a webhook subscription (admin token). The answer holds the signing secret, this once only.",
                     requiresToken: true, body: .required("WebhookCreate"), query: [], success: 201,
                     response: "WebhookCreated", failures: writeFailures, location: APIWebhookHandlers.location,
                     handler: APIWebhookHandlers.create, permission: SiteApplication.webhookPermission, replayable: false),
        APIOperation(method: "GET", path: "/api/v1/webhooks/{id}", operationID: "getWebhook",
                     summary: "One webhook subscription, without its secret (admin token).", requiresToken: true, body: .none,
                     query: [], success: 200, response: "WebhookResponse", failures: [401, 403, 404], location: nil,
                     handler: APIWebhookHandlers.get, permission: SiteApplication.webhookPermission),
        APIOperation(method: "DELETE", path: "/api/v1/webhooks/{id}", operationID: "deleteWebhook",
                     summary: "Delete a webhook subscription and its pending deliveries (admin token); answers with what was deleted.",
                     requiresToken: true, body: .none, query: [], success: 200, response: "WebhookResponse",
                     failures: [401, 403, 404, 503], location: nil, handler: APIWebhookHandlers.delete,
                     permission: SiteApplication.webhookPermission),
        AlertmanagerRoute.operation,
    ]
}

extension SiteApplication {
    /// Bodies larger than this are refused before parsing (the server's own cap is 1 MiB); the
    /// largest valid post (10,000 characters per language, fully escaped) fits well within it.
    static let apiMaximumBody = 512 * 1024

    /// `/api/v1/...`: the token-authenticated write API.
    func handleAPI(_ request: Request) -> Response {
        let messages = APIMessages(language: request.headers["Accept-Language"] == nil
            ? .english : negotiation.choose(acceptLanguage: request.headers["Accept-Language"], cookie: nil))
        var response: Response
        do {
            response = try dispatchAPI(request, messages)
        } catch let problem as APIProblem {
            response = problem.response(messages)
        } catch let error as PublishingError {
            logFailure(error, request)
            response = APIProblem.from(error, messages).response(messages)
        } catch {
            logFailure(error, request)
            response = APIProblem(kind: "unavailable", status: 503, detail: messages.unavailable).response(messages)
        }
        response.headers.replace("Cache-Control", "no-store")
        return response
    }

    private func dispatchAPI(_ request: Request, _ messages: APIMessages) throws -> Response {
        let candidates = APIOperation.all.compactMap { operation in operation.match(request.path).map { (operation, $0) } }
        guard !candidates.isEmpty else {
            throw APIProblem(kind: "not-found", status: 404, detail: messages.unknownPath)
        }
        // HEAD is GET without the body (the server leaves the body out).
        let method = request.method == "HEAD" ? "GET" : request.method
        guard let (operation, parameter) = candidates.first(where: { $0.0.method == method }) else {
            let allowed = Self.allowedMethods(candidates.map(\.0))
            throw APIProblem(kind: "method-not-allowed", status: 405, detail: messages.methodNotAllowed(allowed),
                             headers: [("Allow", allowed)])
        }
        let now = clock()
        let actor = try apiActor(request, operation: operation, messages: messages, now: now)
        let body = try apiBody(request, operation: operation, messages: messages)
        var context = APIContext(request: request, actor: actor, now: now, messages: messages, parameter: parameter,
                                 body: APIBodyReader(body))
        let run = { () throws -> Response in
            let result = try operation.handler(self, &context)
            var response = APIResponses.json(result, status: operation.success, pretty: !operation.requiresToken)
            if operation.success == 201, let location = operation.location?(result) {
                response.headers.add("Location", location)
            }
            return response
        }
        if operation.acceptsIdempotencyKey, let key = request.headers["Idempotency-Key"] {
            return try APIIdempotency.perform(key: key, request: request, actor: actor, store: store, now: now,
                                              operation: operation, messages: messages, afterCommit: dataChanged, run: run)
        }
        return try run()
    }

    static func allowedMethods(_ operations: [APIOperation]) -> String {
        var methods = Set(operations.map(\.method))
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted().joined(separator: ", ")
    }

    /// Only bearer tokens: a session cookie would make the API forgeable cross-site.
    private func apiActor(_ request: Request, operation: APIOperation, messages: APIMessages, now: Date) throws -> Actor {
        guard operation.requiresToken else { return .system("api-anonymous") }
        let challenge = ("WWW-Authenticate", "Bearer realm=\"driftstatus\"")
        guard request.headers["Authorization"] != nil else {
            throw APIProblem(kind: "unauthorized", status: 401, detail: messages.missingToken, headers: [challenge])
        }
        guard let principal = auth.principal(for: request, now: now), principal.actor.kind == .token else {
            throw APIProblem(kind: "unauthorized", status: 401, detail: messages.invalidToken,
                             headers: [("WWW-Authenticate", "Bearer realm=\"driftstatus\", error=\"invalid_token\"")])
        }
        guard principal.allows(operation.permission) else {
            throw APIProblem(kind: "forbidden", status: 403, detail: messages.forbidden)
        }
        return principal.actor
    }

    /// The request's JSON object: media type, size, UTF-8, syntax and shape checked in that order.
    private func apiBody(_ request: Request, operation: APIOperation, messages: APIMessages) throws -> [(String, APIJSON)] {
        guard operation.body != .none else { return [] }
        if request.body.isEmpty, case .optional = operation.body { return [] }
        guard Self.isJSONMediaType(request.headers["Content-Type"]) else {
            throw APIProblem(kind: "unsupported-media-type", status: 415, detail: messages.unsupportedMediaType,
                             headers: [("Accept-Patch", "application/json")])
        }
        guard request.body.count <= Self.apiMaximumBody else {
            throw APIProblem(kind: "too-large", status: 413, detail: messages.tooLarge(Self.apiMaximumBody))
        }
        let parsed: APIJSON
        do {
            parsed = try APIJSONParser().parse(request.body)
        } catch {
            let detail = switch error {
            case .invalidUTF8: messages.invalidUTF8
            case .syntax(let offset): messages.malformedJSON(offset)
            case .tooDeep, .tooManyValues: messages.tooComplexJSON
            case .duplicateMember(let name): messages.duplicateMember(name)
            }
            let syntax = if case .syntax = error { true } else if case .invalidUTF8 = error { true } else { false }
            throw APIProblem(kind: "malformed-body", status: syntax ? operation.malformedBodyStatus : 422, detail: detail)
        }
        guard let object = parsed.objectValue else {
            throw APIProblem(kind: "malformed-body", status: 422, detail: messages.bodyNotObject)
        }
        return object
    }

    /// `application/json`, optionally with `charset=utf-8` (JSON is UTF-8 by definition, RFC 8259).
    static func isJSONMediaType(_ value: String?) -> Bool {
        guard let value else { return false }
        let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard parts.first == "application/json" else { return false }
        return parts.dropFirst().allSatisfy { parameter in
            !parameter.hasPrefix("charset=") || ["charset=utf-8", "charset=\"utf-8\""].contains(parameter)
        }
    }

    // MARK: Helpers the handlers share

    /// Store reads with failures as 503 problems (the public site keeps answering from its cache).
    func apiStore<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw PublishingError.unavailable(error.description)
        }
    }

    func apiEncoder(now: Date, components: [Component]? = nil) throws -> APIEncoder {
        let all = try components ?? apiStore { try store.components() }
        return APIEncoder(components: Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
                          urls: SiteURLs(baseURL: settings.baseURL), languages: settings.languages, now: now)
    }
}
