import Foundation
import HTTPServer
@testable import StatusApplication
@testable import StatusSite
import Testing
import TestSupport

/// `SignInPacing`: a sign-in that comes back from the same address before the Retry-After of
/// its last refusal is held until then (no thread, no CPU) and answered 429.
struct SignInPacingTests {
    @Test func anEarlyRetryIsHeldUntilItsRetryAfterAndThenPacedOnePerInterval() {
        let clock = HashBudgetTests.ManualClock()
        let pacing = SignInPacing(interval: 2, clock: { clock.now })
        #expect(pacing.earlyBy("192.0.2.1") == nil, "nothing refused yet")
        pacing.refused("192.0.2.1")
        clock.advance(0.5)
        #expect(pacing.earlyBy("192.0.2.1") == 1.5, "held until the Retry-After has passed")
        #expect(pacing.earlyBy("192.0.2.9") == nil, "another address is not held")
        // The held answer goes out at 2 s; a client that asks again at once is held to 4 s.
        clock.advance(1.5)
        #expect(pacing.earlyBy("192.0.2.1") == 2)
        // Once that answer is out (4 s), one that waits its Retry-After (to 6 s) goes ahead.
        clock.advance(2)
        #expect(pacing.earlyBy("192.0.2.1") == 2, "asked again the moment it was answered")
        clock.advance(4)
        #expect(pacing.earlyBy("192.0.2.1") == nil)
    }

    @Test func manyConnectionsAtOnceAreEachHeldAtMostOneInterval() {
        let clock = HashBudgetTests.ManualClock()
        let pacing = SignInPacing(interval: 2, clock: { clock.now })
        pacing.refused("192.0.2.1")
        let holds = (0..<50).compactMap { _ in pacing.earlyBy("192.0.2.1") }
        #expect(holds.count == 50)
        #expect(holds.allSatisfy { $0 > 0 && $0 <= 2 }, "\(holds.max() ?? 0)")
    }

    @Test func theTableIsBounded() {
        let clock = HashBudgetTests.ManualClock()
        let pacing = SignInPacing(interval: 2, clock: { clock.now })
        for index in 0..<(SignInPacing.maximumEntries + 10) { pacing.refused("10.\(index / 65_536).\(index / 256 % 256).\(index % 256)") }
        // Still answers (the table started afresh rather than growing without end).
        pacing.refused("192.0.2.1")
        #expect(pacing.earlyBy("192.0.2.1") != nil)
    }
}

@Suite(.serialized) struct SignInPacingServerTests {
    /// One hash in the budget (then 503) and early retries held, as `serve` runs.
    static let paced = PoolSizes(workThreads: 2, workQueue: 16, signInThreads: 1, signInQueue: 8, signInHashesPerSecond: 0.0001,
                                 holdsEarlySignInRetries: true)

    static func timed(_ body: () throws -> HTTPTestResponse) rethrows -> (HTTPTestResponse, Double) {
        let started = Date()
        let response = try body()
        return (response, Date().timeIntervalSince(started))
    }

    @Test func aClientIgnoringRetryAfterIsHeldAndGets429InItsLanguage() throws {
        let site = try SignInBudgetTests.site(Self.paced, hashes: Shared(0))
        #expect(try SignInBudgetTests.attempt(site, "nobody@example.com").status == 401)
        let (refused, refusedIn) = try Self.timed { try SignInBudgetTests.attempt(site, "admin@example.com", TestSite.staffPassword) }
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "2")
        #expect(refusedIn < 1, "the first refusal is answered at once")
        for (language, text) in [("en", "faster than we asked"), ("sv", "snabbare än vi bad om")] {
            let (held, heldFor) = try Self.timed { try SignInBudgetTests.attempt(site, "admin@example.com", TestSite.staffPassword, language: language) }
            #expect(held.status == 429)
            #expect(held.header("Retry-After") == "2")
            #expect(held.header("Cache-Control") == "no-store")
            #expect(held.header("Content-Language") == language)
            #expect(held.text.contains(text))
            #expect(heldFor >= 1.5 && heldFor < 5, "held \(heldFor) s")
        }
    }

    @Test func aClientThatWaitsItsRetryAfterIsNotHeld() throws {
        let site = try SignInBudgetTests.site(Self.paced, hashes: Shared(0))
        #expect(try SignInBudgetTests.attempt(site, "nobody@example.com").status == 401)
        #expect(try SignInBudgetTests.attempt(site, "nobody@example.com").status == 503)
        Thread.sleep(forTimeInterval: 2.1)
        let (again, took) = try Self.timed { try SignInBudgetTests.attempt(site, "nobody@example.com") }
        #expect(again.status == 503)
        #expect(took < 1)
    }

    @Test func anotherAddressAndAKnownDeviceAreNotHeld() throws {
        let site = try SignInBudgetTests.site(Self.paced, hashes: Shared(0))
        let fields = [("email", "admin@example.com"), ("password", TestSite.staffPassword)]
        let device = try SignInBudgetTests.signInForDeviceCookie(site, fields)
        #expect(try site.post("/admin/login", fields, cookie: nil).status == 503, "the shared budget is spent")
        // The staff member's usual browser, at once from the same address: not held, the reserve signs it in.
        let (known, took) = try Self.timed { try site.post("/admin/login", fields, cookie: device) }
        #expect(known.status == 303)
        #expect(took < 1.5)
        let other = HTTPTestClient(port: site.server.port, timeoutSeconds: 5, sourceAddress: "127.0.0.7")
        let (elsewhere, tookElsewhere) = try Self.timed {
            try other.send("POST", "/admin/login", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: formBody(fields))
        }
        #expect(elsewhere.status == 503)
        #expect(tookElsewhere < 1)
    }

    @Test func theHoldIsAReplyOfItsOwnNotAQueuedJob() throws {
        let site = try SignInBudgetTests.site(Self.paced, hashes: Shared(0))
        #expect(try SignInBudgetTests.attempt(site, "nobody@example.com").status == 401)
        #expect(try SignInBudgetTests.attempt(site, "nobody@example.com").status == 503)
        let request = HTTPServer.Request(method: "POST", path: "/admin/login", headers: HTTPHeaders([
            ("Content-Type", "application/x-www-form-urlencoded"),
        ]), body: Array("email=admin%40example.com&password=x".utf8), remoteAddress: "127.0.0.1")
        guard case .delayed(let seconds, let response) = site.operational.reply(request) else {
            Issue.record("an early retry was not held")
            return
        }
        #expect(seconds > 0 && seconds <= 2)
        #expect(response.status == 429)
    }

    @Test func offByDefaultOutsideServe() throws {
        let site = try SignInBudgetTests.site(PoolSizes(), hashes: Shared(0))
        #expect(site.operational.pools.signInPacing == nil)
    }
}
