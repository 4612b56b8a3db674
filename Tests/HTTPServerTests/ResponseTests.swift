import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite("Responses")
struct ResponseTests {
    @Test("header values with CR or LF are dropped, the rest of the response is intact")
    func responseSplittingIsPrevented() throws {
        try withServer(handler: { _ in
            Response(
                status: 200,
                headers: HTTPHeaders([
                    ("X-Bad", "a\r\nInjected: yes"), ("X-Also-Bad", "b\nInjected: too"),
                    ("Bad Name", "c"), ("X-Good", "ok"), ("Content-Type", "text/plain"),
                ]),
                body: ResponseBody("body")
            )
        }) { _, client in
            let response = try client.send("GET", "/")
            #expect(response.status == 200)
            #expect(response.header("X-Good") == "ok")
            #expect(response.header("Injected") == nil)
            #expect(response.header("X-Bad") == nil)
            #expect(response.header("Bad Name") == nil)
            #expect(response.text == "body")
        }
    }

    @Test("repeated response headers are all sent; Content-Length from the handler is ignored")
    func repeatedHeaders() throws {
        try withServer(handler: { _ in
            var headers = HTTPHeaders()
            headers.add("Set-Cookie", "a=1")
            headers.add("Set-Cookie", "b=2")
            headers.add("Content-Length", "999")
            return Response(headers: headers, body: ResponseBody("four"))
        }) { _, client in
            let response = try client.send("GET", "/")
            #expect(response.headers("Set-Cookie") == ["a=1", "b=2"])
            #expect(response.header("Content-Length") == "4")
            #expect(response.text == "four")
        }
    }

    @Test("an invalid status becomes 500; statuses without a body work")
    func statuses() throws {
        try withServer(handler: { request in
            switch request.path {
            case "/bogus": return Response(status: 42)
            case "/none": return Response(status: 204)
            default: return Response(status: 302, headers: ["Location": "/elsewhere"])
            }
        }) { _, client in
            let bogus = try client.send("GET", "/bogus")
            #expect(bogus.status == 500)
            let none = try client.send("GET", "/none")
            #expect(none.status == 204)
            #expect(none.body.isEmpty)
            let redirect = try client.send("GET", "/moved")
            #expect(redirect.status == 302)
            #expect(redirect.header("Location") == "/elsewhere")
        }
    }

    @Test("one ResponseBody serves many responses")
    func sharedBody() throws {
        let shared = ResponseBody(String(repeating: "status page ", count: 2000))
        try withServer(handler: { _ in Response(body: shared) }) { _, client in
            for _ in 0..<20 {
                let response = try client.send("GET", "/")
                #expect(response.body == shared.bytes)
            }
        }
        #expect(shared.count == 24_000)
    }

    @Test("200 concurrent clients are all answered")
    func manyConcurrentClients() throws {
        try withServer({ $0.threadCount = 4 }, handler: { request in .text("hello \(request.path)") }) { _, client in
            // Open every connection first so the server really holds 200 at once.
            let connections = try (0..<200).map { _ in try client.openConnection() }
            for (index, connection) in connections.enumerated() {
                try connection.write(Array("GET /\(index) HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            }
            var answered = 0
            for (index, connection) in connections.enumerated() {
                let response = try connection.readResponse()
                if response.status == 200 && response.text == "hello /\(index)" { answered += 1 }
            }
            #expect(answered == 200)
        }
    }
}

@Suite("HTTPHeaders")
struct HTTPHeadersTests {
    @Test("lookup is case-insensitive and keeps order")
    func lookup() {
        var headers: HTTPHeaders = ["Content-Type": "text/html"]
        headers.add("Vary", "Accept")
        headers.add("vary", "Accept-Language")
        #expect(headers["content-type"] == "text/html")
        #expect(headers.values(for: "VARY") == ["Accept", "Accept-Language"])
        #expect(headers["missing"] == nil)
        #expect(headers.map(\.name) == ["Content-Type", "Vary", "vary"])
    }

    @Test("replace keeps the first position and drops duplicates; remove drops all")
    func replaceAndRemove() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3"), ("C", "4")])
        headers.replace("a", "9")
        #expect(headers.map(\.name) == ["A", "B", "C"])
        #expect(headers["A"] == "9")
        headers.set("D", "5")
        #expect(headers["d"] == "5")
        headers.remove("b")
        #expect(!headers.contains("B"))
        #expect(headers.count == 3)
    }
}
