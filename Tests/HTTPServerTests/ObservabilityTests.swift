import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite("Observability hooks")
struct ObservabilityTests {
    @Test("request ids are 16 hex digits, increase, and match the completion report")
    func requestIDs() throws {
        let reports = Shared<[CompletedRequest]>([])
        try withServer({ configuration in
            configuration.onRequestCompleted = { report in reports.withLock { $0.append(report) } }
        }, handler: { request in .text(request.id.description) }) { _, client in
            let first = try client.send("GET", "/a?x=1")
            let second = try client.send("POST", "/b%20c", body: "12345")
            #expect(first.text.count == 16)
            #expect(first.text.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(first.text < second.text)

            #expect(waitUntil(seconds: 2) { reports.current.count == 2 })
            let byID = Dictionary(uniqueKeysWithValues: reports.current.map { ($0.id.description, $0) })
            let a = try #require(byID[first.text])
            #expect(a.method == "GET")
            #expect(a.path == "/a")
            #expect(a.status == 200)
            #expect(a.bytesSent == 16)
            #expect(a.remoteAddress == "127.0.0.1")
            #expect(a.completedNormally)
            #expect(a.durationSeconds >= 0 && a.durationSeconds < 5)
            let b = try #require(byID[second.text])
            #expect(b.method == "POST")
            #expect(b.path == "/b c")
        }
    }

    @Test("a response's tag reaches the completion report and keeps a prepared response prepared")
    func tagsTravelToTheReport() throws {
        let prepared: Response = {
            var response = Response.text("cached")
            response.prepare()
            return response
        }()
        let reports = Shared<[CompletedRequest]>([])
        try withServer({ configuration in
            configuration.onRequestCompleted = { report in reports.withLock { $0.append(report) } }
        }, handler: { request in
            switch request.path {
            case "/prepared":
                var response = prepared
                response.tag = 7
                precondition(response.prepared != nil, "setting the tag dropped the prepared form")
                return response
            case "/plain":
                var response = Response.text("plain")
                response.tag = 3
                return response
            default:
                return .text("untagged")
            }
        }) { _, client in
            let answers = try ["/prepared", "/plain", "/other"].map { try client.send("GET", $0).text }
            #expect(answers == ["cached", "plain", "untagged"])
            #expect(waitUntil(seconds: 2) { reports.current.count == 3 })
            let tags = Dictionary(uniqueKeysWithValues: reports.current.map { ($0.path, $0.tag) })
            #expect(tags["/prepared"] == .some(7))
            #expect(tags["/plain"] == .some(3))
            #expect(tags["/other"] == .some(nil))
        }
    }

    @Test("RequestID formats with leading zeros")
    func requestIDFormat() {
        #expect(RequestID(42).description == "000000000000002a")
        #expect(RequestID(UInt64.max).description == "ffffffffffffffff")
    }

    @Test("HEAD reports no body bytes; handler statuses are reported as answered")
    func headAndStatus() throws {
        let reports = Shared<[CompletedRequest]>([])
        try withServer({ configuration in
            configuration.onRequestCompleted = { report in reports.withLock { $0.append(report) } }
        }, handler: { request in .text("not here", status: request.path == "/missing" ? 404 : 200) }) { _, client in
            _ = try client.send("HEAD", "/")
            _ = try client.send("GET", "/missing")
            #expect(waitUntil(seconds: 2) { reports.current.count == 2 })
            let head = reports.current.first { $0.method == "HEAD" }
            #expect(head?.bytesSent == 0)
            #expect(head?.status == 200)
            let missing = reports.current.first { $0.path == "/missing" }
            #expect(missing?.status == 404)
            #expect(missing?.bytesSent == 8)
        }
    }

    @Test("the server's own 413 and 414 and libmicrohttpd's 431 are reported")
    func refusalsAreReported() throws {
        let reports = Shared<[CompletedRequest]>([])
        try withServer({ configuration in
            configuration.maxRequestBodyBytes = 100
            configuration.maxURLLength = 1000
            configuration.maxHeaderBytes = 4096
            configuration.onRequestCompleted = { report in reports.withLock { $0.append(report) } }
        }, handler: { _ in .text("ok") }) { _, client in
            _ = try client.sendRaw("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n")
            _ = try client.send("GET", "/" + String(repeating: "u", count: 2000))
            _ = try client.send("GET", "/big-headers", headers: [("X-Big", String(repeating: "h", count: 8000))])
            #expect(waitUntil(seconds: 2) { reports.current.count == 3 })
            let statuses = Set(reports.current.map(\.status))
            #expect(statuses == [413, 414, 431])
            let tooLarge = reports.current.first { $0.status == 413 }
            #expect(tooLarge?.method == "POST")
            #expect(tooLarge?.path == "/upload")
            let headers = reports.current.first { $0.status == 431 }
            // libmicrohttpd refused before the access handler saw the method.
            #expect(headers?.path == "/big-headers")
            #expect(headers?.remoteAddress == "127.0.0.1")
        }
    }

    @Test("openConnections counts connections, idle or not, and drops when they close")
    func openConnectionsCount() throws {
        try withServer(handler: { _ in .text("ok") }) { server, client in
            #expect(server.openConnections == 0)
            var connections = try (0..<5).map { _ in try client.openConnection() }
            #expect(waitUntil(seconds: 2) { server.openConnections == 5 })
            let response = try connections[0].send("GET", "/")
            #expect(response.status == 200)
            #expect(server.openConnections == 5)
            connections.removeAll()
            #expect(waitUntil(seconds: 2) { server.openConnections == 0 })
        }
    }

    @Test("stop closes every connection and the count returns to zero")
    func openConnectionsAfterStop() throws {
        let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, threadCount: 2)) { _ in .text("ok") }
        try server.start()
        let client = HTTPTestClient(port: server.port)
        let connections = try (0..<3).map { _ in try client.openConnection() }
        #expect(waitUntil(seconds: 2) { server.openConnections == 3 })
        server.stop()
        #expect(server.openConnections == 0)
        withExtendedLifetime(connections) {}
    }
}
