/// A text written in one or more languages (a title, a description, an update's body).
public struct LocalizedText: Hashable, Sendable, Codable {
    public var values: [LanguageCode: String]

    public init(_ values: [LanguageCode: String] = [:]) {
        self.values = values.filter { !$0.value.isEmpty }
    }

    public subscript(language: LanguageCode) -> String? {
        get { values[language] }
        set { values[language] = (newValue?.isEmpty ?? true) ? nil : newValue }
    }

    public var isEmpty: Bool { values.isEmpty }
    public var languages: Set<LanguageCode> { Set(values.keys) }

    /// The text in `language`, or else in the first of `fallbacks` that has one.
    /// `isFallback` tells the page to show a "only available in ..." note.
    public func resolved(in language: LanguageCode, fallbacks: [LanguageCode]) -> ResolvedText? {
        if let text = values[language] { return ResolvedText(text: text, language: language, isFallback: false) }
        for other in fallbacks where other != language {
            if let text = values[other] { return ResolvedText(text: text, language: other, isFallback: true) }
        }
        // A language the site no longer lists still beats showing nothing.
        if let (other, text) = values.min(by: { $0.key < $1.key }) {
            return ResolvedText(text: text, language: other, isFallback: true)
        }
        return nil
    }

    /// The languages of `required` that have no text: what an editor is warned about.
    public func missingLanguages(of required: [LanguageCode]) -> [LanguageCode] {
        required.filter { values[$0] == nil }
    }
}

public struct ResolvedText: Hashable, Sendable {
    public let text: String
    public let language: LanguageCode
    public let isFallback: Bool
}
