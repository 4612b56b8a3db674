import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite("Server basics")
struct ServerBasicsTests {
    @Test("port 0 binds a real free port")
    func portZeroGivesRealPort() throws {
        try withServer(handler: { _ in .text("hello") }) { server, client in
            #expect(server.port > 0)
            #expect(server.isRunning)
            let response = try client.send("GET", "/")
            #expect(response.status == 200)
            #expect(response.text == "hello")
            #expect(response.header("content-type") == "text/plain; charset=utf-8")
        }
    }

    @Test("GET decodes the path and the query arguments in order")
    func queryArguments() throws {
        try withServer(handler: echoHandler) { _, client in
            let response = try client.send("GET", "/caf%C3%A9/x?q=hello%20world&lang=sv&empty&lang=en")
            #expect(response.status == 200)
            let lines = response.text.split(separator: "\n").map(String.init)
            #expect(lines.contains("method: GET"))
            #expect(lines.contains("path: /café/x"))
            #expect(lines.contains("remote: 127.0.0.1"))
            let queryLines = lines.filter { $0.hasPrefix("query ") }
            #expect(queryLines == ["query q=hello world", "query lang=sv", "query empty=", "query lang=en"])
        }
    }

    @Test("queryValue returns the first value")
    func queryValue() throws {
        let request = Request(method: "GET", path: "/", query: [("a", "1"), ("b", "2"), ("a", "3")])
        #expect(request.queryValue("a") == "1")
        #expect(request.queryValues("a") == ["1", "3"])
        #expect(request.queryValue("missing") == nil)
    }

    @Test("POST body arrives intact")
    func postBodyEcho() throws {
        try withServer(handler: { request in
            Response(status: 201, body: ResponseBody(request.body))
        }) { _, client in
            let payload = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
            let response = try client.send("POST", "/upload", headers: [("Content-Type", "application/octet-stream")], body: payload)
            #expect(response.status == 201)
            #expect(response.body == payload)
        }
    }

    @Test("chunked request bodies are reassembled")
    func chunkedRequestBody() throws {
        try withServer(handler: { request in .text(request.bodyText) }) { _, client in
            let raw = "POST /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
            let response = try #require(try client.sendRaw(raw))
            #expect(response.status == 200)
            #expect(response.text == "hello world")
        }
    }

    @Test("request headers are looked up case-insensitively")
    func headersCaseInsensitive() throws {
        try withServer(handler: { request in
            let values = request.headers.values(for: "x-multi").joined(separator: ",")
            return .text("\(request.headers["x-custom-thing"] ?? "-")|\(request.headers["X-CUSTOM-THING"] ?? "-")|\(values)")
        }) { _, client in
            let response = try client.send("GET", "/", headers: [("X-Custom-Thing", "v1"), ("x-multi", "a"), ("X-Multi", "b")])
            #expect(response.text == "v1|v1|a,b")
        }
    }

    @Test("HEAD sends no body but the GET Content-Length")
    func headRequest() throws {
        try withServer(handler: { _ in .text("hello world") }) { _, client in
            let head = try client.send("HEAD", "/")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("Content-Length") == "11")
            let get = try client.send("GET", "/")
            #expect(get.header("Content-Length") == "11")
            #expect(get.text == "hello world")
        }
    }

    @Test("request header values that are not UTF-8 are decoded lossily")
    func invalidUTF8Header() throws {
        try withServer(handler: { request in .text(request.headers["X-Bytes"] ?? "missing") }) { _, client in
            let raw: [UInt8] = Array("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Bytes: a".utf8)
                + [0xFF, 0xFE] + Array("b\r\n\r\n".utf8)
            let response = try #require(try client.sendRaw(raw))
            #expect(response.status == 200)
            #expect(response.text == "a\u{FFFD}\u{FFFD}b")
        }
    }

    @Test("the server listens on IPv6 loopback")
    func ipv6Loopback() throws {
        try withServer({ $0.host = "::1" }, handler: echoHandler) { server, _ in
            let client = HTTPTestClient(host: "::1", port: server.port)
            let response = try client.send("GET", "/six")
            #expect(response.status == 200)
            #expect(response.text.contains("remote: ::1"))
        }
    }
}
