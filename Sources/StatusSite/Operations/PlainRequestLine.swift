import Foundation

/// The request line of `KeyValueLogHandler.requestLine` for the usual request, whose values
/// are all plain (nothing to quote): written on the stack with unchecked stores and appended to
/// the log buffer in one copy, instead of appended to it field by field. Every request writes
/// one; this made the line about half as costly (perf). Anything else (a path with a space, a
/// very long value) goes the general way, `LogfmtLine`, with the same bytes.
enum PlainRequestLine {
    /// The stack buffer; the fixed part of a line (keys, timestamp, numbers at their longest)
    /// takes at most `fixedPart`, the rest is for the values.
    private static let capacity = 768
    private static let fixedPart = 256

    /// Appends the line to `buffer` and returns true, or returns false and appends nothing.
    static func append(_ fields: RequestLogFields, time: Date, label: String, journal: Bool, to buffer: inout [UInt8]) -> Bool {
        let named = label != "driftstatus"
        let plain = KeyValueLogHandler.isPlain(fields.method) && KeyValueLogHandler.isPlain(fields.route)
            && KeyValueLogHandler.isPlain(fields.path) && KeyValueLogHandler.isPlain(fields.remote)
            && (!named || KeyValueLogHandler.isPlain(label))
        let values = fields.method.utf8.count + fields.route.utf8.count + fields.path.utf8.count + fields.remote.utf8.count
            + (named ? label.utf8.count : 0)
        guard plain, values <= capacity - fixedPart else { return false }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { stack in
            var line = ByteWriter(stack.baseAddress!)
            if journal {
                line.text(JournalStream.priorityPrefix(.info))
            } else {
                line.literal("ts=")
                LogTimestamp.write(time, to: &line)
                line.byte(UInt8(ascii: " "))
            }
            line.literal("level=info msg=request id=")
            line.hex(fields.id.rawValue)
            line.literal(" method="); line.text(fields.method)
            line.literal(" route="); line.text(fields.route)
            line.literal(" path="); line.text(fields.path)
            line.literal(" status="); line.decimal(fields.status)
            line.literal(" duration_ms="); line.milliseconds(fromMicroseconds: fields.durationMicroseconds)
            line.literal(" bytes="); line.decimal(fields.bytes)
            line.literal(" remote="); line.text(fields.remote)
            if named { line.literal(" logger="); line.text(label) }
            line.byte(UInt8(ascii: "\n"))
            buffer.append(contentsOf: line.written)
        }
        return true
    }
}
