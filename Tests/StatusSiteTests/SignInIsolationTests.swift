import Dispatch
import Foundation
import HTTPServer
@testable import StatusSite
import Testing
import TestSupport

/// Sign-in hashing (600,000 PBKDF2 rounds) runs on its own small pool: a queue of it never
/// delays cached public responses, and a full queue answers 503 with Retry-After at once.
@Suite(.serialized) struct SignInIsolationTests {
    @Test func cachedPagesCompleteWhileSignInHashesWaitAndAFullQueueGets503() throws {
        let site = try TestSite(now: testNow, pools: PoolSizes(workThreads: 2, workQueue: 16, signInThreads: 1, signInQueue: 2))
        let publicPaths = ["/en/", "/sv/", "/api/v2/summary.json", "/en/feed.atom"]
        for path in publicPaths { #expect(try site.get(path).status == 200) }

        let client = HTTPTestClient(port: site.server.port, timeoutSeconds: 120)
        let form = [("Content-Type", "application/x-www-form-urlencoded")]
        let signIns = Shared<[Int]>([])
        let done = DispatchGroup()
        // Unknown accounts cost a full hash too (the answer must not reveal which exist).
        for n in 0..<3 {
            done.enter()
            Thread {
                let response = try? client.send("POST", "/admin/login", headers: form, body: "email=nobody\(n)%40example.com&password=wrong")
                signIns.withLock { $0.append(response?.status ?? 0) }
                done.leave()
            }.start()
        }
        let pool = site.operational.pools.signIn
        #expect(waitUntil(seconds: 20) { pool.load == (waiting: 2, running: 1) })

        // M public requests, all answered while the hashes are still queued.
        for _ in 0..<10 {
            for path in publicPaths {
                #expect(try site.get(path).status == 200)
            }
        }
        #expect(signIns.current.count < 3, "cached pages waited for the sign-in queue")

        for (language, text) in [("sv", "Många inloggningar kontrolleras just nu"), ("en", "Many sign-ins are being checked right now")] {
            let busy = try client.send("POST", "/admin/login?lang=\(language)", headers: form, body: "email=x%40example.com&password=wrong")
            #expect(busy.status == 503)
            #expect(busy.header("Retry-After") == "2")
            #expect(busy.header("Content-Language") == language)
            #expect(busy.text.contains(text))
        }
        #expect(signIns.current.count < 3, "the 503 came at once, not after the queue")

        #expect(done.wait(timeout: .now() + 120) == .success)
        #expect(signIns.current == [401, 401, 401])
    }

    @Test func aPageMissRendersOnTheWorkPoolAndIsThenServedReady() throws {
        let site = try TestSite(now: testNow)
        let request = HTTPServer.Request(method: "GET", path: "/en/")
        #expect(site.application.lane(for: request) == .work)
        #expect(try site.get("/en/").status == 200)
        #expect(site.application.lane(for: request) == .ready)
        #expect(site.application.lane(for: HTTPServer.Request(method: "GET", path: "/healthz", query: [("live", "")])) == .ready)
        #expect(site.application.lane(for: HTTPServer.Request(method: "GET", path: "/admin/")) == .work)
        #expect(site.application.lane(for: HTTPServer.Request(method: "POST", path: "/admin/login")) == .signIn)
    }
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass; true when it held.
private func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
