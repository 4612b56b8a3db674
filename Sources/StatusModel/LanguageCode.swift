/// A language a site publishes in, as a lowercase BCP 47 primary tag ("sv", "en", "da").
/// Deliberately not an enum: a third language is configuration, never a code change.
public struct LanguageCode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts two or three ASCII letters; anything else is not a language tag we serve.
    public init?(_ raw: String) {
        let lowered = raw.lowercased()
        guard (2...3).contains(lowered.count), lowered.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return nil }
        rawValue = lowered
    }

    public var description: String { rawValue }
    public static func < (a: LanguageCode, b: LanguageCode) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let code = LanguageCode(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a language code: \(raw)"))
        }
        self = code
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static let swedish = LanguageCode("sv")!
    public static let english = LanguageCode("en")!
}
