import Foundation
import HTTPServer
import StatusModel
import StatusPages

/// A refusal in Statuspage's error shape: `{"error": "..."}` with a fitting status code.
struct StatuspageV1Error: Error, Equatable {
    let status: Int
    let message: String
    var headers: [(String, String)] = []

    static func == (lhs: StatuspageV1Error, rhs: StatuspageV1Error) -> Bool {
        lhs.status == rhs.status && lhs.message == rhs.message
    }

    static func badRequest(_ message: String) -> StatuspageV1Error { StatuspageV1Error(status: 400, message: message) }
    static func notFound(_ message: String) -> StatuspageV1Error { StatuspageV1Error(status: 404, message: message) }
    static func invalid(_ message: String) -> StatuspageV1Error { StatuspageV1Error(status: 422, message: message) }
    static func conflict(_ message: String) -> StatuspageV1Error { StatuspageV1Error(status: 409, message: message) }

    /// 501: a Statuspage operation or field value Driftstatus does not implement, named.
    static func unsupported(_ what: String) -> StatuspageV1Error {
        StatuspageV1Error(status: 501, message: "\(what) is not supported by Driftstatus's Statuspage API (see docs/statuspage-v1.md)")
    }

    static func methodNotAllowed(_ method: String, allowed: [String], why: String? = nil) -> StatuspageV1Error {
        var methods = Set(allowed)
        if methods.contains("GET") { methods.insert("HEAD") }
        let list = methods.sorted().joined(separator: ", ")
        return StatuspageV1Error(status: 405, message: why ?? "\(method) is not allowed here (allowed: \(list))",
                                 headers: [("Allow", list)])
    }

    var response: Response {
        var response = StatuspageV1Responses.json(Self.body(message), status: status)
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }

    static func body(_ message: String) -> [UInt8] {
        var out = Array("{\"error\":".utf8)
        JSONText.appendString(message, to: &out)
        out += Array("}\n".utf8)
        return out
    }

    /// Publishing's refusals in Statuspage's words; nil for failures that are not the client's
    /// (those are logged and answered 500/503 by the caller).
    static func from(_ error: PublishingError, language: LanguageCode) -> StatuspageV1Error? {
        switch error {
        case .validation(let errors):
            return .invalid(errors.map { describe($0, language: language) }.joined(separator: "; "))
        case .notFound(let what):
            return .notFound("\(what) not found")
        case .conflict(let why):
            return .conflict(why)
        case .forbidden:
            return StatuspageV1Error(status: 403, message: "this token's role may not do this (an admin token is needed)")
        case .unavailable, .unexpected:
            return nil
        }
    }

    /// "title.en: required" in the field names Statuspage clients send ("name", "body").
    static func describe(_ error: FieldError, language: LanguageCode) -> String {
        var field = error.field
        for (ours, theirs) in [("title", "name"), ("body", "body"), ("name", "name"), ("description", "description"),
                             ("ends_at", "scheduled_until"), ("starts_at", "scheduled_for")]
        where field == ours || field.hasPrefix("\(ours).") {
            field = theirs
        }
        if field == "components" || field.hasPrefix("components[") { field = "components" }
        let what: String
        switch error.code {
        case .required: what = "is required (text in '\(language)')"
        case .tooLong: what = "is too long" + (error.limit.map { " (at most \($0) characters)" } ?? "")
        case .endBeforeStart: what = "must be after scheduled_for"
        case .unknownComponent: what = "names a component that does not exist"
        default: what = "is not valid (\(error.code.rawValue))"
        }
        return "\(field) \(what)"
    }
}

enum StatuspageV1Responses {
    static func json(_ body: [UInt8], status: Int) -> Response {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json; charset=utf-8")
        headers.add("Cache-Control", "no-store")
        return Response(status: status, headers: headers, body: ResponseBody(body))
    }
}
