/// A subscriber's address, checked before anything is stored or sent.
///
/// Deliberately stricter than RFC 5322: dot-atom local parts and ASCII host names only, which is
/// what every SMTP relay accepts without SMTPUTF8. Quoted local parts and IP literals are refused.
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    /// As typed, trimmed, with the domain lowercased (domains are case-insensitive; local parts
    /// officially are not, so they are kept as typed and compared case-insensitively by the store).
    public let value: String

    public static let maximumLength = 254

    public init?(_ raw: String) {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count <= Self.maximumLength, trimmed.unicodeScalars.allSatisfy(\.isASCII),
              let at = trimmed.lastIndex(of: "@") else { return nil }
        let local = trimmed[..<at]
        let domain = trimmed[trimmed.index(after: at)...].lowercased()
        guard Self.isDotAtom(local), local.utf8.count <= 64, Self.isHostName(domain) else { return nil }
        value = "\(local)@\(domain)"
    }

    public var description: String { value }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let address = EmailAddress(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an email address"))
        }
        self = address
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static let atomCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")

    private static func isDotAtom(_ text: Substring) -> Bool {
        let atoms = text.split(separator: ".", omittingEmptySubsequences: false)
        return !text.isEmpty && atoms.allSatisfy { !$0.isEmpty && $0.allSatisfy(atomCharacters.contains) }
    }

    private static let labelCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789-")

    /// At least two labels, each 1–63 letters, digits or inner hyphens; a top-level label that is not all digits.
    private static func isHostName(_ host: String) -> Bool {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, host.utf8.count <= 253, let top = labels.last, !top.allSatisfy(\.isNumber) else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.allSatisfy(labelCharacters.contains)
                && label.first != "-" && label.last != "-"
        }
    }
}
