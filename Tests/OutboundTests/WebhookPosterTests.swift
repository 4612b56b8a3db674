import Foundation
import TestSupport
import HTTPServer
import Testing
@testable import Outbound

@Suite("WebhookPoster against an HTTPServer receiver")
struct WebhookPosterTests {
    /// Starts an HTTPServer on a free loopback port answering `status`, records each request.
    static func withReceiver<R>(
        status: Int = 204,
        responseBody: String = "",
        extraHeaders: HTTPHeaders = [:],
        _ body: (_ url: String, _ requests: Shared<[Request]>) throws -> R
    ) throws -> R {
        let requests = Shared<[Request]>([])
        let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, threadCount: 1)) { request in
            requests.withLock { $0.append(request) }
            return Response(status: status, headers: extraHeaders, body: ResponseBody(responseBody))
        }
        try server.start()
        defer { server.stop() }
        return try body("http://127.0.0.1:\(server.port)/hooks/driftstatus?tenant=7", requests)
    }

    @Test("the receiver gets the exact body and headers; the status comes back")
    func deliversExactly() throws {
        try Self.withReceiver(status: 202) { url, requests in
            let poster = try WebhookPoster()
            let body: [UInt8] = Array("{\"event\":\"incident.updated\",\"text\":\"Åtgärdat 🎉\"}".utf8) + [0, 0xFF, 0x0A]
            let status = try poster.post(url: url, body: body, headers: [
                ("Content-Type", "application/json"),
                ("X-Driftstatus-Signature", "t=1790438400,v1=abcdef0123"),
                ("X-Driftstatus-Event-Id", "42"),
            ], timeout: 5)
            #expect(status == 202)
            let received = try #require(requests.current.first)
            #expect(received.method == "POST")
            #expect(received.path == "/hooks/driftstatus")
            #expect(received.queryValue("tenant") == "7")
            #expect(received.body == body)
            #expect(received.headers["Content-Type"] == "application/json")
            #expect(received.headers["X-Driftstatus-Signature"] == "t=1790438400,v1=abcdef0123")
            #expect(received.headers["X-Driftstatus-Event-Id"] == "42")
            #expect(received.headers["User-Agent"] == "Driftstatus-Webhook/1")
            #expect(received.headers["Content-Length"] == "\(body.count)")
            #expect(!received.headers.contains("Expect"))
        }
    }

    @Test("an empty body and no Content-Type: length 0, application/octet-stream")
    func emptyBody() throws {
        try Self.withReceiver { url, requests in
            let poster = try WebhookPoster()
            #expect(try poster.post(url: url, body: [], headers: [], timeout: 5) == 204)
            let received = try #require(requests.current.first)
            #expect(received.body.isEmpty)
            #expect(received.headers["Content-Type"] == "application/octet-stream")
        }
    }

    @Test("a body above libcurl's Expect threshold goes out in one go")
    func largeBody() throws {
        try Self.withReceiver { url, requests in
            let poster = try WebhookPoster()
            let body = (0..<200_000).map { UInt8($0 % 251) }
            #expect(try poster.post(url: url, body: body, headers: [("Content-Type", "application/json")], timeout: 5) == 204)
            #expect(requests.current.first?.body == body)
        }
    }

    @Test("500 is returned and classed transient; 404 permanent", arguments: [(500, false), (404, true), (429, false)])
    func statusClasses(status: Int, permanent: Bool) throws {
        try Self.withReceiver(status: status) { url, _ in
            let poster = try WebhookPoster()
            let answered = try poster.post(url: url, body: Array("{}".utf8), headers: [], timeout: 5)
            #expect(answered == status)
            #expect(WebhookPoster.isPermanentFailure(status: answered) == permanent)
            #expect(!WebhookPoster.isSuccess(status: answered))
        }
    }

    @Test("classification table")
    func classification() {
        for status in [200, 201, 204, 299, 408, 425, 429, 500, 502, 503, 599] {
            #expect(!WebhookPoster.isPermanentFailure(status: status), "\(status)")
        }
        for status in [301, 302, 400, 401, 403, 404, 410, 413, 422] {
            #expect(WebhookPoster.isPermanentFailure(status: status), "\(status)")
        }
    }

    @Test("redirects are not followed: the 3xx comes back")
    func noRedirects() throws {
        try Self.withReceiver(status: 302, extraHeaders: ["Location": "/elsewhere"]) { url, requests in
            let poster = try WebhookPoster()
            #expect(try poster.post(url: url, body: [1], headers: [], timeout: 5) == 302)
            #expect(requests.current.map(\.path) == ["/hooks/driftstatus"])
        }
    }

    @Test("a huge response body is cut off and the status still returned")
    func cappedResponse() throws {
        let big = String(repeating: "x", count: WebhookPoster.responseBodyCap * 4)
        try Self.withReceiver(status: 200, responseBody: big) { url, _ in
            let poster = try WebhookPoster()
            #expect(try poster.post(url: url, body: [1], headers: [], timeout: 5) == 200)
            // The handle is still usable afterwards.
            #expect(try poster.post(url: url, body: [2], headers: [], timeout: 5) == 200)
        }
    }

    @Test("nothing listening is a transient connection failure")
    func refused() throws {
        let poster = try WebhookPoster()
        let url = "http://127.0.0.1:\(try TestSockets.unusedPort())/hook"
        let error = try #require(throws: OutboundError.self) {
            try poster.post(url: url, body: [1], headers: [], timeout: 5)
        }
        #expect(error.kind == .connectionFailed)
        #expect(!error.isPermanent)
    }

    @Test("a receiver that never answers gives a transient timeout within the timeout")
    func neverAnswers() throws {
        // Listening but never accepting: the kernel completes the handshake, nothing replies.
        let (listener, port) = try TestSockets.listen()
        defer { close(listener) }
        let poster = try WebhookPoster()
        let start = Date()
        let error = try #require(throws: OutboundError.self) {
            try poster.post(url: "http://127.0.0.1:\(port)/hook", body: [1], headers: [], timeout: 1)
        }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.9 && elapsed < 2.5, "took \(elapsed) s")
        #expect(error.kind == .timedOut)
        #expect(!error.isPermanent)
    }

    @Test("header injection, bad header names and non-HTTP schemes are refused",
          arguments: [
              ("http://127.0.0.1:1/x", [("X-Sig", "a\r\nX-Evil: 1")]),
              ("http://127.0.0.1:1/x", [("X-Bad Name", "1")]),
              ("http://127.0.0.1:1/x", [("X-Bad:Name", "1")]),
              ("file:///etc/passwd", []),
              ("smtp://127.0.0.1:1/", []),
          ] as [(String, [(String, String)])])
    func invalidInput(url: String, headers: [(String, String)]) throws {
        let poster = try WebhookPoster()
        let error = try #require(throws: OutboundError.self) {
            try poster.post(url: url, body: [1], headers: headers, timeout: 1)
        }
        #expect(error.kind == .invalidInput && error.isPermanent)
    }
}

@Suite("WebhookPoster.get against an HTTPServer")
struct WebhookPosterGetTests {
    @Test("a GET returns the status and the whole body; an oversized body is an error, not a truncation")
    func getReturnsTheBody() throws {
        let document = "{\"components\":[" + String(repeating: "{\"name\":\"Åtgärd\"},", count: 5_000) + "{}]}"
        try WebhookPosterTests.withReceiver(status: 200, responseBody: document) { url, requests in
            let client = try WebhookPoster()
            let answer = try client.get(url: url, headers: [("Accept", "application/json")], timeout: 5,
                                        maxBytes: 1_000_000, peer: "the status page")
            #expect(answer.status == 200)
            #expect(answer.body == Array(document.utf8))
            #expect(requests.current.first?.method == "GET")
            #expect(requests.current.first?.body.isEmpty == true)
            #expect(requests.current.first?.headers["Accept"] == "application/json")

            let error = try #require(throws: OutboundError.self) {
                try client.get(url: url, timeout: 5, maxBytes: 1_000, peer: "the status page")
            }
            #expect(error.message == "The answer of the status page 127.0.0.1 is larger than 1000 bytes")
            // The POST path still works on the same handle afterwards.
            #expect(try client.post(url: url, body: [1], headers: [], timeout: 5) == 200)
            #expect(requests.current.last?.method == "POST")
        }
    }

    @Test("a 404 comes back as a status; nothing listening names the peer")
    func getStatusAndFailure() throws {
        try WebhookPosterTests.withReceiver(status: 404, responseBody: "no") { url, _ in
            let answer = try WebhookPoster().get(url: url, timeout: 5, maxBytes: 100, peer: "the status page")
            #expect(answer.status == 404)
        }
        let url = "http://127.0.0.1:\(try TestSockets.unusedPort())/api/v2/components.json"
        let error = try #require(throws: OutboundError.self) {
            try WebhookPoster().get(url: url, timeout: 5, maxBytes: 100, peer: "the status page")
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.message.hasPrefix("Could not connect to the status page 127.0.0.1"))
    }
}
