import Foundation

/// The fields of an `application/x-www-form-urlencoded` body, in the order sent (names may repeat).
struct FormData: Sendable {
    let fields: [(name: String, value: String)]

    /// The first value of `name`, or nil.
    subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// Values of every field named `prefix` + something, keyed by the something ("component.12" -> "12").
    func suffixed(_ prefix: String) -> [(suffix: String, value: String)] {
        fields.filter { $0.name.hasPrefix(prefix) }.map { (String($0.name.dropFirst(prefix.count)), $0.value) }
    }

    func has(_ name: String) -> Bool { self[name] != nil }
}

enum FormDecodingError: Error, Equatable {
    case tooLarge
    case tooManyFields
    case fieldTooLong
    /// A `%` not followed by two hex digits.
    case badEscape
    /// The decoded bytes are not UTF-8 (e.g. `%FF%FE`).
    case invalidUTF8
}

/// Decodes form bodies as browsers send them: `+` is a space, `%XX` a byte, names and values
/// UTF-8 after decoding. Anything malformed is refused whole rather than half-understood.
/// Caps on admin form bodies (`serve --max-form-fields`, `--max-form-field-bytes`).
public struct FormLimits: Sendable, Equatable {
    public var maximumBodyBytes = 512 * 1024
    public var maximumFields = 300
    /// Decoded bytes per name or value. The default is above the longest text a form accepts
    /// (10,000 characters of up to 4 bytes each), so overlong text reaches validation and gets a
    /// message next to its field.
    public var maximumFieldBytes = 48 * 1024

    public init(maximumFields: Int = 300, maximumFieldBytes: Int = 48 * 1024) {
        self.maximumFields = maximumFields
        self.maximumFieldBytes = maximumFieldBytes
    }

    public static let standard = FormLimits()
}

enum FormDecoder {
    static var maximumBodyBytes: Int { FormLimits.standard.maximumBodyBytes }
    static var maximumFields: Int { FormLimits.standard.maximumFields }
    static var maximumFieldBytes: Int { FormLimits.standard.maximumFieldBytes }

    static func decode(_ body: [UInt8], limits: FormLimits = .standard) throws(FormDecodingError) -> FormData {
        let maximumFields = limits.maximumFields
        guard body.count <= limits.maximumBodyBytes else { throw .tooLarge }
        var fields: [(name: String, value: String)] = []
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard fields.count < maximumFields else { throw .tooManyFields }
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decodeComponent(parts[0], maximumBytes: limits.maximumFieldBytes)
            let value = parts.count > 1 ? try decodeComponent(parts[1], maximumBytes: limits.maximumFieldBytes) : ""
            guard !name.isEmpty else { continue }
            fields.append((name, value))
        }
        return FormData(fields: fields)
    }

    static func decodeComponent(_ encoded: ArraySlice<UInt8>, maximumBytes: Int = FormLimits.standard.maximumFieldBytes) throws(FormDecodingError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let byte = encoded[index]
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard encoded.endIndex - index >= 3, let high = hexValue(encoded[index + 1]), let low = hexValue(encoded[index + 2]) else { throw .badEscape }
                bytes.append(high << 4 | low)
                index += 3
            default:
                bytes.append(byte)
                index += 1
            }
            if bytes.count > maximumBytes { throw .fieldTooLong }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        // Browsers send textarea line breaks as CRLF; store one kind of line break.
        return text.contains("\r") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
