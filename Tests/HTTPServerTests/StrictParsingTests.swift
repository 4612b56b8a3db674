import Foundation
import HTTPServer
import TestSupport
import Testing

/// Requests whose framing two HTTP parsers could read differently (request smuggling behind a
/// proxy or cache) are refused and the connection closed, so nothing after them on the
/// connection is ever read as a request of its own.
@Suite("Strict request parsing")
struct StrictParsingTests {
    /// Sends `raw` on a fresh connection, expects `status` and the connection closed, and that
    /// the handler never ran.
    private func expectRefused(_ raw: String, status: Int = 400, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let calls = Shared<[String]>([])
        try withServer({ $0.connectionTimeoutSeconds = 10 }, handler: { request in
            calls.withLock { $0.append(request.path) }
            return .text("handled \(request.path)")
        }) { _, client in
            var quick = client
            quick.timeoutSeconds = 3
            let connection = try quick.openConnection()
            let started = Date()
            let response = try connection.sendRaw(Array(raw.utf8))
            #expect(response?.status == status, "answered \(response?.status ?? 0) to \(raw.debugDescription)", sourceLocation: sourceLocation)
            // Answered at once, not after the idle timeout.
            #expect(Date().timeIntervalSince(started) < 2, sourceLocation: sourceLocation)
            #expect(connection.isClosedByPeer(waitingMilliseconds: 1_000), "connection left open", sourceLocation: sourceLocation)
            #expect(calls.current.isEmpty, "the handler ran for \(calls.current)", sourceLocation: sourceLocation)
        }
    }

    @Test("two different Content-Length values get 400")
    func conflictingContentLengths() throws {
        try expectRefused("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 30\r\n\r\nabGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n")
    }

    @Test("Transfer-Encoding chunked together with Content-Length gets 400")
    func chunkedAndContentLength() throws {
        try expectRefused("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n")
    }

    @Test("a space before the colon of a header field gets 400")
    func spaceBeforeColon() throws {
        try expectRefused("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length : 2\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n")
    }

    @Test("HTTP/1.1 without Host gets 400")
    func missingHost() throws {
        try expectRefused("GET /a HTTP/1.1\r\nAccept: */*\r\n\r\n")
    }

    @Test("an HTTP version other than 1.0 and 1.1 gets 505")
    func unsupportedVersion() throws {
        try expectRefused("GET /a HTTP/1.2\r\nHost: x\r\n\r\n", status: 505)
    }

    @Test("a transfer coding other than chunked gets 400 at once instead of waiting for the idle timeout")
    func unknownTransferCoding() throws {
        try expectRefused("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        try expectRefused("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
    }

    @Test("a NUL (%00) anywhere in the path gets 400", arguments: [
        "/api/v1/incidents/1%00", "/assets/style.css%00.png", "/sv/%00", "/%00/x", "/a%2500%00",
    ])
    func nulInPath(path: String) throws {
        try expectRefused("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
    }

    @Test("ordinary requests still pass: HTTP/1.0 without Host, one Content-Length, chunked, %25 and %2500 in the path")
    func ordinaryRequestsPass() throws {
        try withServer(handler: echoHandler) { _, client in
            let old = try #require(try client.sendRaw("GET /old HTTP/1.0\r\n\r\n"))
            #expect(old.status == 200)
            let connection = try client.openConnection()
            let plain = try #require(try connection.sendText("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"))
            #expect(plain.text.contains("body: hi"))
            let repeated = try #require(try connection.sendText(
                "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"))
            #expect(repeated.text.contains("body: ok"))
            let chunked = try #require(try connection.sendText(
                "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nyo\r\n0\r\n\r\n"))
            #expect(chunked.text.contains("body: yo"))
            let escaped = try #require(try connection.sendText("GET /100%25/%2500 HTTP/1.1\r\nHost: x\r\n\r\n"))
            #expect(escaped.status == 200)
            #expect(escaped.text.contains("path: /100%/%00"))
        }
    }
}

extension HTTPTestConnection {
    fileprivate func sendText(_ text: String) throws -> HTTPTestResponse? {
        try sendRaw(Array(text.utf8))
    }
}
