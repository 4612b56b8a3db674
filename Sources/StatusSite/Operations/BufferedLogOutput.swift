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
///
/// Each thread appends to a buffer of its own (as each nginx worker has its own), so request
/// threads never wait for one another's lines: one shared buffer made them queue on its lock
/// (futex sleeps and wake-ups on every other line at tens of thousands of lines a second). A
/// thread's lines stay in order; lines of different threads are written a buffer at a time,
/// so within one flush they may be out of order by up to the flush interval.
final class BufferedLogOutput: @unchecked Sendable {
    // @unchecked: `buffers` is guarded by `registry`, each buffer's bytes by its own lock,
    // `writing` and the descriptor by `writeLock`; `wakeUp` is an NSCondition.
    static let standardError = BufferedLogOutput(fileDescriptor: 2)

    static let flushInterval: TimeInterval = 1
    static let bufferLimit = 64 * 1024

    /// One thread's lines; its lock is taken by that thread and, once a flush, by the writer.
    private final class ThreadBuffer {
        let lock = NSLock()
        var bytes: [UInt8] = []
    }

    private let fileDescriptor: Int32
    /// The writer thread sleeps on it; a buffer that reaches `bufferLimit` wakes it.
    private let wakeUp = NSCondition()
    private let writeLock = NSLock()
    private let registry = NSLock()
    private var buffers: [ThreadBuffer] = []
    /// The calling thread's buffer (a pthread key: one lookup, no dictionary).
    private var key = pthread_key_t()
    /// What is being written out; only touched under `writeLock`.
    private var writing: [UInt8] = []

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        pthread_key_create(&key, nil)
        writing.reserveCapacity(Self.bufferLimit)
        let thread = Thread { [self] in flushForever() }
        thread.name = "log-writer"
        thread.start()
    }

    /// Appends a whole line (ending in "\n"); `urgent` lines are written without waiting.
    func emit(_ line: String, urgent: Bool) {
        emit(Array(line.utf8), urgent: urgent)
    }

    func emit(_ line: [UInt8], urgent: Bool) {
        emit(urgent: urgent) { $0.append(contentsOf: line) }
    }

    /// Appends what `write` writes (one whole line) straight into the calling thread's buffer:
    /// no line of its own is allocated. `write` runs under that buffer's lock, so it must only format.
    func emit(urgent: Bool = false, _ write: (inout [UInt8]) -> Void) {
        let buffer = threadBuffer()
        let full = buffer.lock.withLock { () -> Bool in
            let before = buffer.bytes.count
            write(&buffer.bytes)
            // Only the line that crosses the limit wakes the writer.
            return before < Self.bufferLimit && buffer.bytes.count >= Self.bufferLimit
        }
        if urgent {
            flush()
        } else if full {
            wakeUp.withLock { wakeUp.signal() }
        }
    }

    /// Writes everything appended so far, by any thread, before returning.
    func flush() {
        writeLock.withLock {
            for buffer in registry.withLock({ buffers }) {
                // Swapped out under the buffer's lock, written after it: the thread appends on meanwhile.
                buffer.lock.withLock { swap(&buffer.bytes, &writing) }
                writeAll(writing)
                writing.removeAll(keepingCapacity: true)
            }
        }
    }

    private func threadBuffer() -> ThreadBuffer {
        if let known = pthread_getspecific(key) {
            return Unmanaged<ThreadBuffer>.fromOpaque(known).takeUnretainedValue()
        }
        let buffer = ThreadBuffer()
        buffer.bytes.reserveCapacity(4 * 1024)
        // Kept by `buffers` for the life of the output (a thread's lines may outlive it).
        registry.withLock { buffers.append(buffer) }
        pthread_setspecific(key, Unmanaged.passUnretained(buffer).toOpaque())
        return buffer
    }

    private func flushForever() {
        while true {
            wakeUp.withLock { _ = wakeUp.wait(until: Date().addingTimeInterval(Self.flushInterval)) }
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
