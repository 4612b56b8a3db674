import Foundation
import HTTPServer
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A swift-log handler that writes one `key=value` line per event to standard error: easy to
/// read, grep and feed to log shippers (logfmt). Lines go through a `BufferedLogOutput`, so a
/// request's log line costs an append, not a write; call `KeyValueLogHandler.flush()` at exit.
///
/// Values are quoted and escaped when they contain anything but plain characters, so a request
/// path with quotes, spaces or newlines cannot forge or split a log line.
///
/// Under journald (`journal`) a line carries the syslog priority as `<N>` and no timestamp of
/// its own: the journal records both.
public struct KeyValueLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: BufferedLogOutput
    private let journal: Bool

    /// Fields of request lines, in the order people read them; other keys follow, sorted.
    static let keyOrder = ["id", "method", "route", "path", "status", "duration_ms", "bytes", "remote"]

    public init(label: String, level: Logger.Level = .info, journal: Bool = false) {
        self.label = label
        self.journal = journal
        logLevel = level
        output = .standardError
    }

    /// Writes every line logged so far (at shutdown: nothing buffered is lost).
    public static func flush() {
        BufferedLogOutput.standardError.flush()
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // A request line has only its own metadata: used as it is, not copied into a merge.
        var merged = metadata.isEmpty && metadataProvider == nil ? event.metadata ?? [:] : metadata
        if !metadata.isEmpty || metadataProvider != nil {
            if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
            if let extra = event.metadata { merged.merge(extra) { $1 } }
        }
        output.emit(Self.lineBytes(time: Date(), level: event.level, message: event.message.description, label: label, metadata: merged,
                                   journal: journal),
                    urgent: event.level >= .warning)
    }

    /// Whether `requestLineWriter` writes what `log(event:)` would: no metadata of the handler's own to
    /// merge in, and request lines (`.info`) enabled.
    var writesRequestLinesDirectly: Bool {
        metadata.isEmpty && metadataProvider == nil && logLevel <= .info
    }

    /// What writes request lines straight to this handler's output, when
    /// `writesRequestLinesDirectly`: a small object, so a request does not copy the handler (its
    /// metadata, label and provider, with their reference counts) to write one line.
    var requestLineWriter: RequestLineWriter? {
        writesRequestLinesDirectly ? RequestLineWriter(label: label, journal: journal, output: output) : nil
    }

    static func requestLine(_ fields: RequestLogFields, time: Date, label: String, journal: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        appendRequestLine(fields, time: time, label: label, journal: journal, to: &bytes)
        return bytes
    }

    /// The usual (plain) line the quick way, any other through `LogfmtLine`: the same bytes.
    fileprivate static func appendRequestLine(_ fields: RequestLogFields, time: Date, label: String, journal: Bool,
                                              to buffer: inout [UInt8]) {
        guard !PlainRequestLine.append(fields, time: time, label: label, journal: journal, to: &buffer) else { return }
        LogfmtLine.appending(to: &buffer) { appendRequestLine(fields, time: time, label: label, journal: journal, to: &$0) }
    }

    private static func appendRequestLine(_ fields: RequestLogFields, time: Date, label: String, journal: Bool, to line: inout LogfmtLine) {
        if journal { line.raw(JournalStream.priorityPrefix(.info)) } else { line.timestamp(time) }
        line.literal("level=info msg=request")
        line.field("id", hex: fields.id.rawValue)
        line.field("method", fields.method)
        line.field("route", fields.route)
        line.field("path", fields.path)
        line.field("status", integer: fields.status)
        line.field("duration_ms", millisecondsFromMicroseconds: fields.durationMicroseconds)
        line.field("bytes", integer: fields.bytes)
        line.field("remote", fields.remote)
        if label != "driftstatus" { line.field("logger", label) }
        line.newline()
    }

    static func line(time: Date, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata,
                     journal: Bool = false) -> String {
        String(decoding: lineBytes(time: time, level: level, message: message, label: label, metadata: metadata, journal: journal),
               as: UTF8.self)
    }

    static func lineBytes(time: Date, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata,
                          journal: Bool = false) -> [UInt8] {
        var line = LogfmtLine()
        if journal { line.raw(JournalStream.priorityPrefix(level)) } else { line.timestamp(time) }
        line.raw("level="); line.raw(level.rawValue); line.raw(" msg="); line.value(message)
        var listed = 0
        func append(_ key: String, _ value: Logger.MetadataValue) {
            if case .string(let text) = value { line.field(named: key, text) } else { line.field(named: key, "\(value)") }
        }
        for key in keyOrder {
            guard let value = metadata[key] else { continue }
            append(key, value)
            listed += 1
        }
        if listed < metadata.count {
            for key in metadata.keys.filter({ !keyOrder.contains($0) }).sorted() { append(key, metadata[key]!) }
        }
        if label != "driftstatus" { line.field("logger", label) }
        line.newline()
        return line.bytes
    }

    /// Bare when the value is plain, otherwise in double quotes with `"`, `\` and control
    /// characters escaped.
    static func quoted(_ value: String) -> String {
        if isPlain(value) { return value }
        var escaped = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || (0x2028...0x2029).contains(scalar.value) {
                    escaped += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped + "\""
    }

    /// Written bare: letters, digits and `._:/-+@,` only. Every plain character is ASCII, so
    /// the UTF-8 bytes decide (no scalar decoding per line).
    static func isPlain(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            !bytes.isEmpty && bytes.allSatisfy { byte in
                switch byte {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "/"),
                     UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "@"), UInt8(ascii: ","): true
                default: false
                }
            }
        }
    }

    static func timestamp(_ date: Date) -> String {
        LogTimestamp.format(date)
    }
}

/// Writes the request line `KeyValueLogHandler.log(event:)` writes for `info("request",
/// metadata:)` with these fields, byte for byte, without building swift-log's metadata
/// dictionary and its `String`s (they cost more than the rest of answering a cached page).
final class RequestLineWriter: Sendable {
    private let label: String
    private let journal: Bool
    private let output: BufferedLogOutput

    fileprivate init(label: String, journal: Bool, output: BufferedLogOutput) {
        self.label = label
        self.journal = journal
        self.output = output
    }

    func write(_ fields: RequestLogFields) {
        let time = Date()
        output.emit { KeyValueLogHandler.appendRequestLine(fields, time: time, label: label, journal: journal, to: &$0) }
    }
}

/// The fields of one request line, in `KeyValueLogHandler.keyOrder`.
struct RequestLogFields {
    var id: RequestID
    var method: String
    var route: String
    var path: String
    var status: Int
    var durationMicroseconds: Int64
    var bytes: Int
    var remote: String
}
