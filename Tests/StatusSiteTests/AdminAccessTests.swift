import Foundation
import StatusModel
import StatusStore
import Testing
@testable import StatusSite

/// Who may do what: no write happens without a session, the right role and a valid CSRF token.
@Suite(.serialized) struct AdminAccessTests {
    /// Every admin write route with a plausible body (ids 1 exist once the flow has made them).
    static let writes: [(String, [(String, String)])] = [
        ("/admin/logout", []),
        ("/admin/incidents/new", [("title.sv", "T"), ("title.en", "T"), ("body.sv", "B"), ("body.en", "B"), ("impact", "minor"),
                                  ("status", "investigating"), ("action", "publish")]),
        ("/admin/incidents/1/updates", [("status", "identified"), ("body.sv", "B"), ("action", "publish")]),
        ("/admin/incidents/1/resolve", [("body.sv", "B"), ("action", "publish")]),
        ("/admin/incidents/1/edit", [("title.sv", "T"), ("impact", "major")]),
        ("/admin/updates/1/edit", [("body.sv", "B"), ("action", "publish")]),
        ("/admin/updates/1/delete", []),
        ("/admin/maintenance/new", [("title.sv", "M"), ("starts_at", "2026-12-01T10:00"), ("ends_at", "2026-12-01T11:00"),
                                    ("action", "publish")]),
        ("/admin/maintenance/1/cancel", []),
        ("/admin/maintenance/1/complete", []),
        ("/admin/maintenance/1/extend", [("ends_at", "2026-12-01T12:00")]),
        ("/admin/templates/new", [("name", "N"), ("body.sv", "B")]),
        ("/admin/templates/1", [("name", "N"), ("body.sv", "B")]),
        ("/admin/templates/1/delete", []),
        ("/admin/components/1/status", [("status", "major_outage"), ("notify", "1")]),
    ] + adminOnlyWrites

    static let adminOnlyWrites: [(String, [(String, String)])] = [
        ("/admin/components/new", [("slug", "new-one"), ("name.sv", "Ny"), ("name.en", "New")]),
        ("/admin/components/1", [("slug", "login"), ("name.sv", "X")]),
        ("/admin/components/1/move", [("direction", "down")]),
        ("/admin/components/1/visibility", [("hidden", "1")]),
        ("/admin/components/1/delete", [("confirm", "1")]),
        ("/admin/groups/new", [("name.sv", "G")]),
        ("/admin/groups/1", [("name.sv", "G")]),
        ("/admin/groups/1/move", [("direction", "up")]),
        ("/admin/groups/1/delete", [("confirm", "1")]),
        ("/admin/users", [("email", "new@example.com"), ("name", "New"), ("role", "admin"), ("password", "a long enough password")]),
        ("/admin/users/1/delete", [("confirm", "1")]),
        ("/admin/tokens", [("name", "monitor"), ("role", "admin")]),
        ("/admin/tokens/1/revoke", []),
        ("/admin/subscribers/1/delete", [("confirm", "1")]),
        ("/admin/webhooks", [("url", "https://hooks.example.com/in"), ("language", "sv")]),
        ("/admin/webhooks/1/delete", [("confirm", "1")]),
    ]

    /// Audit rows: any write that slipped through would add one.
    func auditCount(_ site: TestSite) throws -> Int { try site.store.auditEntries(before: nil, limit: 10_000).count }

    @Test func withoutASessionNothingIsWrittenAndPagesRedirect() throws {
        let site = try TestSite.withStaff()
        let before = try auditCount(site)
        for (path, fields) in Self.writes {
            let response = try site.post(path, fields, cookie: nil)
            #expect(response.status == 401, "\(path)")
            #expect(response.header("Cache-Control") == "no-store")
        }
        for path in ["/admin/", "/admin/incidents", "/admin/incidents/new", "/admin/audit", "/admin/users", "/admin/nowhere"] {
            let response = try site.get(path)
            #expect(response.status == 303, "\(path)")
            #expect(response.header("Location") == "/admin/login")
        }
        #expect(try auditCount(site) == before)
        #expect(try site.store.activeIncidents().isEmpty)
    }

    @Test func editorsCannotManageComponentsUsersTokensOrReadTheAudit() throws {
        let site = try TestSite.withStaff()
        let editor = try site.signIn("editor@example.com")
        let before = try auditCount(site)
        for (path, fields) in Self.adminOnlyWrites {
            #expect(try editor.post(path, fields).status == 403, "\(path)")
        }
        for path in ["/admin/components", "/admin/users", "/admin/tokens", "/admin/audit", "/admin/components/new", "/admin/groups/new",
                     "/admin/subscribers", "/admin/subscribers.csv", "/admin/webhooks"] {
            #expect(try editor.get(path).status == 403, "\(path)")
        }
        #expect(try auditCount(site) == before)
        #expect(try site.store.components().count == 2)
        #expect(try site.store.tokens().isEmpty)
        // Their own area works.
        #expect(try editor.get("/admin/incidents/new").status == 200)
        let nav = try editor.get("/admin/").text
        #expect(!nav.contains("/admin/users"))
    }

    @Test func anExpiredSessionIsSignedOut() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let token = try admin.csrfToken()
        site.clock.set(testNow.addingTimeInterval(site.application.auth.idleTimeout + 60))
        let before = try auditCount(site)
        for (path, fields) in Self.writes {
            #expect(try admin.post(path, fields, csrf: token).status == 401, "\(path)")
        }
        let page = try admin.get("/admin/")
        #expect(page.status == 303)
        #expect(page.header("Location") == "/admin/login")
        #expect(try site.store.activeIncidents().isEmpty)
        #expect(try auditCount(site) <= before + 1) // at most the session's own expiry record
    }

    @Test func writesWithoutOrWithAWrongCSRFTokenAreRefused() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let before = try auditCount(site)
        for (path, fields) in Self.writes {
            #expect(try admin.post(path, fields, csrf: "").status == 403, "no token: \(path)")
            #expect(try admin.post(path, fields, csrf: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").status == 403, "wrong token: \(path)")
        }
        #expect(try auditCount(site) == before)
        #expect(try site.store.activeIncidents().isEmpty)
        // Still signed in: sign-out was refused too.
        #expect(try admin.get("/admin/").status == 200)
    }

    @Test func adminPagesCarrySecurityHeadersAndGETNeverWrites() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let before = try auditCount(site)
        for path in ["/admin/", "/admin/login", "/admin/incidents", "/admin/incidents/new", "/admin/maintenance", "/admin/maintenance/new",
                     "/admin/components", "/admin/components/new", "/admin/groups/new", "/admin/users", "/admin/tokens",
                     "/admin/templates", "/admin/templates/new", "/admin/audit", "/admin/logout", "/admin/tokens/1/revoke",
                     "/admin/notifications", "/admin/subscribers", "/admin/subscribers.csv", "/admin/webhooks",
                     "/admin/webhooks/1/delete", "/admin/components/1/status"] {
            let response = try admin.get(path)
            #expect([200, 303, 405].contains(response.status), "\(path): \(response.status)")
            #expect(response.header("Cache-Control") == "no-store")
            #expect(response.header("X-Frame-Options") == "DENY")
            #expect(response.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        }
        #expect(try admin.get("/admin/").status == 200) // GET /admin/logout did not sign out
        #expect(try auditCount(site) == before)
    }

    @Test func signInFailuresSayNothingAboutTheAccount() throws {
        let site = try TestSite.withStaff()
        let unknown = try site.post("/admin/login", [("email", "nobody@example.com"), ("password", "whatever it is here")], cookie: nil)
        let wrong = try site.post("/admin/login", [("email", "admin@example.com"), ("password", "whatever it is here")], cookie: nil)
        #expect(unknown.status == 401 && wrong.status == 401)
        #expect(unknown.header("Set-Cookie") == nil)
        #expect(unknown.text.replacingOccurrences(of: "nobody@example.com", with: "X")
            == wrong.text.replacingOccurrences(of: "admin@example.com", with: "X"))
        var throttled = wrong
        for _ in 0..<20 where throttled.status != 429 {
            throttled = try site.post("/admin/login", [("email", "admin@example.com"), ("password", "still not right at all")], cookie: nil)
        }
        #expect(throttled.status == 429)
        #expect(Int(throttled.header("Retry-After") ?? "") ?? 0 > 0)
    }

    @Test func signOutEndsTheSession() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let response = try admin.post("/admin/logout", [])
        #expect(response.status == 303)
        #expect(response.header("Set-Cookie")?.contains("Max-Age=0") == true)
        #expect(try admin.get("/admin/").status == 303)
    }

    @Test func languageFollowsTheChoiceCookieAndAcceptLanguage() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        #expect(try admin.get("/admin/").text.contains("Översikt"))
        let english = try admin.get("/admin/?lang=en")
        #expect(english.text.contains("Dashboard"))
        let cookie = try #require(english.header("Set-Cookie")?.split(separator: ";").first.map(String.init))
        let again = try site.client.send("GET", "/admin/incidents", headers: [("Cookie", "\(admin.cookie); \(cookie)")])
        #expect(again.text.contains("Active incidents"))
        let byHeader = try site.client.send("GET", "/admin/login", headers: [("Accept-Language", "en-GB,en;q=0.8")])
        #expect(byHeader.text.contains("Staff sign-in"))
    }
}
