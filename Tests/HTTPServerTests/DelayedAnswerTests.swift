import Dispatch
import Foundation
import HTTPServer
import TestSupport
import Testing

/// `Reply.delayed`: an answer held back on purpose costs no thread (other requests on the same
/// I/O thread go on), is bounded by `maxDelayedAnswers`, and goes out at once when the server stops.
@Suite("Delayed answers", .serialized)
struct DelayedAnswerTests {
    static func server(maxHeld: Int = 256, delay: Double = 0.6) throws -> Server {
        // One I/O thread: a held answer that blocked it would hold every other request too.
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, threadCount: 1)
        configuration.maxDelayedAnswers = maxHeld
        let server = Server(configuration: configuration) { request in
            request.path == "/held" ? .delayed(seconds: delay, .text("held", status: 429)) : .now(.text("fast"))
        }
        try server.start()
        return server
    }

    /// Sends GET `path` on its own thread; the status and seconds taken arrive in `answers`.
    static func sendInBackground(_ client: HTTPTestClient, _ path: String, into answers: Shared<[(status: Int, seconds: Double, connection: String)]>,
                                 group: DispatchGroup) {
        group.enter()
        Thread {
            let started = Date()
            let response = try? client.send("GET", path)
            answers.withLock { $0.append((response?.status ?? 0, Date().timeIntervalSince(started), response?.header("Connection") ?? "")) }
            group.leave()
        }.start()
    }

    @Test("a held answer goes out after its delay while other requests are answered at once")
    func heldWithoutBlocking() throws {
        let server = try Self.server()
        defer { server.stop() }
        let client = HTTPTestClient(port: server.port, timeoutSeconds: 10)
        let answers = Shared<[(status: Int, seconds: Double, connection: String)]>([])
        let group = DispatchGroup()
        for _ in 0..<3 { Self.sendInBackground(client, "/held", into: answers, group: group) }
        usleep(100_000)
        let started = Date()
        for _ in 0..<20 { #expect(try client.send("GET", "/fast").text == "fast") }
        #expect(Date().timeIntervalSince(started) < 0.5, "fast answers waited behind held ones")
        #expect(answers.current.isEmpty)
        #expect(group.wait(timeout: .now() + 10) == .success)
        #expect(answers.current.count == 3)
        for answer in answers.current {
            #expect(answer.status == 429)
            #expect(answer.seconds >= 0.55, "held \(answer.seconds) s, not 0.6")
        }
    }

    @Test("beyond maxDelayedAnswers an answer goes out at once")
    func bounded() throws {
        let server = try Self.server(maxHeld: 1, delay: 1.5)
        defer { server.stop() }
        let client = HTTPTestClient(port: server.port, timeoutSeconds: 10)
        let answers = Shared<[(status: Int, seconds: Double, connection: String)]>([])
        let group = DispatchGroup()
        Self.sendInBackground(client, "/held", into: answers, group: group)
        usleep(200_000)
        let started = Date()
        let second = try client.send("GET", "/held")
        #expect(second.status == 429)
        #expect(Date().timeIntervalSince(started) < 0.5, "the second was held although one already was")
        #expect(group.wait(timeout: .now() + 10) == .success)
        #expect(answers.current.first.map { $0.seconds >= 1.4 } == true)
    }

    @Test("stopping sends held answers at once, with Connection: close")
    func stopReleases() throws {
        let server = try Self.server(delay: 30)
        let client = HTTPTestClient(port: server.port, timeoutSeconds: 20)
        let answers = Shared<[(status: Int, seconds: Double, connection: String)]>([])
        let group = DispatchGroup()
        for _ in 0..<2 { Self.sendInBackground(client, "/held", into: answers, group: group) }
        usleep(300_000)
        let started = Date()
        server.stop()
        #expect(Date().timeIntervalSince(started) < 5, "stop waited for the delay")
        #expect(group.wait(timeout: .now() + 10) == .success)
        #expect(answers.current.count == 2)
        #expect(answers.current.allSatisfy { $0.status == 429 && $0.seconds < 5 && $0.connection.lowercased() == "close" },
                "\(answers.current)")
    }
}

@Suite("Thread priority")
struct ThreadPriorityTests {
    /// The scheduling policy a job on a pool of `priority` runs with.
    static func policy(of priority: ThreadPriority) -> Int32 {
        let pool = WorkerPool(name: "priority", threads: 1, queueLimit: 1, priority: priority)
        defer { pool.stop() }
        let policy = Shared<Int32>(-1)
        let done = DispatchSemaphore(value: 0)
        pool.submit {
            policy.withLock { $0 = ThreadPriority.currentPolicy() }
            done.signal()
        }
        _ = done.wait(timeout: .now() + 10)
        return policy.current
    }

    @Test("a background pool's threads run as SCHED_IDLE, a normal pool's as SCHED_OTHER")
    func policies() {
        #expect(Self.policy(of: .normal) == 0)
        #expect(Self.policy(of: .background) == 5)
        #expect(ThreadPriority.currentPolicy() == 0, "the calling thread is unchanged")
    }
}
