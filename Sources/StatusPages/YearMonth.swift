import Foundation
import StatusModel

/// A calendar month in the site's time zone: the unit of the history archive ("/history/2026-09").
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int

    public init(year: Int, month: Int) {
        // Normalise so arithmetic never produces month 0 or 13.
        let zeroBased = year * 12 + (month - 1)
        self.year = zeroBased.floorDiv(12)
        self.month = zeroBased - self.year * 12 + 1
    }

    /// Parses exactly "YYYY-MM"; anything else (a URL segment someone typed) is nil.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        self.year = year; self.month = month
    }

    public init(_ date: Date, calendar: Calendar) {
        let parts = calendar.dateComponents([.year, .month], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1)
    }

    public func adding(months: Int) -> YearMonth { YearMonth(year: year, month: month + months) }

    /// Local midnight on the first day of the month.
    public func start(in calendar: Calendar) -> Date {
        calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? .distantPast
    }

    public func contains(_ day: LocalDay) -> Bool { day.year == year && day.month == month }

    public var description: String { String(format: "%04d-%02d", year, month) }
    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

private extension Int {
    func floorDiv(_ divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
