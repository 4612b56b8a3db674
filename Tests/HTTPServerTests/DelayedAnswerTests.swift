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

    /// Requests sent each on its own thread; what they got (status, seconds taken, Connection) arrives in `answers`.
    final class BackgroundRequests: @unchecked Sendable {
        // @unchecked: `answers` is a Shared; `group` is thread-safe.
        let client: HTTPTestClient
        let answers = Shared<[(status: Int, seconds: Double, connection: String)]>([])
        private let group = DispatchGroup()

        init(port: Int, timeoutSeconds: Int) {
            client = HTTPTestClient(port: port, timeoutSeconds: timeoutSeconds)
        }

        func send(_ path: String, times: Int = 1) {
            for _ in 0..<times {
                group.enter()
                Thread { [self] in
                    let started = Date()
                    let response = try? client.send("GET", path)
                    answers.withLock { $0.append((response?.status ?? 0, Date().timeIntervalSince(started), response?.header("Connection") ?? "")) }
                    group.leave()
                }.start()
            }
        }

        func allAnswered() -> Bool { group.wait(timeout: .now() + 10) == .success }
    }

    @Test("a held answer goes out after its delay while other requests are answered at once")
    func heldWithoutBlocking() throws {
        let server = try Self.server()
        defer { server.stop() }
        let requests = BackgroundRequests(port: server.port, timeoutSeconds: 10)
        requests.send("/held", times: 3)
        usleep(100_000)
        let started = Date()
        for _ in 0..<20 { #expect(try requests.client.send("GET", "/fast").text == "fast") }
        #expect(Date().timeIntervalSince(started) < 0.5, "fast answers waited behind held ones")
        #expect(requests.answers.current.isEmpty)
        #expect(requests.allAnswered())
        #expect(requests.answers.current.count == 3)
        for answer in requests.answers.current {
            #expect(answer.status == 429)
            #expect(answer.seconds >= 0.55, "held \(answer.seconds) s, not 0.6")
        }
    }

    @Test("beyond maxDelayedAnswers an answer goes out at once")
    func bounded() throws {
        let server = try Self.server(maxHeld: 1, delay: 1.5)
        defer { server.stop() }
        let requests = BackgroundRequests(port: server.port, timeoutSeconds: 10)
        requests.send("/held")
        usleep(200_000)
        let started = Date()
        let second = try requests.client.send("GET", "/held")
        #expect(second.status == 429)
        #expect(Date().timeIntervalSince(started) < 0.5, "the second was held although one already was")
        #expect(requests.allAnswered())
        #expect(requests.answers.current.first.map { $0.seconds >= 1.4 } == true)
    }

    @Test("stopping sends held answers at once, with Connection: close")
    func stopReleases() throws {
        let server = try Self.server(delay: 30)
        let requests = BackgroundRequests(port: server.port, timeoutSeconds: 20)
        requests.send("/held", times: 2)
        usleep(300_000)
        let started = Date()
        server.stop()
        #expect(Date().timeIntervalSince(started) < 5, "stop waited for the delay")
        #expect(requests.allAnswered())
        #expect(requests.answers.current.count == 2)
        #expect(requests.answers.current.allSatisfy { $0.status == 429 && $0.seconds < 5 && $0.connection.lowercased() == "close" },
                "\(requests.answers.current)")
    }
}

@Suite("Thread priority")
struct ThreadPriorityTests {
    /// What `read` returns on a thread of a pool of `priority`.
    static func onPool(_ priority: ThreadPriority, _ read: @escaping @Sendable () -> Int32) -> Int32 {
        let pool = WorkerPool(name: "priority", threads: 1, queueLimit: 1, priority: priority)
        defer { pool.stop() }
        let value = Shared<Int32>(-100)
        let done = DispatchSemaphore(value: 0)
        pool.submit {
            value.withLock { $0 = read() }
            done.signal()
        }
        _ = done.wait(timeout: .now() + 10)
        return value.current
    }

    @Test("a background pool's threads run as SCHED_IDLE, a low one's at nice 10, a normal one's as SCHED_OTHER")
    func policies() {
        #expect(Self.onPool(.normal, ThreadPriority.currentPolicy) == 0)
        #expect(Self.onPool(.background, ThreadPriority.currentPolicy) == 5)
        #expect(Self.onPool(.low, ThreadPriority.currentNice) == 10, "a low pool's threads run at nice 10")
        #expect(ThreadPriority.currentPolicy() == 0 && ThreadPriority.currentNice() == 0, "the calling thread is unchanged")
    }
}
