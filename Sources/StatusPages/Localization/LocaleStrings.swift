import Foundation
import StatusModel

/// The UI strings of one language, read from `templates/locales/<code>.json` (a flat object of
/// string values). Keys are `[a-z0-9_]` so templates can reach them as `{{t.key}}`.
struct LocaleStrings: Sendable {
    let language: LanguageCode
    let values: [String: String]

    subscript(key: String) -> String {
        // A missing key is caught at load time; showing the key beats crashing a public page.
        values[key] ?? key
    }

    /// Fills `{name}` placeholders. Arguments are plain text; escaping is the template's job.
    func format(_ key: String, _ arguments: [String: String]) -> String {
        var text = self[key]
        for (name, value) in arguments {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// Loads one locale file per language, each checked to have every key in `required`
    /// and every key of the reference file (sv.json), so a forgotten translation fails at start-up.
    static func loadAll(directory: URL, languages: [LanguageCode], referenceLanguage: LanguageCode = .swedish) throws -> [LanguageCode: LocaleStrings] {
        // Every file must exist and parse before any is checked for keys: a missing file is the clearer error.
        let files = try languages.map { language in
            let url = fileURL(directory: directory, language: language)
            return (language, url, try read(url))
        }
        var required = Set(UIKey.required)
        let referenceURL = fileURL(directory: directory, language: referenceLanguage)
        if FileManager.default.fileExists(atPath: referenceURL.path) {
            required.formUnion(try read(referenceURL).keys)
        }
        var result: [LanguageCode: LocaleStrings] = [:]
        for (language, url, values) in files {
            let missing = required.subtracting(values.keys).sorted()
            guard missing.isEmpty else { throw PageRendererError.missingLocaleKeys(path: url.path, keys: missing) }
            result[language] = LocaleStrings(language: language, values: values)
        }
        return result
    }

    static func fileURL(directory: URL, language: LanguageCode) -> URL {
        directory.appendingPathComponent("\(language.rawValue).json")
    }

    private static func read(_ url: URL) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PageRendererError.missingLocaleFile(path: url.path)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw PageRendererError.invalidLocaleFile(path: url.path, reason: "not valid JSON (\(error.localizedDescription))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw PageRendererError.invalidLocaleFile(path: url.path, reason: "expected one JSON object of strings")
        }
        var values: [String: String] = [:]
        for (key, value) in dictionary {
            guard let string = value as? String else {
                throw PageRendererError.invalidLocaleFile(path: url.path, reason: "value of \"\(key)\" is not a string")
            }
            values[key] = string
        }
        return values
    }
}
