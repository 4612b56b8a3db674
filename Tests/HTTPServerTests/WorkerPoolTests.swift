import Dispatch
import Foundation
import HTTPServer
import TestSupport
import Testing

/// `Reply.later`: slow work runs on a pool while its connection is suspended, so the I/O thread
/// keeps answering; a full queue answers at once; a graceful stop waits for the work.
@Suite("Worker pools", .serialized)
struct WorkerPoolTests {
    @Test("ready answers go out while a pool is saturated, a full queue answers at once, stop drains")
    func suspendedWorkDoesNotBlockTheIOThread() throws {
        let pool = WorkerPool(name: "slow", threads: 1, queueLimit: 1)
        defer { pool.stop() }
        let gate = DispatchSemaphore(value: 0)
        // One I/O thread: without suspension the first slow request would hold every other one.
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, threadCount: 1)
        let server = Server(configuration: configuration) { request in
            guard request.path == "/slow" else { return .now(.text("fast")) }
            return .later(pool: pool, whenBusy: {
                var busy = Response.text("busy\n", status: 503)
                busy.headers.add("Retry-After", "1")
                return busy
            }, work: {
                gate.wait()
                return .text("slow")
            })
        }
        try server.start()
        let client = HTTPTestClient(port: server.port, timeoutSeconds: 30)

        let slowAnswers = Shared<[String]>([])
        let slowDone = DispatchGroup()
        for _ in 0..<2 {
            slowDone.enter()
            Thread {
                let response = try? client.send("GET", "/slow")
                slowAnswers.withLock { $0.append(response.map { "\($0.status) \($0.text) \($0.header("Connection") ?? "")" } ?? "error") }
                slowDone.leave()
            }.start()
        }
        #expect(waitUntil(seconds: 10) { pool.load == (waiting: 1, running: 1) })

        for _ in 0..<20 {
            let response = try client.send("GET", "/fast")
            #expect(response.status == 200 && response.text == "fast")
        }
        let busy = try client.send("GET", "/slow")
        #expect(busy.status == 503)
        #expect(busy.header("Retry-After") == "1")
        #expect(slowAnswers.current.isEmpty, "the fast answers came before any slow one")

        // Stop while both slow requests wait: it must let them finish, not cut them off.
        let stopped = Shared(false)
        Thread {
            server.stop()
            stopped.withLock { $0 = true }
        }.start()
        usleep(100_000)
        #expect(!stopped.current)
        gate.signal()
        gate.signal()
        #expect(slowDone.wait(timeout: .now() + 10) == .success)
        #expect(waitUntil(seconds: 10) { stopped.current })
        #expect(slowAnswers.current.count == 2)
        #expect(slowAnswers.current.allSatisfy { $0.hasPrefix("200 slow") }, "\(slowAnswers.current)")
    }

    @Test("a pool refuses beyond its queue and runs everything it accepted")
    func boundedQueue() {
        let pool = WorkerPool(name: "count", threads: 2, queueLimit: 3)
        let gate = DispatchSemaphore(value: 0)
        let ran = Shared(0)
        var accepted = 0
        for _ in 0..<10 where pool.submit({ gate.wait(); ran.withLock { $0 += 1 } }) { accepted += 1 }
        #expect(accepted == 5)
        for _ in 0..<accepted { gate.signal() }
        pool.stop()
        #expect(ran.current == 5)
        #expect(!pool.submit {})
    }
}
