import Foundation
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
        output.emit(Self.line(time: Date(), level: event.level, message: event.message.description, label: label, metadata: merged, journal: journal),
                    urgent: event.level >= .warning)
    }

    static func line(time: Date, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata,
                     journal: Bool = false) -> String {
        var line = journal ? JournalStream.priorityPrefix(level) : "ts=" + timestamp(time) + " "
        line.reserveCapacity(256)
        line += "level="; line += level.rawValue; line += " msg="; line += quoted(message)
        var listed = 0
        func append(_ key: String, _ value: Logger.MetadataValue) {
            line += " "; line += quoted(key); line += "="
            if case .string(let text) = value { line += quoted(text) } else { line += quoted("\(value)") }
        }
        for key in keyOrder {
            guard let value = metadata[key] else { continue }
            append(key, value)
            listed += 1
        }
        if listed < metadata.count {
            for key in metadata.keys.filter({ !keyOrder.contains($0) }).sorted() { append(key, metadata[key]!) }
        }
        if label != "driftstatus" { line += " logger=\(quoted(label))" }
        return line + "\n"
    }

    /// Bare when the value is plain, otherwise in double quotes with `"`, `\` and control
    /// characters escaped.
    static func quoted(_ value: String) -> String {
        // Every plain character is ASCII, so the UTF-8 bytes decide (no scalar decoding per line).
        let plain = !value.isEmpty && value.utf8.allSatisfy { byte in
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "/"),
                 UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "@"), UInt8(ascii: ","): true
            default: false
            }
        }
        if plain { return value }
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

    static func timestamp(_ date: Date) -> String {
        LogTimestamp.format(date)
    }
}
