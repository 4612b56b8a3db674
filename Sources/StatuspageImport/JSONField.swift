import Foundation

/// A parsed JSON value. Decoded with `JSONDecoder`, which keeps `true` and `1` apart.
enum JSONValue: Decodable, Sendable {
    case string(String), number(Double), bool(Bool), null, array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let items = try? container.decode([JSONValue].self) { self = .array(items) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    var kindName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "true/false"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A value inside one file, with the path that led to it, so every complaint can say
/// `incidents.json: incidents[3].incident_updates[0].created_at: not an ISO 8601 time`.
struct JSONField {
    let file: String
    let path: String
    /// Nil when the member is absent.
    let value: JSONValue?

    static func parse(_ bytes: [UInt8], file: String) throws -> JSONField {
        do {
            return JSONField(file: file, path: "", value: try JSONDecoder().decode(JSONValue.self, from: Data(bytes)))
        } catch {
            throw StatuspageImportError(file: file, path: "", message: "not valid JSON")
        }
    }

    func failure(_ message: String) -> StatuspageImportError {
        StatuspageImportError(file: file, path: path, message: message)
    }

    subscript(member: String) -> JSONField {
        let childPath = path.isEmpty ? member : "\(path).\(member)"
        guard case .object(let members)? = value else { return JSONField(file: file, path: childPath, value: nil) }
        return JSONField(file: file, path: childPath, value: members[member])
    }

    var isAbsentOrNull: Bool {
        switch value {
        case nil, .null?: true
        default: false
        }
    }

    func requirePresent() throws {
        if value == nil { throw failure("missing") }
    }

    func object() throws -> JSONField {
        try requirePresent()
        guard case .object? = value else { throw failure("expected an object, found \(value?.kindName ?? "nothing")") }
        return self
    }

    func array() throws -> [JSONField] {
        try requirePresent()
        guard case .array(let items)? = value else { throw failure("expected an array, found \(value?.kindName ?? "nothing")") }
        return items.enumerated().map { JSONField(file: file, path: "\(path)[\($0.offset)]", value: $0.element) }
    }

    /// An array, or none when absent or null.
    func optionalArray() throws -> [JSONField] {
        isAbsentOrNull ? [] : try array()
    }

    func string() throws -> String {
        try requirePresent()
        guard case .string(let text)? = value else { throw failure("expected a string, found \(value?.kindName ?? "nothing")") }
        return text
    }

    func optionalString() throws -> String? {
        isAbsentOrNull ? nil : try string()
    }

    /// Statuspage writes ids as strings; numbers are accepted too (whole ones).
    func identifier() throws -> String {
        try requirePresent()
        switch value {
        case .string(let text)? where !text.isEmpty && text.count <= 200: return text
        case .number(let number)? where number.rounded() == number && abs(number) < 1e15: return String(Int64(number))
        default: throw failure("expected an id (a non-empty string of at most 200 characters)")
        }
    }

    func optionalIdentifier() throws -> String? {
        isAbsentOrNull ? nil : try identifier()
    }

    func integer() throws -> Int {
        try requirePresent()
        guard case .number(let number)? = value, number.rounded() == number, abs(number) < 1e9 else {
            throw failure("expected a whole number")
        }
        return Int(number)
    }

    func optionalBool() throws -> Bool? {
        if isAbsentOrNull { return nil }
        guard case .bool(let flag)? = value else { throw failure("expected true or false") }
        return flag
    }

    func time() throws -> Date {
        let text = try string()
        guard let date = StatuspageTime.parse(text) else { throw failure("not an ISO 8601 time: '\(text.prefix(40))'") }
        return date
    }

    func optionalTime() throws -> Date? {
        isAbsentOrNull ? nil : try time()
    }

    /// One of `cases`'s raw names; the message lists what is allowed.
    func enumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type, extra: [String: E] = [:]) throws -> E where E.RawValue == String {
        let text = try string()
        if let match = E(rawValue: text) ?? extra[text] { return match }
        let allowed = (E.allCases.map(\.rawValue) + extra.keys.sorted()).joined(separator: ", ")
        throw failure("unknown value '\(text.prefix(40))' (expected one of \(allowed))")
    }
}

/// ISO 8601 instants as Statuspage writes them ("2014-05-14T14:22:39.441-06:00"), with or
/// without fractional seconds, with an offset or Z. Anything without a zone is refused.
enum StatuspageTime {
    static func parse(_ text: String) -> Date? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        let whole = ISO8601DateFormatter()
        whole.formatOptions = [.withInternetDateTime]
        return whole.date(from: text)
    }
}

/// A malformed source: which file, where in it, and what is wrong.
public struct StatuspageImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let path: String
    public let message: String

    public init(file: String, path: String, message: String) {
        self.file = file; self.path = path; self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
    }
}
