import Foundation
import HTTPServer
import StatusModel
@testable import StatusSite
import StatusStore
import Testing

/// The web module's side of `StaffAuth`: which session cookie or bearer token a request carries.
/// The sessions and tokens themselves are tested in StatusApplicationTests.
@Suite struct StaffAuthRequestTests {
    static func request(cookies: [String] = [], bearer: String? = nil) -> Request {
        var headers = HTTPHeaders()
        for cookie in cookies { headers.add("Cookie", cookie) }
        if let bearer { headers.add("Authorization", "Bearer \(bearer)") }
        return Request(method: "GET", path: "/admin/", headers: headers)
    }

    @Test func theSessionCookieAmongOthersOrABearerTokenWhichWins() throws {
        let store = try StatusStore.openTemporary()
        defer { try? store.close() }
        let auth = StaffAuth(store: store, commonPasswords: CommonPasswords([]), hasher: PasswordHasher(iterations: 1_000))
        let password = "correct horse battery"
        _ = try auth.addUser(UserDraft(email: "ann@example.com", name: "Ann", role: .editor, password: password),
                             by: .system("test"), now: testNow)
        let signedIn = auth.signIn(email: "ann@example.com", password: password, remoteAddress: "192.0.2.1", isSecure: false, now: testNow)
        guard case .success(let session, _, _) = signedIn, let sessionID = session.sessionID else { Issue.record("no session"); return }
        let (token, stored) = try auth.createToken(name: "monitoring", role: .editor, by: .system("test"), now: testNow)

        let cookie = "\(StaffAuth.sessionCookieName)=\(sessionID)"
        #expect(auth.principal(for: Self.request(cookies: ["lang=sv; \(cookie)"]), now: testNow) == session)
        #expect(auth.principal(for: Self.request(cookies: ["lang=sv", cookie]), now: testNow) == session)
        #expect(auth.principal(for: Self.request(cookies: ["lang=sv"]), now: testNow) == nil)
        #expect(auth.principal(for: Self.request(cookies: [cookie], bearer: token), now: testNow)?.actor == StaffAuth.actor(for: stored))
        // A bearer header decides alone: a wrong token is not rescued by a good cookie.
        #expect(auth.principal(for: Self.request(cookies: [cookie], bearer: token + "x"), now: testNow) == nil)
    }
}
