import Foundation

/// A log line's time, `2026-12-02T15:07:48.123Z` (UTC, milliseconds), computed with integer
/// arithmetic: every request writes one, and Foundation's date formatting cost more than the
/// rest of the line.
enum LogTimestamp {
    static func format(_ date: Date) -> String {
        var bytes: [UInt8] = []
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same 24 bytes appended to `bytes` (a log line being built: no `String` in between),
    /// written into a stack buffer first and appended at once.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { text in
            var writer = ByteWriter(text.baseAddress!)
            write(date, to: &writer)
            bytes.append(contentsOf: writer.written)
        }
    }

    static let length = 24

    /// The 24 bytes at `writer`'s position.
    static func write(_ date: Date, to writer: inout ByteWriter) {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = milliseconds.floorDivided(by: 1000)
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civilDate(daysSince1970: days)
        // "YYYY-MM-DDThh:mm:ss.sssZ": each field right-aligned in its columns.
        func digits(_ value: Int, _ count: Int) {
            var value = value
            for position in stride(from: count - 1, through: 0, by: -1) {
                writer.base[writer.count + position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            writer.advance(count)
        }
        digits(Int(year % 10_000), 4); writer.byte(UInt8(ascii: "-"))
        digits(month, 2); writer.byte(UInt8(ascii: "-"))
        digits(day, 2); writer.byte(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2); writer.byte(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2); writer.byte(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2); writer.byte(UInt8(ascii: "."))
        digits(Int(milliseconds - seconds * 1000), 3); writer.byte(UInt8(ascii: "Z"))
    }

    /// Year, month and day of the proleptic Gregorian calendar (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468  // days since 0000-03-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // 0 = March
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
