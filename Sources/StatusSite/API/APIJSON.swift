import Foundation
import StatusPages

/// A JSON value for the write API. Objects keep their member order (the OpenAPI document reads
/// in the order it was written) and numbers keep whether they were written as integers, so the
/// API can tell `3` from `3.5` without Foundation's NSNumber guessing.
public indirect enum APIJSON: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case null
    case array([APIJSON])
    case object([(String, APIJSON)])

    public static func == (lhs: APIJSON, rhs: APIJSON) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): a == b
        case let (.integer(a), .integer(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case (.null, .null): true
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The member `name` of an object (nil for other values or a missing member).
    public subscript(name: String) -> APIJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == name }?.1
    }

    public var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    public var integerValue: Int64? { if case .integer(let value) = self { value } else { nil } }
    public var arrayValue: [APIJSON]? { if case .array(let items) = self { items } else { nil } }
    public var objectValue: [(String, APIJSON)]? { if case .object(let members) = self { members } else { nil } }

    /// The JSON Schema type name ("string", "integer", "number", "boolean", "null", "array", "object").
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        case .array: "array"
        case .object: "object"
        }
    }

    static func optional(_ text: String?) -> APIJSON { text.map(APIJSON.string) ?? .null }

    // MARK: Writing

    /// Compact UTF-8 JSON; `pretty` indents by two spaces (for the OpenAPI document people read).
    public func serialized(pretty: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out, indent: pretty ? 0 : nil)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    private func write(to out: inout [UInt8], indent: Int?) {
        switch self {
        case .string(let text): JSONText.appendString(text, to: &out)
        case .integer(let number): out += Array(String(number).utf8)
        case .number(let number):
            out += Array((number.isFinite ? "\(number)" : "null").utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .null: out += Array("null".utf8)
        case .array(let items):
            writeContainer(open: "[", close: "]", count: items.count, to: &out, indent: indent) { index, out, inner in
                items[index].write(to: &out, indent: inner)
            }
        case .object(let members):
            writeContainer(open: "{", close: "}", count: members.count, to: &out, indent: indent) { index, out, inner in
                JSONText.appendString(members[index].0, to: &out)
                out += Array((indent == nil ? ":" : ": ").utf8)
                members[index].1.write(to: &out, indent: inner)
            }
        }
    }

    private func writeContainer(open: Character, close: Character, count: Int, to out: inout [UInt8], indent: Int?,
                                item: (Int, inout [UInt8], Int?) -> Void) {
        out += Array(String(open).utf8)
        let inner = indent.map { $0 + 2 }
        for index in 0..<count {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if let inner { out += Array(("\n" + String(repeating: " ", count: inner)).utf8) }
            item(index, &out, inner)
        }
        if let indent, count > 0 { out += Array(("\n" + String(repeating: " ", count: indent)).utf8) }
        out += Array(String(close).utf8)
    }
}
