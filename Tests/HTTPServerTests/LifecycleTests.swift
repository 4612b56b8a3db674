import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite("Server lifecycle")
struct LifecycleTests {
    @Test("a host that is not an address is refused with ServerError.invalidHost")
    func badHost() throws {
        let server = Server(configuration: ServerConfiguration(host: "not a host", port: 0)) { _ in Response() }
        #expect(throws: ServerError.invalidHost("not a host")) { try server.start() }
        #expect(!server.isRunning)
        #expect(ServerError.invalidHost("x").description.contains("invalid host"))
    }

    @Test("a port in use gives a one-line reason")
    func portInUse() throws {
        try withServer(handler: { _ in Response() }) { first, _ in
            let second = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: first.port)) { _ in Response() }
            do {
                try second.start()
                Issue.record("a second server bound the same port")
            } catch let error as ServerError {
                #expect(error.description == "cannot listen on 127.0.0.1:\(first.port): address already in use")
            }
        }
    }

    @Test("out-of-range configuration values are refused")
    func invalidConfiguration() throws {
        let server = Server(configuration: ServerConfiguration(port: 70000)) { _ in Response() }
        #expect(throws: ServerError.self) { try server.start() }
    }

    @Test("localhost is accepted as a host")
    func localhostHost() throws {
        try withServer({ $0.host = "localhost" }, handler: { _ in .text("hi") }) { server, _ in
            let response = try HTTPTestClient(host: "127.0.0.1", port: server.port).send("GET", "/")
            #expect(response.text == "hi")
        }
    }

    @Test("keep-alive: two requests on one connection are both answered")
    func keepAlive() throws {
        let remotePorts = Shared<[String]>([])
        try withServer(handler: { request in
            remotePorts.withLock { $0.append(request.path) }
            return .text("answer to \(request.path)")
        }) { _, client in
            let connection = try client.openConnection()
            let first = try connection.send("GET", "/one")
            #expect(first.status == 200)
            #expect(first.text == "answer to /one")
            #expect(first.header("Connection")?.lowercased() != "close")
            #expect(!connection.isClosedByPeer(waitingMilliseconds: 50))
            let second = try connection.send("POST", "/two", body: Array("x".utf8))
            #expect(second.status == 200)
            #expect(second.text == "answer to /two")
            #expect(remotePorts.current == ["/one", "/two"])
        }
    }

    @Test("stop() lets an in-flight request finish")
    func gracefulStop() throws {
        let started = DispatchSemaphore(value: 0)
        let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, threadCount: 2)) { _ in
            started.signal()
            usleep(300_000)
            return .text("finished")
        }
        try server.start()
        let client = HTTPTestClient(port: server.port)
        let outcome = Shared<Result<HTTPTestResponse, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            outcome.withLock { $0 = Result { try client.send("GET", "/slow") } }
            done.signal()
        }
        #expect(started.wait(timeout: .now() + 5) == .success)
        server.stop()
        #expect(!server.isRunning)
        #expect(done.wait(timeout: .now() + 5) == .success)
        let response = try #require(try outcome.current?.get())
        #expect(response.status == 200)
        #expect(response.text == "finished")
        // Nobody is listening any more.
        #expect(throws: (any Error).self) { try client.send("GET", "/") }
    }

    @Test("stop() is idempotent, also before start and after deinit-worthy use")
    func stopIsIdempotent() throws {
        let never = Server(configuration: ServerConfiguration(port: 0)) { _ in Response() }
        never.stop()
        never.stop()

        let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0)) { _ in .text("ok") }
        try server.start()
        let port = server.port
        let response = try HTTPTestClient(port: port).send("GET", "/")
        #expect(response.status == 200)
        server.stop()
        server.stop()
        #expect(server.port == port)
        #expect(!server.isRunning)
    }

    @Test("concurrent stop() calls all return")
    func concurrentStops() throws {
        let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0)) { _ in Response() }
        try server.start()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in server.stop() }
        #expect(!server.isRunning)
    }

    @Test("a server can start again after stop")
    func restart() throws {
        let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0)) { _ in .text("again") }
        try server.start()
        #expect(throws: ServerError.alreadyRunning) { try server.start() }
        server.stop()
        try server.start()
        defer { server.stop() }
        let response = try HTTPTestClient(port: server.port).send("GET", "/")
        #expect(response.text == "again")
    }
}
