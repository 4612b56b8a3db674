import Foundation
import StatusModel

/// A setting's value was refused. `reason` quotes the value but not the key, so the file
/// reader and the environment reader can each prefix it with their own name for the setting.
struct InvalidValue: Error {
    let reason: String
}

/// The checks for each setting's value, shared by the file and the environment.
enum SettingValues {
    static func siteName(_ raw: String) throws(InvalidValue) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw InvalidValue(reason: "must not be empty") }
        return name
    }

    /// Absolute http(s) URL; trailing slashes are dropped because pages append "/incidents/…".
    static func baseURL(_ raw: String) throws(InvalidValue) -> String {
        var url = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        while url.hasSuffix("/") { url.removeLast() }
        guard let parts = URLComponents(string: url),
              let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parts.host, !host.isEmpty
        else {
            throw InvalidValue(reason: "\(quoted(raw)) is not an absolute http:// or https:// URL (like \"https://status.example.se\")")
        }
        guard parts.query == nil, parts.fragment == nil, parts.user == nil else {
            throw InvalidValue(reason: "\(quoted(raw)) must not contain a query, a fragment or a user name")
        }
        return url
    }

    static func timeZone(_ raw: String) throws(InvalidValue) -> TimeZone {
        let identifier = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        // `TimeZone(identifier:)` also accepts "EST" or "GMT+1", fixed offsets that silently ignore
        // daylight saving time; only tz database names ("Region/City") and UTC are accepted.
        // Linux Foundation's known list lacks "UTC" and "Etc/…", hence the extra cases.
        let isRegionName = TimeZone.knownTimeZoneIdentifiers.contains(identifier) || identifier.contains("/")
        guard isRegionName || identifier == "UTC", let zone = TimeZone(identifier: identifier) else {
            throw InvalidValue(reason: "\(quoted(raw)) is not a known time zone (use a tz database name like \"Europe/Stockholm\")")
        }
        return zone
    }

    static func language(_ raw: String) throws(InvalidValue) -> LanguageCode {
        guard let code = LanguageCode(raw.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw InvalidValue(reason: "\(quoted(raw)) is not a language code (two or three letters, like \"sv\" or \"en\")")
        }
        return code
    }

    static func languages(_ raws: [String]) throws(InvalidValue) -> [LanguageCode] {
        guard !raws.isEmpty else { throw InvalidValue(reason: "must list at least one language") }
        var result: [LanguageCode] = []
        for raw in raws {
            let code = try language(raw)
            guard !result.contains(code) else { throw InvalidValue(reason: "\(quoted(code.rawValue)) is listed twice") }
            result.append(code)
        }
        return result
    }

    static func supportURL(_ raw: String) throws(InvalidValue) -> String {
        let link = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = URLComponents(string: link)
        switch parts?.scheme?.lowercased() {
        case "http", "https":
            if let host = parts?.host, !host.isEmpty { return link }
        case "mailto":
            if let address = parts?.path, address.contains("@") { return link }
        default:
            break
        }
        throw InvalidValue(reason: "\(quoted(raw)) is not an http://, https:// or mailto: link")
    }

    /// A path segment of `/v1/pages/{page_id}/`: letters, digits, '-' and '_' (Statuspage's own ids
    /// are 12 lowercase letters and digits, so an id copied from there fits).
    static func statuspagePageID(_ raw: String) throws(InvalidValue) -> String {
        let id = raw.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(id.count), id.unicodeScalars.allSatisfy({
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }) else {
            throw InvalidValue(reason: "\(quoted(raw)) is not a page id (1 to 64 letters, digits, '-' or '_')")
        }
        return id
    }

    static let logoExtensions: Set<String> = ["svg", "png", "jpg", "jpeg", "webp", "gif"]

    /// A relative path that cannot leave `public/`.
    static func logoPath(_ raw: String) throws(InvalidValue) -> String {
        let path = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        if components.first == "public" && components.count > 1 {
            throw InvalidValue(reason: "\(quoted(raw)): write the path relative to public/, like \(quoted(components.dropFirst().joined(separator: "/")))")
        }
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"),
              components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." })
        else {
            throw InvalidValue(reason: "\(quoted(raw)) is not a path inside public/ (like \"logo.svg\")")
        }
        let fileExtension = (path as NSString).pathExtension.lowercased()
        guard logoExtensions.contains(fileExtension) else {
            throw InvalidValue(reason: "\(quoted(raw)) is not an image (use one of: \(logoExtensions.sorted().joined(separator: ", ")))")
        }
        return path
    }

    /// The value as the operator wrote it, quoted and with control characters escaped.
    static func quoted(_ value: String) -> String { String(reflecting: value) }
}
