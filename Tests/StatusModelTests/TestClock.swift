import Foundation
import StatusModel

/// Fixed instants and the site calendar the domain tests share.
enum TestClock {
    static let stockholm: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        // If tzdata were missing this falls back to GMT, and the DST tests fail loudly.
        calendar.timeZone = TimeZone(identifier: "Europe/Stockholm") ?? .gmt
        return calendar
    }()

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    /// An instant given in UTC.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        utcCalendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)) ?? .distantPast
    }

    /// An instant given as Stockholm wall-clock time (unambiguous times only).
    static func stockholmTime(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        stockholm.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)) ?? .distantPast
    }

    static let hour: TimeInterval = 3600
}

func approximately(_ value: Double?, _ expected: Double) -> Bool {
    guard let value else { return false }
    return abs(value - expected) < 1e-9
}

extension LocalizedText {
    static func both(_ swedish: String, _ english: String) -> LocalizedText {
        LocalizedText([.swedish: swedish, .english: english])
    }
}

/// An instant given in UTC (shorthand for `TestClock.utc`).
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    TestClock.utc(year, month, day, hour, minute, second)
}
