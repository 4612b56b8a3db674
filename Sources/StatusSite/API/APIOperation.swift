import Foundation
import HTTPServer
import StatusModel

/// One route of the write API: what the dispatcher needs to serve it and what the OpenAPI
/// document says about it. Both read the same table (`APIOperation.all`), so the document cannot
/// describe a route, method or status the server does not have.
struct APIOperation: Sendable {
    enum Body: Sendable, Equatable {
        case none
        /// The schema name in `components/schemas`; an empty body counts as `{}` when optional.
        case required(String)
        case optional(String)

        var schema: String? {
            switch self {
            case .none: nil
            case .required(let name), .optional(let name): name
            }
        }
    }

    struct QueryParameter: Sendable {
        let name: String
        let description: String
        let minimum: Int
        let maximum: Int
        let defaultValue: Int
    }

    let method: String
    /// "/api/v1/incidents/{id}": at most one `{parameter}` segment.
    let path: String
    let operationID: String
    let summary: String
    let requiresToken: Bool
    let body: Body
    let query: [QueryParameter]
    /// The status of a successful answer (201 for creates, otherwise 200).
    let success: Int
    /// The schema name of a successful answer.
    let response: String
    /// The failure statuses this route can answer with (problem+json).
    let failures: [Int]
    /// Where the created resource lives, computed from the answer's body (so a replay gets it too).
    let location: (@Sendable (APIJSON) -> String?)?
    let handler: @Sendable (WriteAPI, inout APIContext) throws -> APIJSON
    /// What the token's role must allow (editors publish; webhooks need an admin token).
    var permission: Permission = .publish
    /// False when the answer holds a secret: it must not be kept for replays.
    var replayable = true
    /// The status for a body that is not JSON at all (integrations follow HTTP's 400).
    var malformedBodyStatus = 422

    var acceptsIdempotencyKey: Bool { method == "POST" && replayable }

    /// The path parameter's name ("id", "component"), if the path has one.
    var parameterName: String? {
        path.split(separator: "/").first { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }
}

/// What a handler gets: the request, who sent it, the body as read so far and the clock.
struct APIContext {
    let request: Request
    let actor: Actor
    let now: Date
    let messages: APIMessages
    let parameter: String?
    var body: APIBodyReader

    /// The `{id}` path parameter as a number; an id that is not a number names nothing (404).
    func id(_ what: String) throws -> Int64 {
        guard let parameter, let id = Int64(parameter), id > 0 else {
            throw APIProblem(kind: "not-found", status: 404, detail: messages.notFound("\(what) \(parameter ?? "")"))
        }
        return id
    }

    /// The record the `{id}` path parameter names, loaded with `load`; 404 when there is none.
    func existing<Record>(_ what: String, in app: WriteAPI, _ load: (Int64) throws -> Record?) throws -> Record {
        let id = try id(what)
        guard let record = try app.apiStore({ try load(id) }) else {
            throw APIProblem(kind: "not-found", status: 404, detail: messages.notFound("\(what) \(id)"))
        }
        return record
    }

    /// `limit` from the query, clamped to the parameter's range (a wrong value is a 422).
    func limit(_ parameter: APIOperation.QueryParameter) throws -> Int {
        guard let raw = request.queryValue(parameter.name) else { return parameter.defaultValue }
        guard let value = Int(raw), (parameter.minimum...parameter.maximum).contains(value) else {
            throw APIProblem.validation([APIFieldIssue(field: parameter.name, code: ValidationCode.invalid.rawValue)], messages)
        }
        return value
    }

    /// Fails with 422 listing every shape problem the body reader collected plus unknown members.
    /// `validation` (the shared StatusModel rules on what could be read) is added then too, for the
    /// members without a shape problem, so one answer lists everything wrong with the body.
    mutating func finishReading(extra: [APIFieldIssue] = [], validation: () -> [FieldError] = { [] }) throws {
        let issues = body.finish() + extra
        guard !issues.isEmpty else { return }
        func member(_ field: String) -> Substring { field.prefix { $0 != "." && $0 != "[" } }
        let reported = Set(issues.map { member($0.field) })
        let rules = validation().filter { !reported.contains(member($0.field)) }.map(APIFieldIssue.init)
        throw APIProblem.validation(issues + rules, messages)
    }
}

extension APIOperation {
    /// The `Location` of a created record: the route `template` ("/api/v1/incidents/{id}")
    /// with the answer's `member.id` as its parameter.
    static func location(of member: String, at template: String) -> @Sendable (APIJSON) -> String? {
        { body in body[member]?["id"]?.integerValue.map { APIRoute.operation(template: template, parameter: String($0)).path } }
    }
}
