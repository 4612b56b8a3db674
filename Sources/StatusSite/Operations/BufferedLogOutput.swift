import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Log lines collected in memory and written by a background thread (nginx's
/// `access_log … buffer=` is the model): at least once a second, at once when 64 KB wait or a
/// warning or error arrives, and on `flush()`, which `serve` calls when it stops. A request
/// thread only appends to a buffer; it never waits for the disk or a slow pipe.
final class BufferedLogOutput: @unchecked Sendable {
    // @unchecked: `pending` is guarded by `condition`; writes to the descriptor by `writeLock`.
    static let standardError = BufferedLogOutput(fileDescriptor: 2)

    static let flushInterval: TimeInterval = 1
    static let bufferLimit = 64 * 1024

    private let fileDescriptor: Int32
    private let condition = NSCondition()
    private let writeLock = NSLock()
    private var pending: [UInt8] = []

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        pending.reserveCapacity(Self.bufferLimit)
        let thread = Thread { [self] in flushForever() }
        thread.name = "log-writer"
        thread.start()
    }

    /// Appends a whole line (ending in "\n"); `urgent` lines are written without waiting.
    func emit(_ line: String, urgent: Bool) {
        emit(Array(line.utf8), urgent: urgent)
    }

    func emit(_ line: [UInt8], urgent: Bool) {
        condition.withLock {
            pending.append(contentsOf: line)
            if urgent || pending.count >= Self.bufferLimit { condition.signal() }
        }
        if urgent { flush() }
    }

    /// Writes everything appended so far before returning.
    func flush() {
        writeLock.withLock {
            let bytes = condition.withLock { () -> [UInt8] in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            writeAll(bytes)
        }
    }

    private func flushForever() {
        while true {
            condition.withLock {
                if pending.count < Self.bufferLimit {
                    _ = condition.wait(until: Date().addingTimeInterval(Self.flushInterval))
                }
            }
            flush()
        }
    }

    private func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(fileDescriptor, base + offset, buffer.count - offset)
            }
            if written <= 0 {
                if written < 0 && errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
