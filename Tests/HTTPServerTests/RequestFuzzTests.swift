import Foundation
import HTTPServer
import TestSupport
import Testing

/// Builds malformed and random requests. Each case gets its own generator derived from the run
/// seed and the case number, so a case reproduces alone whatever the thread scheduling.
private struct RequestMutator {
    var random: FuzzRandom

    enum Kind: String, CaseIterable {
        case randomBytes, randomMethod, garbageHeaders, hugeHeader, badPercentEscapes, nulBytes,
             invalidUTF8, absurdContentLength, chunkGarbage, pipelined, mutatedValid
    }

    mutating func makeCase() -> (kind: Kind, bytes: [UInt8]) {
        let kind = Kind.allCases.randomElement(using: &random) ?? .randomBytes
        return (kind, bytes(for: kind))
    }

    mutating func bytes(for kind: Kind) -> [UInt8] {
        switch kind {
        case .randomBytes:
            return randomBytes(count: Int.random(in: 0...2048, using: &random))
        case .randomMethod:
            let method = Bool.random(using: &random)
                ? randomBytes(count: Int.random(in: 0...20, using: &random))
                : Array(pick(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH", "BREW", "get", "G ET", ""]).utf8)
            let version = pick(["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1 extra", "", "http/1.1", "HTTP/1"])
            return method + Array(" \(randomPath()) \(version)\r\nHost: x\r\n\r\n".utf8)
        case .garbageHeaders:
            var head = Array("GET \(randomPath()) HTTP/1.1\r\n".utf8)
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                head += garbageHeaderLine()
            }
            return head + Array("\r\n".utf8)
        case .hugeHeader:
            // Around the 32 KiB header memory: some fit, some do not.
            let size = Int.random(in: 1_000...70_000, using: &random)
            let name = Bool.random(using: &random) ? "X-Huge" : String(repeating: "N", count: size)
            let value = Bool.random(using: &random) ? String(repeating: "v", count: size) : "v"
            return Array("GET / HTTP/1.1\r\nHost: x\r\n\(name): \(value)\r\n\r\n".utf8)
        case .badPercentEscapes:
            let escapes = ["%", "%%", "%G1", "%1", "%00", "%ff%fe", "%C3", "%E2%82", "%zz", "%2", "%c0%af", "%25%", "%0d%0a"]
            var target = "/"
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                target += pick(escapes) + (Bool.random(using: &random) ? "a" : "")
            }
            target += "?" + pick(escapes) + "=" + pick(escapes)
                + "&" + pick(escapes)
            return Array("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        case .nulBytes:
            return splice([0], into: Array("GET /a?b=c HTTP/1.1\r\nHost: x\r\nX-N: v\r\n\r\n".utf8), times: Int.random(in: 1...4, using: &random))
        case .invalidUTF8:
            let bad: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80]]
            var bytes = Array("GET /".utf8) + pick(bad) + Array("?q=".utf8)
                + pick(bad) + Array(" HTTP/1.1\r\nHost: x\r\nX-Bad: ".utf8)
                + pick(bad)
            bytes += Array("\r\n".utf8) + pick(bad) + Array(": v\r\n\r\n".utf8)
            return bytes
        case .absurdContentLength:
            let values = ["-1", "99999999999999999999999999", "18446744073709551616", "9223372036854775807", "1e3", " 5",
                          "5 5", "0x10", "", "abc", "+5", "00000000000000000000000003", "5, 6"]
            var head = "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: \(pick(values))\r\n"
            if Bool.random(using: &random) { head += "Content-Length: \(pick(values))\r\n" }
            if Bool.random(using: &random) { head += "Transfer-Encoding: chunked\r\n" }
            return Array((head + "\r\n").utf8) + randomBytes(count: Int.random(in: 0...64, using: &random))
        case .chunkGarbage:
            let sizes = ["zz", "ffffffffffffffffffff", "-1", "5;ext=\"unterminated", "5 ", " 5", "", "0x5", "5\n", "8000000000000000", "3"]
            var body = ""
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                body += pick(sizes) + "\r\n" + String(repeating: "c", count: Int.random(in: 0...10, using: &random))
                body += Bool.random(using: &random) ? "\r\n" : ""
            }
            if Bool.random(using: &random) { body += "0\r\nTrailer\u{1}: x\r\n\r\n" }
            let encoding = pick(["chunked", "chunked, gzip", "gzip, chunked", "Chunked", "chunked;x", "identity"])
            return Array("POST /chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(encoding)\r\n\r\n\(body)".utf8)
        case .pipelined:
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 2...6, using: &random) {
                let kind: Kind = Bool.random(using: &random) ? .mutatedValid : (Kind.allCases.randomElement(using: &random) ?? .randomBytes)
                bytes += kind == .pipelined || kind == .hugeHeader ? validRequest() : self.bytes(for: kind)
            }
            return bytes
        case .mutatedValid:
            var bytes = validRequest()
            for _ in 0..<Int.random(in: 1...6, using: &random) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                default: bytes.remove(at: index)
                }
            }
            return bytes
        }
    }

    /// One of `options` (never empty here: they are literals).
    private mutating func pick<Element>(_ options: [Element]) -> Element {
        options[Int.random(in: options.indices, using: &random)]
    }

    private mutating func validRequest() -> [UInt8] {
        if Bool.random(using: &random) {
            return Array("GET /ok?x=1 HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        }
        return Array("POST /ok HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".utf8)
    }

    private mutating func randomPath() -> String {
        let pieces = ["/", "/a", "/..", "/%2e%2e", "//", "?", "&", "=", "#", "/x y", "*", "http://evil/", "/~", "/\u{7f}"]
        return (0..<Int.random(in: 1...6, using: &random)).map { _ in pick(pieces) }.joined()
    }

    private mutating func garbageHeaderLine() -> [UInt8] {
        switch Int.random(in: 0..<7, using: &random) {
        case 0: return Array("NoColonHere\r\n".utf8)
        case 1: return Array(" folded continuation\r\n".utf8)
        case 2: return Array("Bad Name: v\r\n".utf8)
        case 3: return Array(": empty name\r\n".utf8)
        case 4: return Array("X-Lf-Only: v\n".utf8)
        case 5: return Array("X-Cr: a\rb\r\n".utf8)
        default: return randomBytes(count: Int.random(in: 1...80, using: &random)) + Array("\r\n".utf8)
        }
    }

    private mutating func randomBytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    private mutating func splice(_ insert: [UInt8], into bytes: [UInt8], times: Int) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<times {
            bytes.insert(contentsOf: insert, at: Int.random(in: 0...bytes.count, using: &random))
        }
        return bytes
    }
}

@Suite("Request parsing fuzz", .serialized)
struct RequestFuzzTests {
    /// FUZZ_SEED=<decimal> reruns a reported seed; FUZZ_CASES overrides the case count.
    private static let seed: UInt64 = ProcessInfo.processInfo.environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_125
    private static let caseCount = ProcessInfo.processInfo.environment["FUZZ_CASES"].flatMap { Int($0) } ?? 3_000

    @Test("malformed and random requests never crash or hang the server")
    func fuzzRequests() throws {
        print("request fuzz: seed \(Self.seed), \(Self.caseCount) cases (FUZZ_SEED=\(Self.seed) to reproduce)")
        let handled = Shared(0)
        let reported = Shared(0)
        let failures = Shared<[String]>([])
        let kinds = Shared<[String: Int]>([:])
        let started = Date()
        try withServer({ configuration in
            // libmicrohttpd 0.9.75 notices a half-closed connection only at the idle timeout when
            // it is waiting for more body, and sometimes after answering a keep-alive request;
            // a short timeout keeps those waits (and the run) short.
            configuration.connectionTimeoutSeconds = 1
            configuration.maxRequestBodyBytes = 64 * 1024
            // Exercised too: the report is built from whatever the parser made of the request.
            configuration.onRequestCompleted = { report in
                if !report.path.isEmpty || report.status > 0 { reported.withLock { $0 += 1 } }
            }
        }, handler: { request in
            handled.withLock { $0 += 1 }
            // Touch everything the parser produced, and reflect a header into the response.
            var text = "\(request.method) \(request.path) \(request.query.count) \(request.body.count)\n"
            for (name, value) in request.headers { text += "\(name)=\(value)\n" }
            var response = Response.text(text)
            response.headers.add("X-Echo", request.headers["X-N"] ?? request.path)
            return response
        }) { server, client in
            var quick = client
            quick.timeoutSeconds = 3
            // Many clients at once: most of the time is spent waiting for those timeouts.
            let workers = 16
            let group = DispatchGroup()
            for worker in 0..<workers {
                group.enter()
                let fuzzClient = quick
                Thread.detachNewThread {
                    defer { group.leave() }
                    for index in stride(from: worker, to: Self.caseCount, by: workers) {
                        var mutator = RequestMutator(random: FuzzRandom(seed: Self.seed ^ (UInt64(index) &* 0x2545_F491_4F6C_DD1D)))
                        let (kind, bytes) = mutator.makeCase()
                        kinds.withLock { $0[kind.rawValue, default: 0] += 1 }
                        if let problem = Self.exchange(bytes, with: fuzzClient) {
                            let preview = String(decoding: bytes.prefix(120), as: UTF8.self).debugDescription
                            failures.withLock { $0.append("case \(index) (\(kind.rawValue)): \(problem); request starts \(preview)") }
                        }
                    }
                }
            }
            #expect(group.wait(timeout: .now() + 60) == .success, "the fuzz clients did not finish")
            print("request fuzz: \(Self.caseCount) cases in \(Int(Date().timeIntervalSince(started) * 1000)) ms, "
                + "\(handled.current) reached the handler; by kind: \(kinds.current.sorted { $0.key < $1.key })")
            for failure in failures.current.prefix(10) { Issue.record("seed \(Self.seed): \(failure)") }
            #expect(failures.current.isEmpty)
            #expect(handled.current > 0, "not even the valid requests reached the handler")
            #expect(waitUntil(seconds: 3) { reported.current >= handled.current }, "\(reported.current) reports, \(handled.current) handled")

            // The server is still alive and well.
            #expect(server.isRunning)
            let response = try client.send("GET", "/after-fuzz?x=1")
            #expect(response.status == 200)
            #expect(waitUntil(seconds: 6) { server.openConnections == 0 }, "open: \(server.openConnections)")
        }
    }

    /// Sends `bytes`, says it is done sending, and waits for an answer or a close; a problem
    /// text when neither came within the client's timeout. (libmicrohttpd 0.9.75 sometimes
    /// keeps a half-closed keep-alive connection open after answering, until its idle
    /// timeout; an answer counts, and the final open-connection check covers the close.)
    private static func exchange(_ bytes: [UInt8], with client: HTTPTestClient) -> String? {
        let connection: HTTPTestConnection
        do {
            connection = try client.openConnection()
        } catch {
            return "connect: \(error)"
        }
        // The server may close before reading everything (a refusal); that is fine.
        try? connection.write(bytes)
        connection.shutdownWrite()
        let outcome = connection.readUntilClosedOrQuiet()
        if outcome.closed || !outcome.bytes.isEmpty { return nil }
        return "no answer and no close within \(client.timeoutSeconds) s"
    }
}
