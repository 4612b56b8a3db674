import Foundation
import HTTPServer
@testable import StatusApplication
@testable import StatusSite
import Testing
import TestSupport

/// The process-wide budget of password hashes (`HashBudget`, `SignInBudget`): sign-ins that
/// would hash beyond it are refused with 503 and Retry-After before they are queued.
struct HashBudgetTests {
    /// A clock the test moves by hand (seconds).
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds: Double
        init(_ seconds: Double = 1_000) { self.seconds = seconds }
        var now: Double { lock.withLock { seconds } }
        func advance(_ by: Double) { lock.withLock { seconds += by } }
        func set(_ to: Double) { lock.withLock { seconds = to } }
    }

    @Test func startsFullAndRefusesOnceTheBurstIsSpent() {
        let clock = ManualClock()
        let budget = HashBudget(perSecond: 2, burst: 2, clock: { clock.now })
        #expect(budget.take())
        #expect(budget.take())
        #expect(!budget.take())
        #expect(!budget.take(), "a refusal spends nothing and earns nothing")
    }

    @Test func refillsAtTheRateUpToTheBurst() {
        let clock = ManualClock()
        let budget = HashBudget(perSecond: 1.5, burst: 2, clock: { clock.now })
        #expect(budget.take() && budget.take())
        clock.advance(0.5)  // 0.75 of a hash
        #expect(!budget.take())
        clock.advance(0.2)  // 1.05
        #expect(budget.take())
        #expect(!budget.take())
        clock.advance(3_600)  // an hour earns 5,400, but the bucket holds 2
        #expect(budget.available == 2)
        #expect(budget.take() && budget.take())
        #expect(!budget.take())
    }

    @Test func aClockThatStepsBackNeitherRefillsNorDrains() {
        let clock = ManualClock(100)
        let budget = HashBudget(perSecond: 1, burst: 1, clock: { clock.now })
        #expect(budget.take())
        clock.set(50)
        #expect(!budget.take())
        clock.set(100.5)  // half a second after the last real refill
        #expect(!budget.take())
        clock.set(101)
        #expect(budget.take())
    }

    @Test func aBurstBelowOneStillAllowsOneHash() {
        let clock = ManualClock()
        let budget = HashBudget(perSecond: 0.25, burst: 0, clock: { clock.now })
        #expect(budget.take())
        #expect(!budget.take())
        clock.advance(4)
        #expect(budget.take())
    }
}

@Suite(.serialized) struct SignInBudgetTests {
    /// One hash, then the budget is empty for the rest of any test (1 per 10,000 s, burst 1).
    static let oneHash = PoolSizes(workThreads: 2, workQueue: 16, signInThreads: 1, signInQueue: 8, signInHashesPerSecond: 0.0001)

    static func site(_ pools: PoolSizes, hashes: Shared<Int>) throws -> TestSite {
        let site = try TestSite(now: testNow, pools: pools,
                                hasher: PasswordHasher(iterations: 1_000, didHash: { hashes.withLock { $0 += 1 } }))
        try site.addStaff("admin@example.com", role: .admin)
        return site
    }

    static func attempt(_ site: TestSite, _ email: String, _ password: String = "wrong password",
                        language: String = "en") throws -> HTTPTestResponse {
        try site.post("/admin/login?lang=\(language)", [("email", email), ("password", password)], cookie: nil)
    }

    @Test func underBudgetAnHonestSignInWorks() throws {
        let hashes = Shared(0)
        let site = try Self.site(Self.oneHash, hashes: hashes)
        #expect(try Self.attempt(site, "admin@example.com", TestSite.staffPassword).status == 303)
        #expect(hashes.current == 1)
    }

    @Test func overBudgetASignInGets503WithRetryAfterAndNoHash() throws {
        let hashes = Shared(0)
        let site = try Self.site(Self.oneHash, hashes: hashes)
        #expect(try Self.attempt(site, "nobody@example.com").status == 401)
        #expect(hashes.current == 1)
        for (language, text) in [("sv", "Många inloggningar kontrolleras just nu"), ("en", "Many sign-ins are being checked right now")] {
            let refused = try Self.attempt(site, "admin@example.com", TestSite.staffPassword, language: language)
            #expect(refused.status == 503)
            #expect(refused.header("Retry-After") == "2")
            #expect(refused.header("Content-Language") == language)
            #expect(refused.text.contains(text))
        }
        #expect(hashes.current == 1, "a refused sign-in hashed a password")
    }

    @Test func theRefusalIsAnsweredOnTheIOThreadWithoutQueueing() throws {
        let hashes = Shared(0)
        let site = try Self.site(Self.oneHash, hashes: hashes)
        #expect(try Self.attempt(site, "nobody@example.com").status == 401)
        let request = HTTPServer.Request(method: "POST", path: "/admin/login", headers: HTTPHeaders([
            ("Content-Type", "application/x-www-form-urlencoded"),
        ]), body: Array("email=admin%40example.com&password=x".utf8), remoteAddress: "127.0.0.1")
        guard case .now(let response) = site.operational.reply(request) else {
            Issue.record("an over-budget sign-in was queued")
            return
        }
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] == "2")
    }

    @Test func throttledAttemptsSpendNoBudget() throws {
        let hashes = Shared(0)
        let site = try Self.site(Self.oneHash, hashes: hashes)
        let throttle = site.application.auth.throttle
        for _ in 0..<5 { throttle.recordFailure(account: "locked@example.com", address: "192.0.2.1", now: testNow) }
        for _ in 0..<3 {
            let throttled = try Self.attempt(site, "LOCKED@example.com")
            #expect(throttled.status == 429)
            #expect(throttled.header("Retry-After") != nil)
        }
        #expect(hashes.current == 0)
        // The one hash in the budget is still there.
        #expect(try Self.attempt(site, "admin@example.com", TestSite.staffPassword).status == 303)
        #expect(hashes.current == 1)
        #expect(try Self.attempt(site, "admin@example.com", TestSite.staffPassword).status == 503)
    }

    /// Signs in with `fields` (303 expected) and returns the device cookie it set, as `name=value`.
    static func signInForDeviceCookie(_ site: TestSite, _ fields: [(String, String)]) throws -> String {
        let first = try site.post("/admin/login", fields, cookie: nil)
        #expect(first.status == 303)
        return try #require(first.headers("Set-Cookie").first { $0.hasPrefix("driftstatus_device=") }?
            .split(separator: ";").first.map(String.init))
    }

    @Test func aBrowserThatSignedInBeforeDrawsOnTheReserve() throws {
        let hashes = Shared(0)
        let site = try Self.site(Self.oneHash, hashes: hashes)
        let fields = [("email", "admin@example.com"), ("password", TestSite.staffPassword)]
        let device = try Self.signInForDeviceCookie(site, fields)
        #expect(try site.post("/admin/login", fields, cookie: nil).status == 503, "the shared budget is spent")
        let forged = "driftstatus_device=1.\(String(repeating: "A", count: 43)).signature"
        #expect(try site.post("/admin/login", fields, cookie: forged).status == 503, "an unknown nonce has no reserve")
        #expect(try site.post("/admin/login", fields, cookie: device).status == 303)
        #expect(try site.post("/admin/login", fields, cookie: device).status == 503, "the reserve is spent too")
        #expect(hashes.current == 2)
    }

    @Test func requestsThatWillNotHashAreNotCounted() throws {
        let site = try Self.site(Self.oneHash, hashes: Shared(0))
        let application = site.application
        func request(_ body: String, headers: [(String, String)] = [("Content-Type", "application/x-www-form-urlencoded")]) -> HTTPServer.Request {
            HTTPServer.Request(method: "POST", path: "/admin/login", headers: HTTPHeaders(headers), body: Array(body.utf8),
                               remoteAddress: "198.51.100.7")
        }
        #expect(application.admin.signInWillHash(request("email=a%40example.com&password=x")))
        #expect(application.admin.signInWillHash(request("password=x")), "a missing email is hashed like an unknown one")
        #expect(!application.admin.signInWillHash(request("email=%ZZ&password=x")), "a malformed form gets 400")
        #expect(!application.admin.signInWillHash(request("email=a%40example.com", headers: [("Content-Type", "application/json")])))
        #expect(!application.admin.signInWillHash(request("email=a%40example.com&password=x", headers: [
            ("Content-Type", "application/x-www-form-urlencoded"), ("Origin", "https://elsewhere.example"),
        ])), "a cross-site post gets 403")
        for _ in 0..<20 { application.auth.throttle.recordFailure(account: "other\(UUID())", address: "198.51.100.7", now: testNow) }
        #expect(!application.admin.signInWillHash(request("email=a%40example.com&password=x")), "the address is locked")
    }

    @Test func aDeviceCookieIsThrottledAtAdmissionOnlyWhenLockedEitherWay() throws {
        let site = try Self.site(Self.oneHash, hashes: Shared(0))
        let auth = site.application.auth
        let nonce = String(repeating: "n", count: 43)
        let cookie = "1.\(nonce).signature"
        for _ in 0..<5 { auth.throttle.recordFailure(account: "a@example.com", address: "203.0.113.9", now: testNow) }
        #expect(auth.isThrottledBeforeHashing(email: "a@example.com", remoteAddress: "203.0.113.9", deviceCookie: nil, now: testNow))
        // The cookie may verify (then only its device's failures count): it must reach the handler.
        #expect(!auth.isThrottledBeforeHashing(email: "a@example.com", remoteAddress: "203.0.113.9", deviceCookie: cookie, now: testNow))
        #expect(auth.isThrottledBeforeHashing(email: "a@example.com", remoteAddress: "203.0.113.9", deviceCookie: "junk", now: testNow),
                "a malformed cookie is ignored, as signIn ignores it")
        for _ in 0..<5 { auth.throttle.recordFailure(device: nonce, now: testNow) }
        #expect(auth.isThrottledBeforeHashing(email: "a@example.com", remoteAddress: "203.0.113.9", deviceCookie: cookie, now: testNow))
        #expect(!auth.isThrottledBeforeHashing(email: "b@example.com", remoteAddress: "203.0.113.10", deviceCookie: cookie, now: testNow))
    }

    @Test func apiTokensAndSessionsKeepWorkingWhileTheBudgetIsSpent() throws {
        let site = try Self.site(Self.oneHash, hashes: Shared(0))
        let session = try site.signIn("admin@example.com")
        #expect(try Self.attempt(site, "admin@example.com", TestSite.staffPassword).status == 503)
        let token = try site.application.auth.createToken(name: "bench", role: .editor, by: .system("test"), now: testNow).token
        #expect(try site.client.send("GET", "/api/v1/incidents", headers: [("Authorization", "Bearer \(token)")]).status == 200)
        #expect(try session.get("/admin/").status == 200)
    }

    @Test func serveRefusesAnImpossibleBudget() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for value in ["5000", "nan"] {
            let run = try CommandLineTests.run(["serve", "--port", "0", "--sign-in-hashes-per-second", value], in: directory)
            #expect(run.status != 0)
            #expect(run.error.contains("--sign-in-hashes-per-second"))
        }
        #expect(try CommandLineTests.run(["serve", "--help"], in: directory).output.contains("--sign-in-hashes-per-second"))
    }

    @Test func noBudgetByDefaultOutsideServe() throws {
        let site = try Self.site(PoolSizes(), hashes: Shared(0))
        #expect(site.operational.pools.signInBudget == nil)
        #expect(PoolSizes.defaultSignInHashesPerSecond > 0)
    }
}
