import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import StatusSite
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
}
