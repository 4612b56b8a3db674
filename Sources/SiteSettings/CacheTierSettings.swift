import Foundation
import TOMLKit

/// A cache tier in front (Varnish, a CDN): `[http] trusted_proxies` (whose `X-Forwarded-For` is
/// believed) and `[cache] purge_urls` (the caches told to purge after a change). Both are lists:
/// an array in the file, comma-separated in the environment.
enum CacheTierSettings {
    static let trustedProxiesVariable = "DRIFTSTATUS_HTTP_TRUSTED_PROXIES"
    static let purgeURLsVariable = "DRIFTSTATUS_CACHE_PURGE_URLS"

    /// The tables and their one key each.
    static let tables: [String: String] = ["http": "trusted_proxies", "cache": "purge_urls"]

    /// Addresses and CIDR networks; their syntax is checked by the server when it starts
    /// (HTTPServer's `TrustedProxies`), here only that they are non-empty single words.
    static func trustedProxies(_ raws: [String]) throws(InvalidValue) -> [String] {
        try raws.map { (raw) throws(InvalidValue) in
            let entry = raw.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty, !entry.contains(where: \.isWhitespace) else {
                throw InvalidValue(reason: "\(SettingValues.quoted(raw)) is not an IP address or a network like 10.0.0.0/8")
            }
            return entry
        }
    }

    /// Absolute http(s) URLs of caches that accept PURGE.
    static func purgeURLs(_ raws: [String]) throws(InvalidValue) -> [String] {
        try raws.map { (raw) throws(InvalidValue) in
            let url = raw.trimmingCharacters(in: .whitespaces)
            guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty else {
                throw InvalidValue(reason: "\(SettingValues.quoted(raw)) is not an absolute http:// or https:// URL (like \"http://127.0.0.1:6081\")")
            }
            return url
        }
    }

    /// `[http]` or `[cache]` from the file into `layer`.
    static func read(_ name: String, _ value: TOMLValueConvertible, into layer: inout SettingsLayer,
                     fail: ([String], String) -> Void) {
        guard let key = tables[name] else { return }
        guard let table = value.table else { fail([name], "expected a table like [\(name)], found another value"); return }
        for (entryKey, entry) in table {
            let path = [name, entryKey]
            guard entryKey == key else { fail(path, "unknown key (known keys: \(key))"); continue }
            let raws = entry.array.map { $0.compactMap(\.string) }
            guard let array = entry.array, let raws, raws.count == array.count else {
                fail(path, "expected an array of strings"); continue
            }
            do {
                if name == "http" { layer.trustedProxies = try trustedProxies(raws) } else { layer.purgeURLs = try purgeURLs(raws) }
            } catch {
                fail(path, error.reason)
            }
        }
    }

    /// The two variables into `layer`.
    static func read(environment value: (String) -> String?, into layer: inout SettingsLayer) throws(SettingsError) {
        func list(_ raw: String) -> [String] { raw.split(separator: ",").map(String.init) }
        do {
            if let raw = value(trustedProxiesVariable) { layer.trustedProxies = try trustedProxies(list(raw)) }
        } catch { throw SettingsError(file: nil, line: nil, message: "\(trustedProxiesVariable): \(error.reason)") }
        do {
            if let raw = value(purgeURLsVariable) { layer.purgeURLs = try purgeURLs(list(raw)) }
        } catch { throw SettingsError(file: nil, line: nil, message: "\(purgeURLsVariable): \(error.reason)") }
    }
}
