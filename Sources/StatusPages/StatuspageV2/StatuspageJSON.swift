import StatusModel

/// A JSON value with explicit nulls, serialised with sorted keys so equal data gives equal bytes
/// (the app caches and ETags these documents). Sorted keys also match the order of the docs' examples.
enum StatuspageJSON: Equatable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([StatuspageJSON])
    case object([String: StatuspageJSON])

    static func optional(_ text: String?) -> StatuspageJSON { text.map(StatuspageJSON.string) ?? .null }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out)
        return out
    }

    private func write(to out: inout [UInt8]) {
        switch self {
        // Chat tools and widgets show these strings without markup: no bidi controls (TextRules).
        case .string(let text): JSONText.appendString(TextRules.withoutBidiControls(text), to: &out)
        case .int(let number): out += Array(String(number).utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .null: out += Array("null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                members[key]?.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
