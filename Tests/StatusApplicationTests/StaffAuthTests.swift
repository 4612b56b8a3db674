import Foundation
import SiteSettings
@testable import StatusApplication
import StatusModel
import StatusStore
import Testing

/// A temporary store for the staff tests, with a fast hasher (the format records the count).
final class StaffFixture: @unchecked Sendable {
    let directory: URL
    let store: StatusStore
    let auth: StaffAuth
    static let password = "correct horse battery"

    init(idleTimeout: TimeInterval = 2 * 3600, absoluteTimeout: TimeInterval = 12 * 3600) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftstatus-staff-\(UUID().uuidString)")
        store = try StatusStore.open(path: directory.appendingPathComponent("test.sqlite").path)
        auth = StaffAuth(store: store, commonPasswords: try Self.commonPasswords(),
                         hasher: PasswordHasher(iterations: 1_000), idleTimeout: idleTimeout,
                         absoluteTimeout: absoluteTimeout)
    }

    @discardableResult
    func addUser(_ email: String, role: StaffRole = .editor) throws -> StaffUser {
        try auth.addUser(UserDraft(email: email, name: "Staff \(role)", role: role, password: Self.password),
                         by: .system("test"), now: testNow)
    }

    func signIn(_ email: String, password: String = StaffFixture.password, address: String = "192.0.2.1",
                at now: Date = testNow) -> StaffAuth.SignInResult {
        auth.signIn(email: email, password: password, remoteAddress: address, isSecure: false, now: now)
    }

    func signedIn(_ email: String, at now: Date = testNow) throws -> Principal {
        guard case .success(let principal, _, _) = signIn(email, at: now) else {
            Issue.record("sign-in failed")
            throw PublishingError.forbidden
        }
        return principal
    }

    /// Who a request with this session cookie or bearer token is (what the web module reads from it).
    func principal(cookie: String? = nil, bearer: String? = nil, now: Date) -> Principal? {
        auth.principal(authorization: bearer.map { "Bearer \($0)" }, sessionID: cookie, now: now)
    }

    /// The repository's list (`wordlists/`), found from this file's location.
    static func commonPasswords(from file: String = #filePath) throws -> CommonPasswords {
        var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            guard directory.path != "/" else { throw CocoaError(.fileNoSuchFile) }
            directory.deleteLastPathComponent()
        }
        let list = directory.appendingPathComponent("wordlists/common-passwords.txt")
        return CommonPasswords(listText: try String(contentsOf: list, encoding: .utf8))
    }

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

extension StaffAuth.SignInResult {
    var isFailure: Bool { if case .failure = self { true } else { false } }
    var retryAfter: Int? { if case .throttled(let seconds) = self { seconds } else { nil } }
}

@Suite("Staff sign-in, sessions and tokens")
struct StaffAuthTests {
    @Test func theRealHashFormatAndVerification() throws {
        let hasher = PasswordHasher()
        let encoded = try hasher.hash("correct horse battery")
        let parts = encoded.split(separator: "$")
        #expect(parts.count == 4 && parts[0] == "pbkdf2-sha256" && parts[1] == "600000")
        #expect(Data(base64Encoded: String(parts[2]))?.count == 16)
        #expect(Data(base64Encoded: String(parts[3]))?.count == 32)
        #expect(hasher.verify("correct horse battery", against: encoded))
        #expect(!hasher.verify("correct horse batterz", against: encoded))
    }

    @Test func hashesAreSaltedAndRecordTheirIterationCount() throws {
        let fast = PasswordHasher(iterations: 1_000)
        let first = try fast.hash("pässwörd 123"), second = try fast.hash("pässwörd 123")
        #expect(first != second)
        #expect(first.hasPrefix("pbkdf2-sha256$1000$"))
        // Verification uses the stored count, whatever the hasher's own.
        #expect(PasswordHasher().verify("pässwörd 123", against: first))
        // NFC: a decomposed "ä" is the same password.
        #expect(fast.verify("pa\u{308}sswo\u{308}rd 123", against: first))
        for broken in ["", "pbkdf2-sha256$1000$AAAA", "md5$1$AAAA$AAAA", "pbkdf2-sha256$0$AAAA$" + Data(count: 32).base64EncodedString(),
                       "pbkdf2-sha256$99999999999$AAAA$" + Data(count: 32).base64EncodedString()] {
            #expect(!fast.verify("pässwörd 123", against: broken))
        }
    }

    @Test func signInGivesAFreshSessionEachTimeAndACookie() throws {
        let fixture = try StaffFixture()
        let user = try fixture.addUser("ann@example.com")
        guard case .success(let first, let cookie, _) = fixture.signIn("Ann@Example.com") else { Issue.record("no session"); return }
        guard case .success(let second, _, _) = fixture.signIn("ann@example.com") else { Issue.record("no session"); return }
        #expect(first.sessionID != second.sessionID)
        #expect(first.csrfToken != second.csrfToken)
        #expect(first.actor == Actor(kind: .user, id: user.id, name: user.name, role: .editor))
        let sessionID = try #require(first.sessionID)
        #expect(cookie == "driftstatus_session=\(sessionID); Path=/; HttpOnly; SameSite=Lax; Max-Age=43200")
        #expect(fixture.auth.sessionCookie(sessionID, isSecure: true).hasSuffix("; Secure"))
        #expect(fixture.auth.clearedSessionCookie(isSecure: true)
                == "driftstatus_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure")
        // Only a hash of the id is stored.
        #expect(try fixture.store.session(idHash: sessionID) == nil)
        let found = fixture.principal(cookie: sessionID, now: testNow.addingTimeInterval(60))
        #expect(found == first)
        #expect(fixture.principal(cookie: "forged", now: testNow) == nil)
        #expect(fixture.principal(now: testNow) == nil)
    }

    @Test func idleAndAbsoluteExpiry() throws {
        let fixture = try StaffFixture(idleTimeout: 600, absoluteTimeout: 3600)
        try fixture.addUser("ann@example.com")
        let idle = try #require(try fixture.signedIn("ann@example.com").sessionID)
        #expect(fixture.principal(cookie: idle, now: testNow.addingTimeInterval(601)) == nil)
        // Gone for good, even if the clock came back.
        #expect(fixture.principal(cookie: idle, now: testNow) == nil)

        let active = try #require(try fixture.signedIn("ann@example.com").sessionID)
        // Activity every 5 minutes keeps it alive, but not beyond the absolute limit.
        var now = testNow
        for _ in 0..<11 {
            now = now.addingTimeInterval(300)
            #expect(fixture.principal(cookie: active, now: now) != nil)
        }
        now = testNow.addingTimeInterval(3601)
        #expect(fixture.principal(cookie: active, now: now) == nil)
    }

    @Test func signOutAndPasswordChangeEndSessions() throws {
        let fixture = try StaffFixture()
        let user = try fixture.addUser("ann@example.com")
        let principal = try fixture.signedIn("ann@example.com")
        fixture.auth.signOut(principal)
        #expect(fixture.principal(cookie: principal.sessionID, now: testNow) == nil)

        let a = try fixture.signedIn("ann@example.com"), b = try fixture.signedIn("ann@example.com")
        try fixture.auth.changePassword(userID: user.id, newPassword: "a brand new password", by: a.actor, now: testNow)
        for session in [a, b] {
            #expect(fixture.principal(cookie: session.sessionID, now: testNow) == nil)
        }
        #expect(fixture.signIn("ann@example.com").isFailure)
        #expect(!fixture.signIn("ann@example.com", password: "a brand new password").isFailure)
        // An editor cannot change someone else's password.
        let other = try fixture.addUser("bo@example.com")
        #expect(throws: PublishingError.forbidden) {
            try fixture.auth.changePassword(userID: other.id, newPassword: "another password!", by: a.actor, now: testNow)
        }
    }

    @Test func unknownAccountLooksExactlyLikeAWrongPassword() throws {
        let fixture = try StaffFixture()
        try fixture.addUser("ann@example.com")
        #expect(fixture.signIn("ann@example.com", password: "wrong password!").isFailure)
        #expect(fixture.signIn("nobody@example.com", address: "192.0.2.2").isFailure)
    }

    @Test func throttlingPerAccountGrowsAndSuccessResetsIt() throws {
        let fixture = try StaffFixture()
        try fixture.addUser("ann@example.com")
        // Different addresses: only the account counter is at work.
        for attempt in 1...5 {
            #expect(fixture.signIn("ann@example.com", password: "wrong password!", address: "10.0.0.\(attempt)").isFailure)
        }
        // Throttled even with the right password.
        #expect(fixture.signIn("ann@example.com", address: "10.0.1.1").retryAfter == 30)
        let later = testNow.addingTimeInterval(31)
        #expect(fixture.signIn("ann@example.com", password: "wrong password!", address: "10.0.1.2", at: later).isFailure)
        #expect(fixture.signIn("ann@example.com", address: "10.0.1.3", at: later).retryAfter == 60)
        // Waiting it out and signing in correctly starts afresh.
        let muchLater = later.addingTimeInterval(61)
        #expect(!fixture.signIn("ann@example.com", address: "10.0.1.4", at: muchLater).isFailure)
        #expect(fixture.signIn("ann@example.com", password: "wrong password!", address: "10.0.1.5", at: muchLater).isFailure)
        #expect(!fixture.signIn("ann@example.com", address: "10.0.1.6", at: muchLater).isFailure)
    }

    @Test func throttlingPerAddressAcrossAccounts() throws {
        let fixture = try StaffFixture()
        try fixture.addUser("ann@example.com")
        for index in 1...20 {
            #expect(fixture.signIn("guess\(index)@example.com", password: "wrong password!", address: "203.0.113.9").isFailure)
        }
        #expect(fixture.signIn("ann@example.com", address: "203.0.113.9").retryAfter != nil)
        // Someone else is not affected.
        #expect(!fixture.signIn("ann@example.com", address: "198.51.100.1").isFailure)
    }

    @Test func tokensAuthenticateUntilRevoked() throws {
        let fixture = try StaffFixture()
        let admin = Actor.system("test")
        let (token, stored) = try fixture.auth.createToken(name: "monitoring", role: .editor, by: admin, now: testNow)
        #expect(token.hasPrefix("ds_") && token.count == 46)
        #expect(stored.prefix == String(token.prefix(7)))
        let principal = try #require(fixture.principal(bearer: token, now: testNow))
        #expect(principal.actor == Actor(kind: .token, id: stored.id, name: "monitoring", role: .editor))
        #expect(principal.sessionID == nil && principal.csrfToken == nil)
        #expect(try fixture.store.token(id: stored.id)?.lastUsedAt == testNow)
        #expect(fixture.principal(bearer: token + "x", now: testNow) == nil)
        #expect(fixture.principal(bearer: "ds_" + String(repeating: "A", count: 43), now: testNow) == nil)

        let editor = principal.actor
        #expect(throws: PublishingError.forbidden) { try fixture.auth.revokeToken(id: stored.id, by: editor, now: testNow) }
        #expect(throws: PublishingError.forbidden) { try fixture.auth.createToken(name: "x", role: .admin, by: editor, now: testNow) }
        try fixture.auth.revokeToken(id: stored.id, by: admin, now: testNow)
        #expect(fixture.principal(bearer: token, now: testNow) == nil)
    }

    @Test func csrfTokensArePerSession() throws {
        let fixture = try StaffFixture()
        try fixture.addUser("ann@example.com")
        let a = try fixture.signedIn("ann@example.com"), b = try fixture.signedIn("ann@example.com")
        #expect(fixture.auth.isValidCSRF(a.csrfToken, for: a))
        #expect(!fixture.auth.isValidCSRF(b.csrfToken, for: a))
        #expect(!fixture.auth.isValidCSRF(nil, for: a))
        #expect(!fixture.auth.isValidCSRF("", for: a))
        let tokenPrincipal = Principal(actor: .system("x"), sessionID: nil, csrfToken: nil)
        #expect(!fixture.auth.isValidCSRF("anything", for: tokenPrincipal))
    }

    @Test func accountsAreValidatedAndAudited() throws {
        let fixture = try StaffFixture()
        try fixture.addUser("ann@example.com")
        #expect(throws: PublishingError.validation([FieldError(field: "email", code: .duplicate)])) {
            try fixture.addUser("ANN@example.com")
        }
        #expect(throws: PublishingError.validation([FieldError(field: "password", code: .tooShort, limit: 12)])) {
            try fixture.auth.addUser(UserDraft(email: "b@example.com", name: "B", role: .editor, password: "short"),
                                     by: .system("test"), now: testNow)
        }
        let editor = try fixture.signedIn("ann@example.com").actor
        #expect(throws: PublishingError.forbidden) {
            try fixture.auth.addUser(UserDraft(email: "c@example.com", name: "C", role: .admin, password: "long enough pw"),
                                     by: editor, now: testNow)
        }
        let actions = try fixture.store.auditEntries(before: nil, limit: 10).map(\.action)
        #expect(actions == ["session.create", "user.add"])
    }
}
