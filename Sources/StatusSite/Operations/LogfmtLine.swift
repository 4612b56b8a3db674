import Foundation

/// One logfmt line built as bytes: `key=value` pairs, a value bare when it is plain and otherwise
/// quoted and escaped (`KeyValueLogHandler.quoted`). Every request writes one, so nothing here
/// goes through `String` concatenation or swift-log's metadata dictionary.
struct LogfmtLine {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends to `buffer` in place (a log buffer: no line of its own is allocated).
    static func appending(to buffer: inout [UInt8], _ write: (inout LogfmtLine) -> Void) {
        var line = LogfmtLine(capacity: 0)
        swap(&line.bytes, &buffer)
        write(&line)
        swap(&line.bytes, &buffer)
    }

    /// ` key=` and 16 lowercase hex digits (a request id, as `RequestID.description` reads).
    mutating func field(_ key: StaticString, hex value: UInt64) {
        separator(key)
        scratch(16) { $0.hex(value) }
    }

    /// `ts=2026-12-02T15:07:48.123Z ` (`LogTimestamp`).
    mutating func timestamp(_ date: Date) {
        literal("ts=")
        LogTimestamp.append(date, to: &bytes)
        bytes.append(UInt8(ascii: " "))
    }

    /// Text written as it is (a key, a separator, a timestamp, a prefix).
    mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Text known at compile time, written as it is (no check, no `String`).
    mutating func literal(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// ` key=value` with a plain key known at compile time; the value quoted when it needs to be.
    mutating func field(_ key: StaticString, _ value: String) {
        separator(key)
        self.value(value)
    }

    /// ` key=`.
    private mutating func separator(_ key: StaticString) {
        bytes.append(UInt8(ascii: " "))
        literal(key)
        bytes.append(UInt8(ascii: "="))
    }

    /// ` key=value`, both quoted when they need to be (keys that are not known in advance).
    mutating func field(named key: String, _ value: String) {
        bytes.append(UInt8(ascii: " "))
        self.value(key)
        bytes.append(UInt8(ascii: "="))
        self.value(value)
    }

    /// ` key=123`.
    mutating func field(_ key: StaticString, integer: Int) {
        separator(key)
        decimal(integer)
    }

    /// ` key=12.345`: microseconds as milliseconds with three decimals.
    mutating func field(_ key: StaticString, millisecondsFromMicroseconds microseconds: Int64) {
        separator(key)
        scratch(44) { $0.milliseconds(fromMicroseconds: microseconds) }
    }

    mutating func value(_ value: String) {
        if KeyValueLogHandler.isPlain(value) {
            raw(value)
        } else {
            raw(KeyValueLogHandler.quoted(value))
        }
    }

    mutating func decimal(_ number: Int) {
        scratch(21) { $0.decimal(number) }
    }

    /// What `write` writes (at most `capacity` bytes) on the stack, then appended at once.
    private mutating func scratch(_ capacity: Int, _ write: (inout ByteWriter) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var writer = ByteWriter(buffer.baseAddress!)
            write(&writer)
            bytes.append(contentsOf: writer.written)
        }
    }

    mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
    }
}
