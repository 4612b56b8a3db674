import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HTTPServer
@testable import StatusSite
import Logging
import Testing

/// The request log's writer and the cheap parts of each line: buffered lines reach the file
/// within the flush interval without anyone asking, warnings at once, and the hand-made
/// timestamp and duration read exactly as the Foundation formatting they replace.
@Suite struct BufferedLogOutputTests {
    /// A pipe whose read end does not block; what was written so far, waiting up to `seconds`
    /// for `expected` bytes.
    final class PipeReader {
        let readEnd: Int32, writeEnd: Int32
        init() throws {
            var ends: [Int32] = [0, 0]
            try #require(pipe(&ends) == 0)
            readEnd = ends[0]; writeEnd = ends[1]
            _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
            // Large enough that 200 KB of lines never block the writer while the test is not reading.
            _ = fcntl(writeEnd, 1031 /* F_SETPIPE_SZ */, 1 << 20)
        }
        deinit { close(readEnd); close(writeEnd) }

        func read(atLeast expected: Int, within seconds: Double) -> [UInt8] {
            var collected: [UInt8] = []
            let deadline = Date().addingTimeInterval(seconds)
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(readEnd, $0.baseAddress, $0.count) }
                if count > 0 { collected += chunk[..<count]; continue }
                if collected.count >= expected || Date() >= deadline { return collected }
                usleep(10_000)
            }
        }
    }

    @Test func bufferedLinesAreWrittenWithinTheFlushIntervalUnasked() throws {
        let pipe = try PipeReader()
        let output = BufferedLogOutput(fileDescriptor: pipe.writeEnd)
        output.emit("first\n", urgent: false)
        output.emit("second\n", urgent: false)
        // One interval plus room for a loaded machine; no flush() call anywhere.
        let written = pipe.read(atLeast: 13, within: BufferedLogOutput.flushInterval * 3)
        #expect(String(decoding: written, as: UTF8.self) == "first\nsecond\n")
    }

    @Test func urgentLinesAndFlushWriteBeforeReturning() throws {
        let pipe = try PipeReader()
        let output = BufferedLogOutput(fileDescriptor: pipe.writeEnd)
        output.emit("request\n", urgent: false)
        output.emit("level=error\n", urgent: true)
        // Already in the pipe when emit returned: the buffered line first, in order.
        #expect(String(decoding: pipe.read(atLeast: 0, within: 0), as: UTF8.self) == "request\nlevel=error\n")
        output.emit("last\n", urgent: false)
        output.flush()
        #expect(String(decoding: pipe.read(atLeast: 0, within: 0), as: UTF8.self) == "last\n")
    }

    @Test func manyLinesFromManyThreadsArriveWholeAndNoneLost() throws {
        let pipe = try PipeReader()
        let output = BufferedLogOutput(fileDescriptor: pipe.writeEnd)
        let threads = 4, perThread = 2_000
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for n in 0..<perThread { output.emit("thread=\(thread) n=\(n) \(String(repeating: "x", count: 40))\n", urgent: false) }
        }
        output.flush()
        let lines = String(decoding: pipe.read(atLeast: 0, within: 0), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == threads * perThread)
        #expect(Set(lines).count == threads * perThread)
        #expect(lines.allSatisfy { $0.hasSuffix(String(repeating: "x", count: 40)) })
    }

    @Test func timestampsReadAsISO8601InUTC() {
        let reference = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().time(includingFractionalSeconds: true)
        #expect(LogTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(LogTimestamp.format(Date(timeIntervalSince1970: 1_796_224_068.5)) == "2026-12-02T15:07:48.500Z")
        // Leap days, year ends, before 1970, and a spread of times against Foundation's formatting.
        var samples: [Double] = [951_782_400, 1_830_211_200 - 0.25, 4_107_542_399, -86_400.75, 1_709_164_800 + 86_399]
        var seed: UInt64 = 42
        for _ in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(Double(seed >> 32) + Double(seed & 3) / 4)  // quarter seconds up to 2106
        }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(LogTimestamp.format(date) == date.formatted(reference) + "Z", "\(seconds)")
        }
    }

    @Test func durationsReadInMillisecondsToTheMicrosecond() {
        #expect(OperationalSite.milliseconds(.zero) == "0.000")
        #expect(OperationalSite.milliseconds(.microseconds(1)) == "0.001")
        #expect(OperationalSite.milliseconds(.nanoseconds(12_345_678)) == "12.346")
        #expect(OperationalSite.milliseconds(.seconds(3) + .microseconds(40)) == "3000.040")
    }

    /// The direct request line (`KeyValueLogHandler.requestLine`) is the line swift-log's path
    /// writes for the same fields, byte for byte, odd paths and addresses included.
    @Test func directRequestLinesAreTheLoggedLineByteForByte() {
        let time = Date(timeIntervalSince1970: 1_795_611_600.123)
        let cases: [RequestLogFields] = [
            RequestLogFields(id: RequestID(42), method: "GET", route: "home", path: "/sv/", status: 200,
                             durationMicroseconds: 123, bytes: 85_140, remote: "127.0.0.1"),
            RequestLogFields(id: RequestID(0xfedcba9876543210), method: "-", route: "other", path: "/a b/\"quoted\"\n\u{1b}[31m/å", status: 400,
                             durationMicroseconds: 12_345_678, bytes: 0, remote: "-"),
            RequestLogFields(id: RequestID(1), method: "POST", route: "admin", path: "", status: 503,
                             durationMicroseconds: 0, bytes: 7, remote: "::ffff:127.0.0.1"),
            // Plain, with every number at an edge: the quick way (`PlainRequestLine`).
            RequestLogFields(id: RequestID(.max), method: "PROPFIND", route: "incident", path: "/en/incidents/" + String(repeating: "9", count: 180),
                             status: 0, durationMicroseconds: .max, bytes: .max, remote: "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"),
            RequestLogFields(id: RequestID(0), method: "HEAD", route: "feed", path: "/sv/feed.rss", status: 304,
                             durationMicroseconds: 1_009, bytes: 0, remote: "10.0.0.1"),
            // Plain but longer than the quick way's buffer: the general way, the same bytes.
            RequestLogFields(id: RequestID(7), method: "GET", route: "other", path: "/" + String(repeating: "a", count: 900),
                             status: 404, durationMicroseconds: 5, bytes: 1, remote: "127.0.0.1"),
        ]
        for fields in cases {
            for (label, journal) in [("driftstatus", false), ("driftstatus", true), ("other label", false), ("worker-2", false), ("worker-2", true)] {
                let metadata: Logger.Metadata = [
                    "id": .string(fields.id.description), "method": .string(fields.method), "route": .string(fields.route),
                    "path": .string(fields.path), "status": .string(String(fields.status)),
                    "duration_ms": .string(OperationalSite.milliseconds(.microseconds(fields.durationMicroseconds))),
                    "bytes": .string(String(fields.bytes)), "remote": .string(fields.remote),
                ]
                let logged = KeyValueLogHandler.line(time: time, level: .info, message: "request", label: label, metadata: metadata, journal: journal)
                let direct = String(decoding: KeyValueLogHandler.requestLine(fields, time: time, label: label, journal: journal), as: UTF8.self)
                #expect(direct == logged)
            }
        }
    }

    @Test func serveWritesRequestLinesDirectly() {
        #expect(KeyValueLogHandler(label: "driftstatus", level: .info).writesRequestLinesDirectly)
        #expect(!KeyValueLogHandler(label: "driftstatus", level: .warning).writesRequestLinesDirectly)
        var withMetadata = KeyValueLogHandler(label: "driftstatus", level: .info)
        withMetadata[metadataKey: "instance"] = "a"
        #expect(!withMetadata.writesRequestLinesDirectly, "its own metadata must be merged in: through swift-log")
    }
}
