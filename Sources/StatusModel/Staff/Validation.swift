import Foundation

/// Why a field was refused. The raw values are what the JSON API reports.
public enum ValidationCode: String, Sendable, CaseIterable {
    case required
    case tooLong = "too_long"
    case tooShort = "too_short"
    case invalid
    case unknownComponent = "unknown_component"
    case endBeforeStart = "end_before_start"
    case duplicate
    case notAllowed = "not_allowed"
    /// A webhook URL whose host is loopback, private, link-local, multicast or unspecified.
    case privateAddress = "private_address"
    /// A password of one repeated character or only whitespace.
    case tooSimple = "too_simple"
    /// A password on the list of common passwords.
    case tooCommon = "too_common"
}

/// One refused field. `field` names the form field / JSON member: "title.sv", "body.en", "impact",
/// "components", "starts_at", "ends_at", "slug", "group", "name.sv", "email", "password".
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let code: ValidationCode
    /// The limit that was exceeded (characters), for messages like "at most 200 characters".
    public let limit: Int?

    public init(field: String, code: ValidationCode, limit: Int? = nil) {
        self.field = field; self.code = code; self.limit = limit
    }

    public var description: String {
        limit.map { "\(field): \(code.rawValue) (\($0))" } ?? "\(field): \(code.rawValue)"
    }
}

/// Upper bounds, in Characters (what a person counts), so no post can bloat every page.
public enum TextLimits {
    public static let title = 200
    public static let body = 10_000
    public static let name = 100
    public static let description = 1_000
    public static let slug = 64
    public static let email = 254
    public static let passwordMinimum = 12
    /// Bounds the work one sign-in attempt can cause.
    public static let passwordMaximum = 1_024
}

/// The languages of each non-empty text that have no translation, as field names ("title.en"),
/// sorted by field. These are warnings shown before publishing, never errors.
public func missingTranslations(_ texts: [String: LocalizedText], languages: [LanguageCode]) -> [String] {
    texts.keys.sorted().flatMap { field -> [String] in
        guard let text = texts[field], !text.isEmpty else { return [] }
        return text.missingLanguages(of: languages).map { "\(field).\($0)" }
    }
}

/// The shared checks for text fields; every draft uses these, so the UI and the API agree.
public enum TextRules {
    enum Kind {
        /// Titles and names: one line.
        case singleLine
        case multiLine
    }

    /// Checks one localized field. `required` means at least one site language must have text;
    /// the error then points at the first site language's field, where a form shows it.
    static func check(_ text: LocalizedText, field: String, limit: Int, kind: Kind, required: Bool,
                      languages: [LanguageCode]) -> [FieldError] {
        var errors: [FieldError] = []
        var hasText = false
        for (language, value) in text.values.sorted(by: { $0.key < $1.key }) {
            let name = "\(field).\(language)"
            guard languages.contains(language) else {
                errors.append(FieldError(field: name, code: .notAllowed))
                continue
            }
            if value.allSatisfy(\.isWhitespace) {
                errors.append(FieldError(field: name, code: .required))
            } else if value.count > limit {
                errors.append(FieldError(field: name, code: .tooLong, limit: limit))
            } else if containsForbiddenControls(value, allowLineBreaks: kind == .multiLine) {
                errors.append(FieldError(field: name, code: .invalid))
            } else {
                hasText = true
            }
        }
        if required && !hasText && errors.isEmpty {
            let first = languages.first.map { "\(field).\($0)" } ?? field
            errors.append(FieldError(field: first, code: .required))
        }
        return errors
    }

    /// NUL and the other C0 controls, DEL and the C1 controls have no place in a post (they break
    /// feeds, terminals and mail headers); tab is allowed everywhere, line breaks only in multi-line
    /// texts. Bidi embeddings, overrides and isolates are refused too, not neutralised: they reorder
    /// what follows them ("…\u{202E}gnp.exe" shows as "…exe.png") in titles, email subjects and chat
    /// messages, where no markup can contain them, and a refusal tells the writer instead of
    /// silently changing the text. The single-character marks (U+200E, U+200F, U+061C) stay
    /// allowed: they cannot reorder a run, and right-to-left writers need them.
    public static func containsForbiddenControls(_ value: String, allowLineBreaks: Bool) -> Bool {
        value.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x09: false
            case 0x0A, 0x0D: !allowLineBreaks
            case 0x00..<0x20, 0x7F...0x9F: true
            default: isBidiControl(scalar)
            }
        }
    }

    /// U+202A–U+202E (embeddings, overrides, pop) and U+2066–U+2069 (isolates).
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// For text stored before the rule above (or from elsewhere) on its way into a place without
    /// markup (a page title, an email subject, a webhook payload): bidi controls and C1 controls removed.
    public static func withoutBidiControls(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { isBidiControl($0) || (0x80...0x9F).contains($0.value) }) else { return value }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: value.unicodeScalars.filter { !isBidiControl($0) && !(0x80...0x9F).contains($0.value) })
        return String(scalars)
    }

    /// Components named in a draft must exist and appear once.
    static func checkComponents(_ ids: [Int64], known: Set<Int64>, field: String = "components") -> [FieldError] {
        var errors: [FieldError] = []
        if ids.contains(where: { !known.contains($0) }) {
            errors.append(FieldError(field: field, code: .unknownComponent))
        }
        if Set(ids).count != ids.count {
            errors.append(FieldError(field: field, code: .duplicate))
        }
        return errors
    }
}
