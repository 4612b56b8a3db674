import Foundation
import HTTPServer

/// Refuses state-changing form posts that a browser sent from another site: login CSRF, CSRF on
/// the public subscription forms, and a second wall behind the admin's per-session CSRF token.
///
/// Browsers say where a request comes from: `Sec-Fetch-Site` (all current ones) and `Origin` (on
/// every POST since 2020). A post is cross-site when `Sec-Fetch-Site` is present and is not
/// `same-origin` (or `none`, a user's own action), or when `Origin` is present and is not this
/// site's. A request with neither comes from a non-browser client (curl, a mail provider's RFC 8058
/// one-click unsubscribe), which no other site can make a victim send: allowed.
struct CrossSiteCheck: Sendable {
    /// The configured base URL's origin ("https://status.example.se"), lowercased, default port left out.
    let baseOrigin: String?

    init(baseURL: String) {
        baseOrigin = Self.origin(of: baseURL)
    }

    func isCrossSite(_ request: Request) -> Bool {
        if let site = request.headers["Sec-Fetch-Site"]?.trimmingCharacters(in: .whitespaces).lowercased(),
           site != "same-origin", site != "none" {
            return true
        }
        guard let sent = request.headers["Origin"] else { return false }
        // "null" (a sandboxed frame, a privacy-sensitive redirect) and anything unparsable: not ours.
        guard let origin = Self.origin(of: sent.trimmingCharacters(in: .whitespaces)) else { return true }
        if origin == baseOrigin { return false }
        return !isRequestsOwnOrigin(origin, request)
    }

    /// The origin the request itself was addressed to (its `Host`), for a site reached by another
    /// name than the base URL's (an internal name, a test port). Without TLS here either scheme
    /// counts, as a proxy in front may have ended TLS; over TLS only https.
    private func isRequestsOwnOrigin(_ origin: String, _ request: Request) -> Bool {
        guard let host = request.headers["Host"]?.trimmingCharacters(in: .whitespaces), !host.isEmpty else { return false }
        let schemes = request.isSecure ? ["https"] : ["http", "https"]
        return schemes.contains { Self.origin(of: "\($0)://\(host)") == origin }
    }

    /// "scheme://host[:port]" lowercased with the scheme's default port dropped; nil unless http(s).
    static func origin(of text: String) -> String? {
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parts.host?.lowercased(), !host.isEmpty else { return nil }
        let defaultPort = scheme == "https" ? 443 : 80
        let port = parts.port.flatMap { $0 == defaultPort ? nil : $0 }
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost)" + (port.map { ":\($0)" } ?? "")
    }
}
