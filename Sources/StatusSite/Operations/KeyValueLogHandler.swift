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
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        output.emit(Self.line(time: Date(), level: event.level, message: "\(event.message)", label: label, metadata: merged, journal: journal),
                    urgent: event.level >= .warning)
    }

    static func line(time: Date, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata,
                     journal: Bool = false) -> String {
        var line = journal ? JournalStream.priorityPrefix(level) : "ts=\(timestamp(time)) "
        line += "level=\(level.rawValue) msg=\(quoted(message))"
        let ordered = keyOrder.filter { metadata[$0] != nil } + metadata.keys.filter { !keyOrder.contains($0) }.sorted()
        for key in ordered {
            guard let value = metadata[key] else { continue }
            line += " \(quoted(key))=\(quoted("\(value)"))"
        }
        if label != "driftstatus" { line += " logger=\(quoted(label))" }
        return line + "\n"
    }

    /// Bare when the value is plain, otherwise in double quotes with `"`, `\` and control
    /// characters escaped.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy {
            ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0x41 && $0.value <= 0x5A) || ($0.value >= 0x61 && $0.value <= 0x7A)
                || "._:/-+@,".unicodeScalars.contains($0)
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

    private static let timeFormat = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().time(includingFractionalSeconds: true)

    static func timestamp(_ date: Date) -> String {
        date.formatted(timeFormat) + "Z"
    }
}
