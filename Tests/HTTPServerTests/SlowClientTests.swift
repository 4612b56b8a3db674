import Foundation
import HTTPServer
import TestSupport
import Testing

/// Connections shared with the thread that trickles bytes into them.
private final class TrickledConnections: @unchecked Sendable {
    // @unchecked: after init, only the trickle thread touches `connections`, until `stop()`
    // has returned (which waits for that thread to finish).
    private let connections: [HTTPTestConnection]
    private let stopped = Shared(false)
    private let finished = DispatchSemaphore(value: 0)

    init(_ connections: [HTTPTestConnection]) {
        self.connections = connections
    }

    /// Sends `bytes` one at a time to every connection, one byte per `interval`, cycling.
    func start(bytes: [UInt8], interval: TimeInterval) {
        Thread.detachNewThread { [self] in
            var index = 0
            while !stopped.current {
                for connection in connections {
                    try? connection.write([bytes[index % bytes.count]])
                }
                index += 1
                Thread.sleep(forTimeInterval: interval)
            }
            finished.signal()
        }
    }

    func stop() -> [HTTPTestConnection] {
        stopped.withLock { $0 = true }
        finished.wait()
        return connections
    }
}

@Suite("Slow and hostile clients", .serialized)
struct SlowClientTests {
    @Test("300 stalled or trickling connections do not starve a normal client, and time out")
    func stalledConnectionsDoNotStarveOthers() throws {
        try withServer({ configuration in
            configuration.connectionTimeoutSeconds = 2
            configuration.threadCount = ServerConfiguration().threadCount
        }, handler: { request in .text("served \(request.path)") }) { server, client in
            let perKind = 75
            // (a) connect and send nothing.
            let silent = try (0..<perKind).map { _ in try client.openConnection() }
            // (b) half a request line, then nothing.
            let halfLine = try (0..<perKind).map { _ in try client.openConnection() }
            for connection in halfLine { try connection.write(Array("GET /half-a-requ".utf8)) }
            // (c) headers one byte at a time, every 100 ms (well inside the timeout, so the
            // server sees activity and must keep them while they trickle).
            let trickling = TrickledConnections(try (0..<perKind).map { _ in try client.openConnection() })
            trickling.start(
                bytes: Array("GET /trickle HTTP/1.1\r\nHost: x\r\nX-Trickle: ".utf8) + Array(repeating: UInt8(ascii: "z"), count: 4000),
                interval: 0.1)
            // (d) a declared body, half sent.
            let halfBody = try (0..<perKind).map { _ in try client.openConnection() }
            for connection in halfBody {
                try connection.write(Array("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n".utf8)
                    + [UInt8](repeating: UInt8(ascii: "b"), count: 500))
            }
            #expect(waitUntil(seconds: 3) { server.openConnections >= 4 * perKind })

            var slowest = 0.0
            var answered = 0
            for index in 0..<50 {
                let start = Date()
                let response = try client.send("GET", "/normal/\(index)")
                slowest = max(slowest, Date().timeIntervalSince(start))
                if response.status == 200 && response.text == "served /normal/\(index)" { answered += 1 }
            }
            print("slow clients: slowest of 50 normal requests took \(Int(slowest * 1000)) ms")
            #expect(answered == 50)
            #expect(slowest < 0.5)

            // The timeout is an idle timeout: the stalled kinds go, the trickling ones stay while
            // bytes keep coming (a known limit: a slow-but-steady sender is not cut off).
            #expect(waitUntil(seconds: 6) { server.openConnections == perKind }, "open: \(server.openConnections)")
            // Once nothing arrives for the timeout, the server closes the rest too.
            let trickled = trickling.stop()
            #expect(waitUntil(seconds: 6) { server.openConnections == 0 }, "still open: \(server.openConnections)")
            for connection in silent + halfLine + trickled + halfBody {
                #expect(connection.isClosedByPeer(waitingMilliseconds: 1000))
            }
            let after = try client.send("GET", "/after")
            #expect(after.status == 200)
        }
    }

    @Test("at the connection limit new connections are closed at once; serving resumes when others leave")
    func connectionLimitFailsFast() throws {
        try withServer({ configuration in
            configuration.connectionLimit = 20
            configuration.connectionTimeoutSeconds = 30
        }, handler: { _ in .text("ok") }) { server, client in
            var held = try (0..<20).map { _ in try client.openConnection() }
            #expect(waitUntil(seconds: 2) { server.openConnections == 20 })

            var impatient = client
            impatient.timeoutSeconds = 3
            for _ in 0..<10 {
                let start = Date()
                // Connecting may succeed (the kernel completes the handshake), then the server closes.
                let response = (try? impatient.openConnection()).flatMap { try? $0.send("GET", "/") }
                #expect(response == nil, "got status \(response?.status ?? 0) beyond the limit")
                #expect(Date().timeIntervalSince(start) < 1)
            }
            // The held connections still work.
            let kept = try held[0].send("GET", "/kept", headers: [("Connection", "keep-alive")])
            #expect(kept.status == 200)

            held.removeAll()
            #expect(waitUntil(seconds: 2) { server.openConnections == 0 })
            let response = try client.send("GET", "/")
            #expect(response.status == 200)
        }
    }
}
