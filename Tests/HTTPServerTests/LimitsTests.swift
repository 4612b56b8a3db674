import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite("Request limits")
struct LimitsTests {
    private static let smallBodyLimit: @Sendable (inout ServerConfiguration) -> Void = { $0.maxRequestBodyBytes = 1024 }

    @Test("a declared oversized body gets 413 before it is sent, and the server keeps serving")
    func declaredBodyTooLarge() throws {
        let calls = Shared(0)
        try withServer(Self.smallBodyLimit, handler: { _ in
            calls.withLock { $0 += 1 }
            return .text("ok")
        }) { _, client in
            // Headers only: the server must answer without waiting for the 10 kB it was promised.
            let raw = "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n"
            let response = try #require(try client.sendRaw(raw))
            #expect(response.status == 413)
            #expect(response.text.contains("Payload Too Large"))
            #expect(calls.current == 0)

            let next = try client.send("GET", "/after")
            #expect(next.status == 200)
            #expect(calls.current == 1)
        }
    }

    @Test("a chunked body that grows past the limit gets 413")
    func chunkedBodyTooLarge() throws {
        let calls = Shared(0)
        try withServer(Self.smallBodyLimit, handler: { _ in
            calls.withLock { $0 += 1 }
            return .text("ok")
        }) { _, client in
            let chunk = String(repeating: "x", count: 600)
            let raw = "POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n"
            let response = try #require(try client.sendRaw(raw))
            #expect(response.status == 413)
            #expect(calls.current == 0)
            let after = try client.send("GET", "/after")
            #expect(after.status == 200)
        }
    }

    @Test("a body exactly at the limit is accepted")
    func bodyAtLimit() throws {
        try withServer(Self.smallBodyLimit, handler: { request in .text("\(request.body.count)") }) { _, client in
            let response = try client.send("POST", "/", body: [UInt8](repeating: 1, count: 1024))
            #expect(response.status == 200)
            #expect(response.text == "1024")
        }
    }

    @Test("an overlong URL gets 414")
    func uriTooLong() throws {
        let calls = Shared(0)
        try withServer({ $0.maxURLLength = 2048 }, handler: { _ in
            calls.withLock { $0 += 1 }
            return .text("ok")
        }) { _, client in
            let long = "/" + String(repeating: "a", count: 3000)
            let longPath = try client.send("GET", long)
            #expect(longPath.status == 414)
            // The query counts too: the limit is on the target as sent.
            let longQuery = try client.send("GET", "/?q=" + String(repeating: "b", count: 3000))
            #expect(longQuery.status == 414)
            #expect(calls.current == 0)
            let withinLimit = try client.send("GET", "/" + String(repeating: "a", count: 2000))
            #expect(withinLimit.status == 200)
        }
    }

    @Test("headers beyond the memory limit are refused by libmicrohttpd (431)")
    func headersTooLarge() throws {
        let calls = Shared(0)
        try withServer({ $0.maxHeaderBytes = 4096 }, handler: { _ in
            calls.withLock { $0 += 1 }
            return .text("ok")
        }) { _, client in
            let response = try client.send("GET", "/", headers: [("X-Big", String(repeating: "h", count: 8000))])
            #expect(response.status == 431)
            #expect(calls.current == 0)
            let after = try client.send("GET", "/")
            #expect(after.status == 200)
        }
    }
}

@Suite("Request line beyond the header memory")
struct RequestLineTooLargeTests {
    @Test("a request line larger than the connection memory is refused by libmicrohttpd (414)")
    func requestLineBeyondMemory() throws {
        try withServer({ $0.maxHeaderBytes = 4096; $0.maxURLLength = 1 << 20 }, handler: { _ in .text("ok") }) { _, client in
            let response = try client.send("GET", "/" + String(repeating: "a", count: 8000))
            #expect(response.status == 414)
        }
    }
}

@Suite("Endless chunked bodies")
struct EndlessBodyTests {
    @Test("a chunked body far beyond the limit gets the connection closed, not read forever")
    func endlessChunkedBody() throws {
        try withServer({ $0.maxRequestBodyBytes = 1024 }, handler: { _ in .text("ok") }) { _, client in
            let connection = try client.openConnection()
            let chunk = "7d0\r\n" + String(repeating: "x", count: 2000) + "\r\n"
            try connection.write(Array("POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
            // Keep sending without ever finishing; the server must hang up.
            var hungUp = false
            for _ in 0..<50 where !hungUp {
                do { try connection.write(Array(chunk.utf8)) } catch { hungUp = true }
                if connection.isClosedByPeer(waitingMilliseconds: 10) { hungUp = true }
            }
            #expect(hungUp)
            let next = try client.send("GET", "/")
            #expect(next.status == 200)
        }
    }
}

@Suite("Idle connections")
struct IdleConnectionTests {
    @Test("a client that stops sending mid-request is dropped after the timeout")
    func slowClientIsDropped() throws {
        try withServer({ $0.connectionTimeoutSeconds = 1 }, handler: { _ in .text("ok") }) { _, client in
            let connection = try client.openConnection()
            try connection.write(Array("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".utf8))
            #expect(!connection.isClosedByPeer(waitingMilliseconds: 300))
            #expect(connection.isClosedByPeer(waitingMilliseconds: 3000))
        }
    }
}
