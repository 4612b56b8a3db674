import Foundation
import SiteSettings
import StatusModel
@testable import StatusSite
import StatusStore
import Testing
import TestSupport

/// A real site with two components (bank-sync, login) and API tokens of both roles, plus a
/// client that speaks the write API.
final class APITestSite: @unchecked Sendable {
    let site: TestSite
    let editorToken: String
    let adminToken: String

    init(settings: SiteSettings = .defaults) throws {
        site = try TestSite(now: testNow, settings: settings) { store in
            for slug in ["bank-sync", "login"] {
                _ = try store.createComponent(slug: slug, name: .both("Komponent \(slug)", "Component \(slug)"),
                                              createdAt: testNow.addingTimeInterval(-30 * 86400), by: .system("test"))
            }
        }
        editorToken = try site.application.auth.createToken(name: "monitoring", role: .editor, by: .system("test"), now: testNow).token
        adminToken = try site.application.auth.createToken(name: "deploy-bot", role: .admin, by: .system("test"), now: testNow).token
    }

    var store: StatusStore { site.store }

    /// Sends a request; `json` is sent as `application/json` unless `headers` say otherwise.
    func call(_ method: String, _ path: String, token: String? = nil, json: String? = nil, bytes: [UInt8]? = nil,
              headers: [(String, String)] = []) throws -> APIResult {
        var allHeaders = headers
        if let token { allHeaders.append(("Authorization", "Bearer \(token)")) }
        let body = bytes ?? json.map { Array($0.utf8) } ?? []
        if !body.isEmpty, !allHeaders.contains(where: { $0.0.lowercased() == "content-type" }) {
            allHeaders.append(("Content-Type", "application/json"))
        }
        return APIResult(response: try site.client.send(method, path, headers: allHeaders, body: body))
    }

    /// As the editor token ("monitoring").
    func editor(_ method: String, _ path: String, json: String? = nil, headers: [(String, String)] = []) throws -> APIResult {
        try call(method, path, token: editorToken, json: json, headers: headers)
    }

    static let incidentJSON = """
        {"title": {"sv": "Banksynk försenad", "en": "Bank sync delayed"}, "body": {"sv": "Vi undersöker.", "en": "Investigating."},
         "impact": "major", "components": [{"component": "bank-sync", "status": "partial_outage"}]}
        """

    static let maintenanceJSON = """
        {"title": {"sv": "Underhåll", "en": "Maintenance"}, "starts_at": "2026-11-26T22:00:00Z",
         "ends_at": "2026-11-27T01:00:00+01:00", "components": ["login"]}
        """

    /// Opens an incident as the editor and returns its id.
    func createIncident(_ json: String = APITestSite.incidentJSON) throws -> Int64 {
        let result = try editor("POST", "/api/v1/incidents", json: json)
        try #require(result.status == 201, "\(result.text)")
        return try #require(result.json?["incident"]?["id"]?.integerValue)
    }

    func createMaintenance(_ json: String = APITestSite.maintenanceJSON) throws -> Int64 {
        let result = try editor("POST", "/api/v1/maintenances", json: json)
        try #require(result.status == 201, "\(result.text)")
        return try #require(result.json?["maintenance"]?["id"]?.integerValue)
    }
}

/// A response with its body parsed as JSON (nil when it is not JSON).
struct APIResult {
    let response: HTTPTestResponse
    var status: Int { response.status }
    var text: String { response.text }
    var json: APIJSON? { try? APIJSONParser().parse(response.body) }
    func header(_ name: String) -> String? { response.header(name) }

    /// The `field: code` pairs of a problem document's `errors`.
    var fieldErrors: [String] {
        (json?["errors"]?.arrayValue ?? []).compactMap { error in
            guard let field = error["field"]?.stringValue, let code = error["code"]?.stringValue else { return nil }
            return "\(field): \(code)"
        }
    }

    var isProblem: Bool { header("Content-Type") == "application/problem+json" }
}

/// The subset of JSON Schema 2020-12 the OpenAPI document uses: `$ref` (local), `type` (one or
/// several), `properties`, `required`, `additionalProperties` (false or a schema), `items`,
/// `enum`, `minimum`/`maximum`, `minLength`/`maxLength`, `format: date-time`.
struct SchemaChecker {
    let document: APIJSON

    func resolve(_ schema: APIJSON) -> APIJSON {
        guard let reference = schema["$ref"]?.stringValue, reference.hasPrefix("#/") else { return schema }
        var node: APIJSON? = document
        for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node.map(resolve) ?? .null
    }

    /// Problems found, as "path: what" lines; empty when `value` conforms.
    func check(_ value: APIJSON, against schema: APIJSON, at path: String = "$") -> [String] {
        let schema = resolve(schema)
        if schema == .null { return ["\(path): unresolvable schema"] }
        var problems: [String] = []
        if let types = schema["type"] {
            let allowed = types.arrayValue?.compactMap(\.stringValue) ?? [types.stringValue ?? ""]
            let actual = value.typeName
            guard allowed.contains(actual) || (actual == "integer" && allowed.contains("number")) else {
                return ["\(path): \(actual), expected \(allowed.joined(separator: "|"))"]
            }
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            problems.append("\(path): \(value) not in enum")
        }
        switch value {
        case .object(let members):
            let properties = schema["properties"]?.objectValue ?? []
            for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            where !members.contains(where: { $0.0 == required }) {
                problems.append("\(path): missing \(required)")
            }
            for (name, member) in members {
                if let property = properties.first(where: { $0.0 == name })?.1 {
                    problems += check(member, against: property, at: "\(path).\(name)")
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        problems.append("\(path): unexpected \(name)")
                    } else if additional != .bool(true) {
                        problems += check(member, against: additional, at: "\(path).\(name)")
                    }
                }
            }
        case .array(let items):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { problems += check(item, against: itemSchema, at: "\(path)[\(index)]") }
            }
        case .string(let text):
            if schema["format"]?.stringValue == "date-time", RFC3339.parse(text) == nil { problems.append("\(path): not date-time") }
            if let min = schema["minLength"]?.integerValue, text.count < min { problems.append("\(path): too short") }
            if let max = schema["maxLength"]?.integerValue, text.count > max { problems.append("\(path): too long") }
        case .integer(let number):
            if let min = schema["minimum"]?.integerValue, number < min { problems.append("\(path): below minimum") }
            if let max = schema["maximum"]?.integerValue, number > max { problems.append("\(path): above maximum") }
        default: break
        }
        return problems
    }
}

extension String {
    /// The JSON string literal for `self` (for building request bodies in tests).
    var jsonLiteral: String { String(decoding: APIJSON.string(self).serialized().dropLast(), as: UTF8.self) }
}
