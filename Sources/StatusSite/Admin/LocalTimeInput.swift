import Foundation

/// Reads `<input type="datetime-local">` values ("2026-09-26T18:00") as wall-clock time in the
/// site's zone, and writes instants back in that form.
struct LocalTimeInput {
    let timeZone: TimeZone

    enum Reading: Equatable {
        /// The local time exists once.
        case exact(Date)
        /// It occurs twice (clocks turned back): the earlier instant, the one still on summer time, is used.
        case ambiguous(Date)
        /// It never occurs (clocks turned forward): moved forward by the gap, e.g. 02:30 becomes 03:30 summer time.
        case skipped(Date)

        var date: Date {
            switch self {
            case .exact(let date), .ambiguous(let date), .skipped(let date): date
            }
        }
    }

    /// nil when the text is not a local date and time (seconds are allowed and ignored).
    func read(_ text: String) -> Reading? {
        guard let wall = Self.wallClockSeconds(text) else { return nil }
        // Every offset in use within a day either side; a wall time is valid for an offset
        // when the zone really has that offset at the resulting instant.
        let offsets = Set([-86_400.0, -3_600, 0, 3_600, 86_400].map {
            timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + $0))
        })
        let valid = offsets.map { Date(timeIntervalSince1970: wall - Double($0)) }
            .filter { Double(timeZone.secondsFromGMT(for: $0)) == wall - $0.timeIntervalSince1970 }
            .sorted()
        if valid.count == 1, let only = valid.first { return .exact(only) }
        if let earliest = valid.first { return .ambiguous(earliest) }
        // Skipped: read with the offset in force just before the change, which lands after it.
        let before = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - 86_400))
        return .skipped(Date(timeIntervalSince1970: wall - Double(before)))
    }

    /// The value a datetime-local input shows for `date`.
    func text(_ date: Date) -> String {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: local))
        return String(format: "%04d-%02d-%02dT%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
                      parts.minute ?? 0)
    }

    /// Seconds since 1970 of the wall-clock time read as if it were UTC.
    static func wallClockSeconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard (16...19).contains(trimmed.count), trimmed.allSatisfy(\.isASCII) else { return nil }
        let characters = Array(trimmed)
        guard characters[4] == "-", characters[7] == "-", characters[10] == "T" || characters[10] == " ", characters[13] == ":" else {
            return nil
        }
        func number(_ range: Range<Int>) -> Int? {
            let slice = String(characters[range])
            return slice.allSatisfy(\.isNumber) ? Int(slice) : nil
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        if characters.count > 16 {
            guard characters.count == 19, characters[16] == ":", let second = number(17..<19), (0...59).contains(second) else { return nil }
        }
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
        // Reject 31 February and the like instead of rolling over into March.
        guard let date = calendar.date(from: components) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return date.timeIntervalSince1970
    }
}
