import Foundation
import StatusModel

/// Chooses the reader's language for `/`: an explicit earlier choice (cookie) wins, then
/// `Accept-Language` by q-value, then the site's first language.
struct LanguageNegotiation: Sendable {
    static let cookieName = "driftstatus_lang"

    let languages: [LanguageCode]

    func choose(acceptLanguage: String?, cookie: String?) -> LanguageCode {
        if let chosen = cookieValue(named: Self.cookieName, in: cookie.map { [$0] } ?? []).flatMap(LanguageCode.init),
           languages.contains(chosen) {
            return chosen
        }
        return preferred(acceptLanguage: acceptLanguage) ?? languages[0]
    }

    /// The site language the header ranks highest; "sv-SE" matches "sv", "*" matches the default.
    func preferred(acceptLanguage: String?) -> LanguageCode? {
        guard let header = acceptLanguage else { return nil }
        var best: (code: LanguageCode, q: Double, order: Int)?
        for (order, item) in header.split(separator: ",").prefix(50).enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)).flatMap { (0...1).contains($0) ? $0 : nil } ?? 0
            }
            guard q > 0 else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            let code = primary == "*" ? languages[0] : LanguageCode(primary)
            guard let code, languages.contains(code) else { continue }
            if q > (best?.q ?? 0) { best = (code, q, order) }
        }
        return best?.code
    }
}
