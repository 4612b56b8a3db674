import Foundation
import StatusModel

/// Turns the demo's relative, local wall-clock times into instants, in the site's time zone.
struct DemoClock: Sendable {
    let now: Date
    let calendar: Calendar

    init(now: Date, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.now = now
        self.calendar = calendar
    }

    var today: LocalDay { LocalDay(now, calendar: calendar) }

    /// `hour:minute` local time on the day `days` after today (negative: before).
    func local(daysFromToday days: Int, hour: Int, minute: Int) throws -> Date {
        try local(today.adding(days: days, in: calendar), hour: hour, minute: minute)
    }

    func local(_ day: LocalDay, hour: Int, minute: Int) throws -> Date {
        let parts = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)
        guard let date = calendar.date(from: parts) else { throw DemoDataError.unrepresentableDate("\(day) \(hour):\(minute)") }
        return date
    }

    func date(of moment: DemoMoment) throws -> Date {
        switch moment {
        case let .daysAgo(days, hour, minute): try local(daysFromToday: -days, hour: hour, minute: minute)
        case let .minutesAgo(minutes): now.addingTimeInterval(TimeInterval(-minutes * 60))
        }
    }

    /// The latest yearly window (`month`/`day` at `startHour` until `endHour` the next morning)
    /// that has fully ended by now: this year's once it is over, otherwise last year's.
    func mostRecentCompletedAnnualWindow(month: Int, day: Int, startHour: Int, endHour: Int) throws -> (Date, Date) {
        for year in [today.year, today.year - 1] {
            let startDay = LocalDay(year: year, month: month, day: day)
            let startsAt = try local(startDay, hour: startHour, minute: 0)
            let endsAt = try local(startDay.adding(days: 1, in: calendar), hour: endHour, minute: 0)
            if endsAt <= now { return (startsAt, endsAt) }
        }
        throw DemoDataError.unrepresentableDate("\(month)-\(day) before \(now)")
    }
}
