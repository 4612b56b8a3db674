import Foundation
import StatusModel

/// The date patterns of one language, read from its locale file so a new language needs no code.
public struct DatePatterns: Sendable, Equatable {
    /// Foundation locale for month and weekday names ("sv_SE", "en_GB").
    public var localeIdentifier: String
    /// "26 september 2026 kl. 18:00 (CEST)": a moment, with its zone.
    public var timestamp: String
    /// A window's start when the zone is named once at the end.
    public var windowStart: String
    /// A window's end on the same day as its start ("20:00 (CEST)").
    public var windowEndSameDay: String
    /// A window's end on another day of the same year ("27 september kl. 06:00 (CEST)").
    public var windowEndSameYear: String
    public var windowSeparator: String
    public var windowSeparatorSameDay: String
    /// "måndag 23 november"
    public var dayHeading: String
    /// "23 november 2026"
    public var day: String
    /// "23 november"
    public var dayShort: String
    /// "november 2026"
    public var month: String
    /// The zone's name in a sentence ("VVVV": "Sverigetid", "Sweden Time").
    public var zoneName: String

    public init(localeIdentifier: String, timestamp: String, windowStart: String, windowEndSameDay: String,
                windowEndSameYear: String, windowSeparator: String, windowSeparatorSameDay: String,
                dayHeading: String, day: String, dayShort: String, month: String, zoneName: String) {
        self.localeIdentifier = localeIdentifier; self.timestamp = timestamp; self.windowStart = windowStart
        self.windowEndSameDay = windowEndSameDay; self.windowEndSameYear = windowEndSameYear
        self.windowSeparator = windowSeparator; self.windowSeparatorSameDay = windowSeparatorSameDay
        self.dayHeading = dayHeading; self.day = day; self.dayShort = dayShort; self.month = month; self.zoneName = zoneName
    }
}

/// One formatted maintenance window, split so each end can sit in its own `<time>` element.
public struct FormattedWindow: Sendable, Equatable {
    public let start: String, separator: String, end: String
    public var text: String { start + separator + end }
}

/// Formats dates for one language in the site's time zone. Copies share one cache of
/// DateFormatters (expensive to create); a lock makes it safe to use from any thread.
public struct SiteDateFormatter: Sendable {
    public let patterns: DatePatterns
    public let timeZone: TimeZone
    /// Gregorian, in the site's time zone: what "a day" and "a month" mean on the pages.
    public let calendar: Calendar
    private let cache: FormatterCache

    public init(patterns: DatePatterns, timeZone: TimeZone) {
        self.patterns = patterns
        self.timeZone = timeZone
        self.calendar = SiteDateFormatter.calendar(in: timeZone)
        self.cache = FormatterCache(locale: Locale(identifier: patterns.localeIdentifier), timeZone: timeZone)
    }

    public static func calendar(in timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    public func timestamp(_ date: Date) -> String { cache.string(from: date, pattern: patterns.timestamp) }

    /// A window as people write it: the date once when both ends share a day, the year once when
    /// they share a year, the zone once unless it changes in between (a DST switch).
    public func window(from start: Date, to end: Date) -> FormattedWindow {
        let startZone = cache.string(from: start, pattern: "zzz")
        let endZone = cache.string(from: end, pattern: "zzz")
        let startDay = LocalDay(start, calendar: calendar), endDay = LocalDay(end, calendar: calendar)
        let endPattern = startDay.year != endDay.year ? patterns.timestamp : patterns.windowEndSameYear
        if startZone != endZone {
            return FormattedWindow(start: timestamp(start), separator: patterns.windowSeparator,
                                   end: cache.string(from: end, pattern: endPattern))
        }
        let startText = cache.string(from: start, pattern: patterns.windowStart)
        if startDay == endDay {
            return FormattedWindow(start: startText, separator: patterns.windowSeparatorSameDay,
                                   end: cache.string(from: end, pattern: patterns.windowEndSameDay))
        }
        return FormattedWindow(start: startText, separator: patterns.windowSeparator, end: cache.string(from: end, pattern: endPattern))
    }

    public func dayHeading(_ day: LocalDay) -> String { cache.string(from: noon(of: day), pattern: patterns.dayHeading) }
    public func day(_ day: LocalDay) -> String { cache.string(from: noon(of: day), pattern: patterns.day) }
    public func dayShort(_ day: LocalDay) -> String { cache.string(from: noon(of: day), pattern: patterns.dayShort) }

    /// "november 2026" / "November 2026", as the language writes it inside a sentence.
    public func month(_ month: YearMonth) -> String {
        cache.string(from: noon(of: LocalDay(year: month.year, month: month.month, day: 15)), pattern: patterns.month)
    }

    /// "Sverigetid" / "Sweden Time".
    public func zoneName(at date: Date) -> String { cache.string(from: date, pattern: patterns.zoneName) }

    /// The zone's abbreviations over a year, winter first: "CET/CEST", or just "UTC".
    public func zoneAbbreviations(around date: Date) -> String {
        let year = calendar.component(.year, from: date)
        let samples = [1, 7].compactMap { calendar.date(from: DateComponents(year: year, month: $0, day: 15, hour: 12)) }
        var seen: [String] = []
        for sample in samples {
            let abbreviation = cache.string(from: sample, pattern: "zzz")
            if !seen.contains(abbreviation) { seen.append(abbreviation) }
        }
        return seen.joined(separator: "/")
    }

    /// RFC 3339 in UTC, for `<time datetime>` and feeds.
    public static func rfc3339(_ date: Date) -> String {
        rfc3339Formatter.string(from: date)
    }

    private static let rfc3339Formatter = FormatterCache.rfc3339

    private func noon(of day: LocalDay) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)) ?? .distantPast
    }
}

/// DateFormatters by pattern for one locale and zone, created once and guarded by a lock.
private final class FormatterCache: @unchecked Sendable {
    private let lock = NSLock()
    private let locale: Locale
    private let timeZone: TimeZone
    private var formatters: [String: DateFormatter] = [:]

    init(locale: Locale, timeZone: TimeZone) { self.locale = locale; self.timeZone = timeZone }

    func string(from date: Date, pattern: String) -> String {
        lock.lock(); defer { lock.unlock() }
        if let formatter = formatters[pattern] { return formatter.string(from: date) }
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        formatters[pattern] = formatter
        return formatter.string(from: date)
    }

    static let rfc3339 = RFC3339Formatter()
}

/// ISO 8601 in UTC with a "Z", the form `<time datetime>` expects.
final class RFC3339Formatter: @unchecked Sendable {
    private let lock = NSLock()
    private let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return formatter
    }()

    func string(from date: Date) -> String {
        lock.lock(); defer { lock.unlock() }
        return formatter.string(from: date)
    }
}
