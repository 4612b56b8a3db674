import Dispatch
import Foundation
import HTTPServer
import Testing
import TestSupport

/// `answersOwnConnection`, the watchdog's proof that the daemon serves, not just that it lives.
@Suite struct SelfProbeTests {
    @Test("a serving daemon answers its own probe, without reaching the handler or the request log")
    func servingDaemonAnswers() throws {
        let handled = Shared(0)
        let completed = Shared(0)
        try withServer({ $0.onRequestCompleted = { _ in completed.withLock { $0 += 1 } } },
                       handler: { _ in handled.withLock { $0 += 1 }; return .text("ok") }) { server, _ in
            #expect(server.answersOwnConnection(timeoutSeconds: 2))
            #expect(server.answersOwnConnection(timeoutSeconds: 2))
        }
        #expect(handled.current == 0)
        #expect(completed.current == 0)
    }

    @Test("a daemon whose only thread is stuck does not answer; it does once the thread is free")
    func stuckDaemonDoesNotAnswer() throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        try withServer({ $0.threadCount = 1 }, handler: { _ in
            entered.signal()
            release.wait()
            return .text("late")
        }) { server, client in
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                _ = try? client.send("GET", "/stuck")
                done.signal()
            }
            #expect(entered.wait(timeout: .now() + 5) == .success)
            // The kernel still accepts the connection into the backlog: that alone must not count.
            #expect(!server.answersOwnConnection(timeoutSeconds: 0.5))
            release.signal()
            #expect(done.wait(timeout: .now() + 5) == .success)
            #expect(server.answersOwnConnection(timeoutSeconds: 2))
        }
    }

    @Test("a stopped server, and a wildcard host reached on loopback")
    func stoppedAndWildcard() throws {
        let server = Server(configuration: ServerConfiguration(host: "0.0.0.0", port: 0, threadCount: 1)) { _ in .text("ok") }
        try server.start()
        #expect(server.answersOwnConnection(timeoutSeconds: 2))
        server.stop()
        #expect(!server.answersOwnConnection(timeoutSeconds: 0.5))
    }
}
