import Foundation
import SiteSettings
import StatusModel
import StatusSite
import StatusStore
import Testing
import TestSupport

/// Admin test helpers: staff accounts with a cheap hash, signing in over HTTP, forms with CSRF.
extension TestSite {
    static let staffPassword = "correct horse battery staple"

    /// A site with two components ("login", "bank-sync") and an admin and an editor account.
    static func withStaff(now: Date = testNow, settings: SiteSettings = .defaults, rendersInBackground: Bool = true) throws -> TestSite {
        let site = try TestSite(now: now, settings: settings, rendersInBackground: rendersInBackground) { store in
            _ = try store.createComponent(slug: "login", name: .both("Inloggning", "Login"), createdAt: testNow.addingTimeInterval(-86_400 * 200),
                                          by: .system("test"))
            _ = try store.createComponent(slug: "bank-sync", name: .both("Banksynkronisering", "Bank synchronisation"),
                                          createdAt: testNow.addingTimeInterval(-86_400 * 200), by: .system("test"))
        }
        _ = try site.addStaff("admin@example.com", role: .admin)
        _ = try site.addStaff("editor@example.com", role: .editor)
        return site
    }

    /// Stored directly with a low iteration count (the hash records it), so tests sign in fast.
    @discardableResult
    func addStaff(_ email: String, role: StaffRole) throws -> StaffUser {
        let hash = try PasswordHasher(iterations: 1_000).hash(Self.staffPassword)
        return try store.addUser(email: email, name: role == .admin ? "Ada Admin" : "Eddie Editor", role: role, passwordHash: hash,
                                 at: clock.now, by: .system("test"))
    }

    func signIn(_ email: String) throws -> AdminSession {
        let response = try post("/admin/login", ["email": email, "password": Self.staffPassword].map { ($0.key, $0.value) }, cookie: nil)
        #expect(response.status == 303, "sign-in failed: \(response.status)")
        let setCookie = try #require(response.header("Set-Cookie"))
        let pair = try #require(setCookie.split(separator: ";").first.map(String.init))
        return AdminSession(site: self, cookie: pair)
    }

    func post(_ path: String, _ fields: [(String, String)], cookie: String?) throws -> HTTPTestResponse {
        var headers = [("Content-Type", "application/x-www-form-urlencoded")]
        if let cookie { headers.append(("Cookie", cookie)) }
        return try client.send("POST", path, headers: headers, body: formBody(fields))
    }
}

/// A signed-in browser: keeps the session cookie and echoes the CSRF token of the pages it reads.
struct AdminSession {
    let site: TestSite
    let cookie: String

    func get(_ path: String) throws -> HTTPTestResponse {
        try site.client.send("GET", path, headers: [("Cookie", cookie)])
    }

    /// Reads the CSRF token from a form on `/admin/` (the sign-out form is on every page).
    func csrfToken() throws -> String {
        try #require(scrapeCSRF(try get("/admin/").text))
    }

    /// Posts with the page's CSRF token unless `csrf` is given ("" sends none).
    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil) throws -> HTTPTestResponse {
        let token = try csrf ?? csrfToken()
        let all = token.isEmpty ? fields : [("csrf", token)] + fields
        return try site.post(path, all, cookie: cookie)
    }

    func postRaw(_ path: String, body: String) throws -> HTTPTestResponse {
        try site.client.send("POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", cookie)],
                             body: body)
    }
}

func scrapeCSRF(_ html: String) -> String? {
    guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
    let rest = html[range.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end])
}

/// `application/x-www-form-urlencoded` as a browser writes it.
func formBody(_ fields: [(String, String)]) -> String {
    let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._*")
    func encode(_ text: String) -> String {
        (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: "%20", with: "+")
    }
    return fields.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
}
