import HTTPServer
import StatusModel

/// One refused field in a problem document: `{field, code, message}`.
struct APIFieldIssue: Sendable, Hashable {
    let field: String
    let code: String
    var limit: Int? = nil
    /// For type and enum errors: what was expected ("string", "none, minor, major").
    var expected: String? = nil

    init(field: String, code: String, limit: Int? = nil, expected: String? = nil) {
        self.field = field; self.code = code; self.limit = limit; self.expected = expected
    }

    init(_ error: FieldError) {
        self.init(field: error.field, code: error.code.rawValue, limit: error.limit)
    }
}

/// An RFC 9457 problem the API answers with; every failure path ends in one of these.
struct APIProblem: Error, Sendable {
    /// The `type` URI's last part ("validation", "not-found"); the full type is `urn:driftstatus:problem:<kind>`.
    let kind: String
    let status: Int
    let detail: String
    var errors: [APIFieldIssue] = []
    var headers: [(String, String)] = []

    static let typePrefix = "urn:driftstatus:problem:"

    static func validation(_ issues: [APIFieldIssue], _ messages: APIMessages) -> APIProblem {
        APIProblem(kind: "validation", status: 422, detail: messages.invalidFields, errors: issues)
    }

    static func from(_ error: PublishingError, _ messages: APIMessages) -> APIProblem {
        switch error {
        case .validation(let errors): validation(errors.map(APIFieldIssue.init), messages)
        case .notFound(let what): APIProblem(kind: "not-found", status: 404, detail: messages.notFound(what))
        case .conflict(let why): APIProblem(kind: "conflict", status: 409, detail: messages.conflict(why))
        case .forbidden: APIProblem(kind: "forbidden", status: 403, detail: messages.forbidden)
        case .unavailable: APIProblem(kind: "unavailable", status: 503, detail: messages.unavailable, headers: [("Retry-After", "5")])
        case .unexpected: APIProblem(kind: "internal", status: 500, detail: messages.unexpected)
        }
    }

    func response(_ messages: APIMessages) -> Response {
        var members: [(String, APIJSON)] = [
            ("type", .string(Self.typePrefix + kind)),
            ("title", .string(messages.title(status: status))),
            ("status", .integer(Int64(status))),
            ("detail", .string(detail)),
        ]
        if !errors.isEmpty {
            members.append(("errors", .array(errors.map { issue in
                .object([("field", .string(issue.field)), ("code", .string(issue.code)),
                         ("message", .string(messages.message(code: issue.code, limit: issue.limit, expected: issue.expected)))])
            })))
        }
        var response = APIResponses.json(.object(members), status: status, contentType: "application/problem+json")
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }
}

enum APIResponses {
    /// Every API answer is private and current: never stored by caches.
    static func json(_ value: APIJSON, status: Int, contentType: String = "application/json", pretty: Bool = false) -> Response {
        bytes(value.serialized(pretty: pretty), status: status, contentType: contentType)
    }

    static func bytes(_ body: [UInt8], status: Int, contentType: String) -> Response {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        headers.add("Cache-Control", "no-store")
        return Response(status: status, headers: headers, body: ResponseBody(body))
    }
}
