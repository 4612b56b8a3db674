import Foundation

/// A strict RFC 8259 parser with limits, so a hostile body costs bounded work: nesting depth and
/// value count are capped, invalid UTF-8 and duplicate object members are refused (a duplicate
/// would make "which title did you mean?" ambiguous).
public struct APIJSONParser: Sendable {
    public enum Failure: Error, Equatable, Sendable {
        case invalidUTF8
        case syntax(offset: Int)
        case tooDeep
        case tooManyValues
        case duplicateMember(String)
    }

    public var maximumDepth = 32
    public var maximumValues = 10_000

    public init() {}

    public func parse(_ bytes: [UInt8]) throws(Failure) -> APIJSON {
        // Validate UTF-8 up front: the decoder below would otherwise replace bad bytes silently.
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .invalidUTF8 }
        var state = State(bytes: bytes, maximumDepth: maximumDepth, maximumValues: maximumValues)
        state.skipWhitespace()
        let value = try state.value(depth: 0)
        state.skipWhitespace()
        guard state.index == bytes.count else { throw .syntax(offset: state.index) }
        return value
    }

    private struct State {
        let bytes: [UInt8]
        let maximumDepth: Int
        let maximumValues: Int
        var index = 0
        var values = 0

        init(bytes: [UInt8], maximumDepth: Int, maximumValues: Int) {
            self.bytes = bytes; self.maximumDepth = maximumDepth; self.maximumValues = maximumValues
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func expect(_ byte: UInt8) throws(Failure) {
            guard peek() == byte else { throw .syntax(offset: index) }
            index += 1
        }

        mutating func literal(_ text: String, _ value: APIJSON) throws(Failure) -> APIJSON {
            for byte in text.utf8 { try expect(byte) }
            return value
        }

        mutating func value(depth: Int) throws(Failure) -> APIJSON {
            values += 1
            guard values <= maximumValues else { throw .tooManyValues }
            guard depth <= maximumDepth else { throw .tooDeep }
            switch peek() {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            case .some(let byte) where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte): return try number()
            default: throw .syntax(offset: index)
            }
        }

        mutating func object(depth: Int) throws(Failure) -> APIJSON {
            try expect(UInt8(ascii: "{"))
            var members: [(String, APIJSON)] = []
            var names = Set<String>()
            skipWhitespace()
            if peek() == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                let name = try string()
                guard names.insert(name).inserted else { throw .duplicateMember(name) }
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                members.append((name, try value(depth: depth + 1)))
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"))
                return .object(members)
            }
        }

        mutating func array(depth: Int) throws(Failure) -> APIJSON {
            try expect(UInt8(ascii: "["))
            var items: [APIJSON] = []
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .array(items)
            }
        }

        mutating func string() throws(Failure) -> String {
            try expect(UInt8(ascii: "\""))
            var scalars = String.UnicodeScalarView()
            var runStart = index
            func flush(_ state: State, upTo end: Int) {
                scalars.append(contentsOf: String(decoding: state.bytes[runStart..<end], as: UTF8.self).unicodeScalars)
            }
            while let byte = peek() {
                switch byte {
                case UInt8(ascii: "\""):
                    flush(self, upTo: index)
                    index += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush(self, upTo: index)
                    index += 1
                    scalars.append(try escape())
                    runStart = index
                case 0x00..<0x20:
                    throw .syntax(offset: index)
                default:
                    index += 1
                }
            }
            throw .syntax(offset: index)
        }

        mutating func escape() throws(Failure) -> Unicode.Scalar {
            guard let byte = peek() else { throw .syntax(offset: index) }
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let first = try hex4()
                if (0xD800..<0xDC00).contains(first) {
                    // A surrogate pair; a lone surrogate is not text and is refused.
                    try expect(UInt8(ascii: "\\"))
                    try expect(UInt8(ascii: "u"))
                    let second = try hex4()
                    guard (0xDC00..<0xE000).contains(second),
                          let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) else {
                        throw .syntax(offset: index)
                    }
                    return scalar
                }
                guard let scalar = Unicode.Scalar(first) else { throw .syntax(offset: index) }
                return scalar
            default: throw .syntax(offset: index - 1)
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count,
                  let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                  bytes[index..<index + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }) else {
                throw .syntax(offset: index)
            }
            index += 4
            return value
        }

        mutating func number() throws(Failure) -> APIJSON {
            let start = index
            if peek() == UInt8(ascii: "-") { index += 1 }
            guard let first = peek(), (0x30...0x39).contains(first) else { throw .syntax(offset: index) }
            index += 1
            if first != UInt8(ascii: "0") { digits() }
            var isInteger = true
            if peek() == UInt8(ascii: ".") {
                index += 1
                isInteger = false
                guard requireDigits() else { throw .syntax(offset: index) }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                isInteger = false
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard requireDigits() else { throw .syntax(offset: index) }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if isInteger, let integer = Int64(text) { return .integer(integer) }
            guard let double = Double(text), double.isFinite else { throw .syntax(offset: start) }
            return .number(double)
        }

        mutating func digits() {
            while let byte = peek(), (0x30...0x39).contains(byte) { index += 1 }
        }

        mutating func requireDigits() -> Bool {
            let before = index
            digits()
            return index > before
        }
    }
}
