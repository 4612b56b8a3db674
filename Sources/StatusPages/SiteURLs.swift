import Foundation
import StatusModel

/// Builds the site's URLs: root-relative ones prefixed with the path part of the base URL
/// (so a site under "/status" works) and absolute ones for hreflang alternates.
public struct SiteURLs: Sendable {
    /// "" or "/status": never ends with "/".
    public let basePath: String
    /// "https://status.example.com" (scheme, host, port), or "" when the base URL has none.
    public let origin: String

    public init(baseURL: String) {
        let components = URLComponents(string: baseURL)
        var path = components?.percentEncodedPath ?? ""
        while path.hasSuffix("/") { path.removeLast() }
        if !path.isEmpty && !path.hasPrefix("/") { path = "/" + path }
        basePath = path
        if let components, let scheme = components.scheme, let host = components.percentEncodedHost, !host.isEmpty {
            origin = "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
        } else {
            origin = ""
        }
    }

    /// "/sv/", "/sv/history/2026-09".
    public func page(_ language: LanguageCode, _ pathWithoutLanguage: String) -> String {
        basePath + "/" + language.rawValue + Self.normalised(pathWithoutLanguage)
    }

    public func absolutePage(_ language: LanguageCode, _ pathWithoutLanguage: String) -> String {
        origin + page(language, pathWithoutLanguage)
    }

    public func home(_ language: LanguageCode) -> String { page(language, "/") }
    public func incident(_ language: LanguageCode, id: Int64) -> String { page(language, "/incidents/\(id)") }
    public func maintenance(_ language: LanguageCode, id: Int64) -> String { page(language, "/maintenance/\(id)") }
    public func history(_ language: LanguageCode, month: YearMonth? = nil) -> String {
        page(language, month.map { "/history/\($0)" } ?? "/history")
    }
    public func feed(_ language: LanguageCode, format: String) -> String { basePath + "/\(language.rawValue)/feed.\(format)" }
    public func calendar(_ language: LanguageCode) -> String { page(language, CalendarAddress(language: language).pathWithoutLanguage) }
    /// The calendar as a `webcal:` subscription link, which calendar apps open as "subscribe";
    /// nil when the site has no absolute address to give.
    public func webcal(_ language: LanguageCode) -> String? {
        let absolute = absolutePage(language, CalendarAddress(language: language).pathWithoutLanguage)
        for scheme in ["https://", "http://"] where absolute.hasPrefix(scheme) { return "webcal://" + absolute.dropFirst(scheme.count) }
        return nil
    }

    public func asset(_ name: String, version: String) -> String {
        let query = version.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? ""
        return basePath + "/assets/\(name)?v=\(query)"
    }

    /// The live server's switcher: the app stores the choice in a cookie and redirects to `to`.
    public func languageSwitch(_ language: LanguageCode, to pathWithoutLanguage: String) -> String {
        let target = Self.normalised(pathWithoutLanguage).addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "/"
        return basePath + "/language/\(language.rawValue)?to=\(target)"
    }

    static func normalised(_ path: String) -> String {
        path.hasPrefix("/") ? path : "/" + path
    }
}

extension CharacterSet {
    /// Unreserved characters plus "/" (harmless in a query value and keeps "?to=/history" readable).
    static let urlQueryValueAllowed: CharacterSet = {
        CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
    }()
}
