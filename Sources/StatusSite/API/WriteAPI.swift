import Crypto
import Foundation
import HTTPServer
import SiteSettings
import StatusModel
import StatusPages
import StatusStore

/// The token-authenticated write API at `/api/v1/`: routes from the `APIOperation` table, every
/// write through `Publishing` (or the alert intake and webhook writes), answers in JSON and
/// refusals as problem+json. Built by `SiteApplication` with only what it uses.
final class WriteAPI: Sendable {
    let settings: SiteSettings
    /// Reads for the answers, and the idempotency records.
    let store: StatusStore
    let publishing: Publishing
    /// Alertmanager/Grafana alerts moving components (`[[alert_rules]]`).
    let alerts: AlertIntake
    let webhooks: Webhooks
    /// Who a bearer token belongs to.
    let auth: StaffAuth
    let negotiation: LanguageNegotiation
    let clock: @Sendable () -> Date
    /// Runs after an idempotent write commits (the caches forget).
    let dataChanged: @Sendable () -> Void
    let failures: FailureLog

    init(settings: SiteSettings, store: StatusStore, publishing: Publishing, alerts: AlertIntake, webhooks: Webhooks,
         auth: StaffAuth, clock: @escaping @Sendable () -> Date, failures: FailureLog, dataChanged: @escaping @Sendable () -> Void) {
        self.settings = settings; self.store = store; self.publishing = publishing; self.alerts = alerts
        self.webhooks = webhooks; self.auth = auth; self.clock = clock; self.failures = failures; self.dataChanged = dataChanged
        negotiation = LanguageNegotiation(languages: settings.languages)
    }

    /// Bodies larger than this are refused before parsing (the server's own cap is 1 MiB); the
    /// largest valid post (10,000 characters per language, fully escaped) fits well within it.
    static let apiMaximumBody = 512 * 1024

    /// `/api/v1/...`: `route` is the request's path, parsed once by `SiteRoute`.
    func handle(_ request: Request, route: APIRoute) -> Response {
        let messages = APIMessages(language: request.headers["Accept-Language"] == nil
            ? .english : negotiation.choose(acceptLanguage: request.headers["Accept-Language"], cookie: nil))
        var response: Response
        do {
            response = try dispatch(request, route: route, messages)
        } catch {
            response = failure(error, request, messages)
        }
        response.headers.replace("Cache-Control", "no-store")
        return response
    }

    /// The one error path: every refusal becomes a problem+json answer; what is not the client's
    /// fault is logged with the request id.
    private func failure(_ error: Error, _ request: Request, _ messages: APIMessages) -> Response {
        switch error {
        case let problem as APIProblem:
            return problem.response(messages)
        case let error as PublishingError:
            failures.record(error, request)
            return APIProblem.from(error, messages).response(messages)
        default:
            failures.record(error, request)
            return APIProblem(kind: "unavailable", status: 503, detail: messages.unavailable).response(messages)
        }
    }

    private func dispatch(_ request: Request, route: APIRoute, _ messages: APIMessages) throws -> Response {
        let candidates = route.operations
        guard !candidates.isEmpty else {
            throw APIProblem(kind: "not-found", status: 404, detail: messages.unknownPath)
        }
        let parameter = route.parameter
        // HEAD is GET without the body (the server leaves the body out).
        let method = request.method == "HEAD" ? "GET" : request.method
        guard let operation = candidates.first(where: { $0.method == method }) else {
            let allowed = Self.allowedMethods(candidates)
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
