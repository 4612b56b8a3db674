import Foundation
import HTTPServer
import StatusModel

/// The JSON object one Statuspage request sends under its resource key (`{"incident": {...}}`,
/// `{"component": {...}}`), read member by member with Statuspage-shaped refusals: 400 for what
/// is not JSON or lacks the key, 422 for a member of the wrong type or an unknown enum value.
/// Members Statuspage documents but Driftstatus has no use for are left unread (docs/statuspage-v1.md).
struct StatuspageV1Body {
    let key: String
    private let members: [(String, APIJSON)]

    static let maximumBytes = 512 * 1024

    init(_ request: Request, key: String) throws(StatuspageV1Error) {
        self.key = key
        guard !request.body.isEmpty else { throw .badRequest("the body must be a JSON object with '\(key)'") }
        guard request.body.count <= Self.maximumBytes else {
            throw StatuspageV1Error(status: 413, message: "the body is larger than \(Self.maximumBytes) bytes")
        }
        // Statuspage's own examples send JSON; form-encoded bodies (`incident[name]=...`) are not read.
        guard WriteAPI.isJSONMediaType(request.headers["Content-Type"]) else {
            throw StatuspageV1Error(status: 415, message: "send the body as JSON (Content-Type: application/json)")
        }
        let parsed: APIJSON
        do {
            parsed = try APIJSONParser().parse(request.body)
        } catch {
            let reason = switch error {
            case .invalidUTF8: "is not UTF-8"
            case .syntax(let offset): "is not valid JSON (at byte \(offset))"
            case .tooDeep, .tooManyValues: "is nested too deeply or has too many values"
            case .duplicateMember(let name): "names '\(name)' twice"
            }
            throw .badRequest("the body \(reason)")
        }
        guard let object = parsed[key]?.objectValue else {
            throw .badRequest("the body must be a JSON object with an object '\(key)'")
        }
        members = object
    }

    func has(_ name: String) -> Bool { value(name) != nil }

    private func value(_ name: String) -> APIJSON? {
        guard let value = members.first(where: { $0.0 == name })?.1, value != .null else { return nil }
        return value
    }

    private func wrongType(_ name: String, _ expected: String) -> StatuspageV1Error {
        .invalid("\(key).\(name) must be \(expected)")
    }

    func string(_ name: String) throws(StatuspageV1Error) -> String? {
        guard let value = value(name) else { return nil }
        guard let text = value.stringValue else { throw wrongType(name, "a string") }
        return text
    }

    func bool(_ name: String) throws(StatuspageV1Error) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(name, "true or false") }
        return flag
    }

    func date(_ name: String) throws(StatuspageV1Error) -> Date? {
        guard let text = try string(name) else { return nil }
        guard let date = RFC3339.parse(text) else {
            throw .invalid("\(key).\(name) must be a date-time with a time zone, like 2026-12-02T18:00:00Z")
        }
        return date
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws(StatuspageV1Error) -> E?
    where E.RawValue == String {
        guard let raw = try string(name) else { return nil }
        guard let value = E(rawValue: raw) else {
            throw .invalid("\(key).\(name) '\(raw)' is not one of: \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// `["1", "2"]` (integers are taken too).
    func ids(_ name: String) throws(StatuspageV1Error) -> [String] {
        guard let value = value(name) else { return [] }
        guard let items = value.arrayValue else { throw wrongType(name, "an array of ids") }
        var ids: [String] = []
        for item in items {
            switch item {
            case .string(let id): ids.append(id)
            case .integer(let id): ids.append(String(id))
            default: throw wrongType(name, "an array of ids")
            }
        }
        return ids
    }

    /// `{"<component id>": "<status>", ...}`
    func statuses(_ name: String) throws(StatuspageV1Error) -> [(id: String, status: String)] {
        guard let value = value(name) else { return [] }
        guard let members = value.objectValue else { throw wrongType(name, "an object of component ids and statuses") }
        var result: [(id: String, status: String)] = []
        for (id, status) in members {
            guard let text = status.stringValue else { throw wrongType("\(name).\(id)", "a component status") }
            result.append((id, text))
        }
        return result
    }
}
