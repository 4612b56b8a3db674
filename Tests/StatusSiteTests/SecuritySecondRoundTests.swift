import Foundation
import HTTPServer
import StatusModel
@testable import StatusSite
import StatusStore
import Testing
import TestSupport

/// Issue 11 over real HTTP against a real server: device cookies against the account lock, the
/// cross-site check on every form post, the password policy (admin UI and CLI), and bidi/C1
/// controls refused on the way in and isolated on the way out.
@Suite struct SecuritySecondRoundTests {
    static let form = ("Content-Type", "application/x-www-form-urlencoded")

    /// A sign-in attempt from `address` (any of 127.0.0.0/8), with cookies.
    static func signIn(_ site: TestSite, email: String, password: String, from address: String = "127.0.0.1",
                       cookie: String? = nil) throws -> HTTPTestResponse {
        var client = site.client
        client.sourceAddress = address
        var headers = [form]
        if let cookie { headers.append(("Cookie", cookie)) }
        return try client.send("POST", "/admin/login", headers: headers, body: formBody([("email", email), ("password", password)]))
    }

    static func setCookie(_ response: HTTPTestResponse, named name: String) -> String? {
        response.headers("Set-Cookie").first { $0.hasPrefix(name + "=") }.flatMap { $0.split(separator: ";").first.map(String.init) }
    }

    // MARK: Item 2: device cookies

    @Test func aBrowserThatSignedInBeforeGetsInWhileOthersHaveLockedTheAccount() throws {
        let site = try TestSite.withStaff()
        let password = TestSite.staffPassword
        // The real user signs in once: the browser keeps a device cookie for the account.
        let first = try Self.signIn(site, email: "admin@example.com", password: password)
        #expect(first.status == 303)
        let device = try #require(Self.setCookie(first, named: "driftstatus_device"))
        let attributes = try #require(first.headers("Set-Cookie").first { $0.hasPrefix("driftstatus_device=") })
        #expect(attributes.contains("HttpOnly") && attributes.contains("SameSite=Strict") && attributes.contains("Path=/admin/login"))
        let editorDevice = try #require(Self.setCookie(try Self.signIn(site, email: "editor@example.com", password: password),
                                                       named: "driftstatus_device"))

        // An attacker guesses from three other addresses until the account is locked.
        var attack = HTTPTestResponse?.none
        for attempt in 0..<8 where attack?.status != 429 {
            attack = try Self.signIn(site, email: "admin@example.com", password: "guess number \(attempt)",
                                     from: "127.0.0.\(2 + attempt % 3)")
        }
        #expect(attack?.status == 429)

        // Without the cookie the right password is throttled too, from anywhere.
        #expect(try Self.signIn(site, email: "admin@example.com", password: password).status == 429)
        #expect(try Self.signIn(site, email: "admin@example.com", password: password, from: "127.0.0.9").status == 429)
        // Another account's device cookie, or a forged one, does not help.
        #expect(try Self.signIn(site, email: "admin@example.com", password: password, cookie: editorDevice).status == 429)
        let parts = device.dropFirst("driftstatus_device=".count).split(separator: ".")
        let forged = "driftstatus_device=\(parts[0]).\(String(repeating: "A", count: 43)).\(parts[2])"
        #expect(try Self.signIn(site, email: "admin@example.com", password: password, cookie: forged).status == 429)

        // The user's own browser still gets in.
        let trusted = try Self.signIn(site, email: "admin@example.com", password: password, cookie: device)
        #expect(trusted.status == 303)
        let session = try #require(Self.setCookie(trusted, named: "driftstatus_session"))
        #expect(try site.client.send("GET", "/admin/", headers: [("Cookie", session)]).status == 200)
        // ... and its success did not lift the lock for everyone else.
        #expect(try Self.signIn(site, email: "admin@example.com", password: password, from: "127.0.0.9").status == 429)
    }

    @Test func aDeviceHasItsOwnFailureLimitAndANewPasswordRevokesIt() throws {
        let site = try TestSite.withStaff()
        let first = try Self.signIn(site, email: "editor@example.com", password: TestSite.staffPassword)
        let device = try #require(Self.setCookie(first, named: "driftstatus_device"))
        var last = HTTPTestResponse?.none
        for attempt in 0..<8 where last?.status != 429 {
            last = try Self.signIn(site, email: "editor@example.com", password: "typo \(attempt) here!", cookie: device)
        }
        #expect(last?.status == 429, "the device's own failures throttle it")
        #expect(try Self.signIn(site, email: "editor@example.com", password: TestSite.staffPassword, cookie: device).status == 429)
        // Those failures were the device's: other clients were not locked out by them.
        #expect(try Self.signIn(site, email: "editor@example.com", password: TestSite.staffPassword, from: "127.0.0.5").status == 303)

        // A password change (here by an admin) makes the old device cookies worthless.
        let other = try Self.signIn(site, email: "admin@example.com", password: TestSite.staffPassword)
        let adminDevice = try #require(Self.setCookie(other, named: "driftstatus_device"))
        let id = try #require(try site.store.user(email: "admin@example.com")?.id)
        // As `changePassword` stores it, with the tests' cheap hash (a full-strength one per guess is slow under load).
        try site.store.setPasswordHash(userID: id, passwordHash: try PasswordHasher(iterations: 1_000).hash("a brand new long passphrase"),
                                       at: testNow, by: .system("test"))
        for attempt in 0..<8 {
            _ = try Self.signIn(site, email: "admin@example.com", password: "wrong \(attempt) guess", from: "127.0.0.7")
        }
        #expect(try Self.signIn(site, email: "admin@example.com", password: "a brand new long passphrase",
                                cookie: adminDevice).status == 429)
    }

    // MARK: Item 6: cross-site form posts

    @Test func crossSiteFormPostsAreRefusedSignInIncluded() throws {
        let site = try TestSite.withStaff(settings: PublicSubscriptionTests.mailSettings)
        let fields = formBody([("email", "admin@example.com"), ("password", TestSite.staffPassword)])
        let foreign: [[(String, String)]] = [
            [("Origin", "https://evil.example")],
            [("Origin", "null")],
            [("Sec-Fetch-Site", "cross-site")],
            [("Sec-Fetch-Site", "same-site"), ("Origin", "https://other.status.example.se")],
            [("Origin", "https://evil.example"), ("Sec-Fetch-Site", "same-origin")],
        ]
        for headers in foreign {
            let response = try site.client.send("POST", "/admin/login", headers: [Self.form] + headers, body: fields)
            #expect(response.status == 403, "\(headers)")
            #expect(response.header("Set-Cookie") == nil)
            #expect(response.text.contains("Formuläret skickades från en annan webbplats"), "\(headers)")
        }
        let english = try site.client.send("POST", "/admin/login?lang=en", headers: [Self.form, ("Origin", "https://evil.example")],
                                           body: fields)
        #expect(english.status == 403 && english.text.contains("The form was sent from another website"))

        // The site's own origin (as addressed, or its base URL), or no browser headers at all: allowed.
        let own = "http://127.0.0.1:\(site.server.port)"
        for headers in [[("Origin", own), ("Sec-Fetch-Site", "same-origin")], [("Origin", site.application.settings.baseURL)],
                        [("Sec-Fetch-Site", "none")], []] {
            let response = try site.client.send("POST", "/admin/login", headers: [Self.form] + headers, body: fields)
            #expect(response.status == 303, "\(headers)")
        }

        // Signed in, with a valid CSRF token, but posted from another site: refused, nothing written.
        let admin = try site.signIn("admin@example.com")
        let token = try admin.csrfToken()
        let before = try site.store.auditEntries(before: nil, limit: 1_000).count
        let forged = try site.client.send("POST", "/admin/components/1/status",
                                          headers: [Self.form, ("Cookie", admin.cookie), ("Origin", "https://evil.example")],
                                          body: formBody([("csrf", token), ("status", "major_outage")]))
        #expect(forged.status == 403)
        #expect(try site.store.auditEntries(before: nil, limit: 1_000).count == before)

        // Public forms too: subscribe, confirm, unsubscribe.
        for path in ["/sv/subscribe", "/sv/subscribe/confirm", "/sv/unsubscribe"] {
            let response = try site.client.send("POST", path, headers: [Self.form, ("Sec-Fetch-Site", "cross-site")],
                                                body: "email=kund%40example.se&token=x")
            #expect(response.status == 403, "\(path)")
            #expect(response.text.contains("Formuläret skickades från en annan webbplats"), "\(path)")
        }
        #expect(try site.store.emailSubscribers().isEmpty)
        let allowed = try site.client.send("POST", "/sv/subscribe", headers: [Self.form, ("Origin", own)], body: "email=kund%40example.se")
        #expect(allowed.status == 202)
    }

    @Test func theOriginRuleByItself() {
        let check = CrossSiteCheck(baseURL: "https://Status.Example.se")
        func request(_ headers: [(String, String)], secure: Bool = false) -> Request {
            var all = HTTPHeaders()
            for (name, value) in headers { all.add(name, value) }
            return Request(method: "POST", path: "/admin/login", headers: all, isSecure: secure)
        }
        #expect(!check.isCrossSite(request([("Origin", "https://status.example.se:443")])))
        #expect(!check.isCrossSite(request([("Origin", "http://intern:8080"), ("Host", "intern:8080")])))
        #expect(!check.isCrossSite(request([("Origin", "https://intern:8080"), ("Host", "intern:8080")])), "TLS ended by a proxy")
        #expect(check.isCrossSite(request([("Origin", "http://intern:8080"), ("Host", "intern:8080")], secure: true)))
        #expect(check.isCrossSite(request([("Origin", "https://status.example.se.evil.example")])))
        #expect(check.isCrossSite(request([("Origin", "http://status.example.se")])), "another scheme is another origin")
        #expect(check.isCrossSite(request([("Origin", "javascript:alert(1)")])))
    }

    // MARK: Item 7: password policy

    @Test func weakPasswordsAreRefusedInTheAdminUI() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let cases: [(String, String, String)] = [
            ("password1234", "För vanligt", "Too common"),
            ("PassWord1234", "För vanligt", "Too common"),
            ("aaaaaaaaaaaa", "För enkelt", "Too simple"),
            (String(repeating: " ", count: 12), "För enkelt", "Too simple"),
        ]
        for (password, swedish, english) in cases {
            let fields = [("email", "new@example.com"), ("name", "New Person"), ("role", "admin"), ("password", password)]
            let response = try admin.post("/admin/users", fields)
            #expect(response.status == 422, "\(password.debugDescription)")
            #expect(response.text.contains(swedish), "\(password.debugDescription)")
            #expect(try admin.post("/admin/users?lang=en", fields).text.contains(english), "\(password.debugDescription)")
        }
        #expect(try site.store.user(email: "new@example.com") == nil)
        let fine = try admin.post("/admin/users", [("email", "new@example.com"), ("name", "New Person"), ("role", "editor"),
                                                   ("password", "a long and unusual passphrase")])
        #expect(fine.status == 303)
    }

    @Test func weakPasswordsAreRefusedByTheCLIInBothLanguages() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func user(_ arguments: [String], password: String, language: String) throws -> CommandLineTests.Run {
            try CommandLineTests.run(["user"] + arguments + ["--db", directory.appendingPathComponent("d.sqlite").path,
                                                              "--site", TestSite.repositoryRoot.path],
                                     in: directory, input: password + "\n",
                                     environment: ["LC_ALL": language, "LC_MESSAGES": language, "LANG": language])
        }
        let add = ["add", "--email", "ops@example.com", "--name", "Ops", "--role", "admin"]
        let common = try user(add, password: "password1234", language: "sv_SE.UTF-8")
        #expect(common.status != 0 && common.error.contains("lösenordet är för vanligt"), "\(common.error)")
        let simple = try user(add, password: "aaaaaaaaaaaa", language: "en_GB.UTF-8")
        #expect(simple.status != 0 && simple.error.contains("the password is too simple"), "\(simple.error)")
        let spaces = try user(add, password: String(repeating: " ", count: 12), language: "C")
        #expect(spaces.status != 0 && spaces.error.contains("too simple"), "\(spaces.error)")
        #expect(try user(add, password: "a long and unusual passphrase", language: "C").status == 0)
        let passwd = try user(["passwd", "--email", "ops@example.com"], password: "Password1234", language: "sv_SE.UTF-8")
        #expect(passwd.status != 0 && passwd.error.contains("lösenordet är för vanligt"), "\(passwd.error)")
    }

    // MARK: Item 8: bidi and C1 controls

    @Test func bidiAndC1ControlsAreRefusedWith422AndUserTextIsIsolated() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let spoof = "Faktura \u{202E}gnp.exe"
        let incident = [("title.sv", spoof), ("title.en", "Invoice"), ("body.sv", "Vi undersöker."), ("body.en", "Looking."),
                        ("impact", "minor"), ("status", "investigating"), ("action", "publish")]
        let refused = try admin.post("/admin/incidents/new", incident)
        #expect(refused.status == 422)
        #expect(refused.text.contains("Ogiltigt värde"))
        #expect(try site.store.activeIncidents().isEmpty)
        let c1 = try admin.post("/admin/components/new", [("slug", "x"), ("name.sv", "Bank\u{0085}sync"), ("name.en", "Bank sync")])
        #expect(c1.status == 422)
        #expect(try admin.post("/admin/tokens", [("name", "bot\u{2066}x"), ("role", "editor")]).status == 422)

        let api = try site.application.auth.createToken(name: "t", role: .admin, by: .system("test"), now: testNow).token
        let json = """
            {"title": {"sv": "Faktura \\u202Egnp.exe", "en": "x"}, "body": {"sv": "a", "en": "b"}, "impact": "minor"}
            """
        let answer = try site.client.send("POST", "/api/v1/incidents", headers: [("Authorization", "Bearer \(api)"),
                                                                                   ("Content-Type", "application/json")], body: json)
        #expect(answer.status == 422 && answer.text.contains("title.sv") && answer.text.contains("invalid"))
        let webhook = try site.client.send("POST", "/api/v1/webhooks", headers: [("Authorization", "Bearer \(api)"),
                                                                                   ("Content-Type", "application/json")],
                                           body: #"{"url": "https://hooks.example.com/x", "description": "chat \u2067x"}"#)
        #expect(webhook.status == 422 && webhook.text.contains("description"))

        // Names and titles are isolated where they are shown.
        let fine = try admin.post("/admin/incidents/new", [("title.sv", "مرحبا Bank"), ("title.en", "Bank"), ("body.sv", "a"),
                                                           ("body.en", "b"), ("impact", "minor"), ("status", "investigating"),
                                                           ("action", "publish")])
        #expect(fine.status == 303)
        let home = try site.get("/sv/").text
        #expect(home.contains("<bdi>مرحبا Bank</bdi>"))
        #expect(home.contains("<bdi>Inloggning</bdi>"))
        #expect(try admin.get("/admin/incidents").text.contains("class=\"item-title\" dir=\"auto\""))
    }
}
