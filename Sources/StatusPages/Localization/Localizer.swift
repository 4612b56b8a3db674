import Foundation
import StatusModel

/// Everything language-specific a view model needs: UI strings, dates, numbers, durations,
/// and the resolution of staff-written texts with the visible "only available in ..." note.
struct Localizer: Sendable {
    let language: LanguageCode
    let strings: LocaleStrings
    let dates: SiteDateFormatter
    /// The site's languages in order: the fallbacks for a missing translation.
    let siteLanguages: [LanguageCode]
    let otherLanguageNames: [LanguageCode: String]
    private let numbers: NumberCache

    init(strings: LocaleStrings, timeZone: TimeZone, siteLanguages: [LanguageCode], otherLanguageNames: [LanguageCode: String]) {
        self.language = strings.language
        self.otherLanguageNames = otherLanguageNames
        self.strings = strings
        self.siteLanguages = siteLanguages
        let patterns = DatePatterns(
            localeIdentifier: strings["date_locale"], timestamp: strings["date_timestamp"],
            windowStart: strings["date_window_start"], windowEndSameDay: strings["date_window_end_same_day"],
            windowEndSameYear: strings["date_window_end_same_year"], windowSeparator: strings["date_window_separator"],
            windowSeparatorSameDay: strings["date_window_separator_same_day"], dayHeading: strings["date_day_heading"],
            day: strings["date_day"], dayShort: strings["date_day_short"], month: strings["date_month"],
            zoneName: strings["date_zone_name"])
        self.dates = SiteDateFormatter(patterns: patterns, timeZone: timeZone)
        self.numbers = NumberCache(locale: Locale(identifier: strings["date_locale"]))
    }

    subscript(key: String) -> String { strings[key] }
    func format(_ key: String, _ arguments: [String: String]) -> String { strings.format(key, arguments) }

    /// A staff-written text in this language, or a fallback marked with its language and a note.
    func text(_ value: LocalizedText) -> TextView? {
        guard let resolved = value.resolved(in: language, fallbacks: siteLanguages) else { return nil }
        return TextView(text: resolved.text, isFallback: resolved.isFallback, textLanguage: resolved.language.rawValue,
                        fallbackNote: resolved.isFallback ? fallbackNote(for: resolved.language) : "")
    }

    /// A title that must show something even when staff left it empty.
    func title(_ value: LocalizedText) -> TextView {
        text(value) ?? TextView(text: strings["untitled"], isFallback: false, textLanguage: language.rawValue, fallbackNote: "")
    }

    /// A staff post in its Markdown subset, as HTML (raw HTML stays text). Pages are rendered once
    /// per change and served from the render cache, so this runs once per language, not per request.
    func body(_ value: LocalizedText) -> BodyView? {
        guard let text = text(value) else { return nil }
        return BodyView(html: HTML.post(text.text), isFallback: text.isFallback,
                        textLanguage: text.textLanguage, fallbackNote: text.fallbackNote)
    }

    /// `otherLanguageNames` holds each site language's own name, for locale files that do not
    /// yet name a newly added language ("language_name_da").
    func fallbackNote(for other: LanguageCode) -> String {
        let name = strings.values[UIKey.languageNameInText(other)] ?? otherLanguageNames[other] ?? other.rawValue
        return format("fallback_note", ["language": name])
    }

    func time(_ date: Date) -> TimeView {
        TimeView(datetime: SiteDateFormatter.rfc3339(date), text: dates.timestamp(date))
    }

    func window(from start: Date, to end: Date) -> WindowView {
        let formatted = dates.window(from: start, to: end)
        return WindowView(startDatetime: SiteDateFormatter.rfc3339(start), start: formatted.start, separator: formatted.separator,
                          endDatetime: SiteDateFormatter.rfc3339(end), end: formatted.end)
    }

    func dayHeading(_ day: LocalDay) -> DayHeadingView {
        DayHeadingView(datetime: day.description, text: dates.dayHeading(day))
    }

    /// "99,87" — rounded down so any downtime never shows as 100.
    func percent(_ share: Double) -> String {
        numbers.string(from: share * 100)
    }

    /// "2 timmar 5 minuter": the two largest units, never seconds.
    func duration(_ interval: TimeInterval) -> String {
        let minutes = Int(interval / 60)
        guard minutes >= 1 else { return strings["duration_under_a_minute"] }
        let days = minutes / 1440, hours = (minutes % 1440) / 60, rest = minutes % 60
        var parts: [String] = []
        if days > 0 { parts.append(count(days, "duration_days")) }
        if hours > 0 { parts.append(count(hours, "duration_hours")) }
        if rest > 0 && days == 0 { parts.append(count(rest, "duration_minutes")) }
        return parts.prefix(2).joined(separator: " ")
    }

    func list(_ items: [String]) -> String { items.joined(separator: strings["list_separator"]) }

    private func count(_ number: Int, _ key: String) -> String {
        format(number == 1 ? "\(key)_one" : "\(key)_other", ["n": String(number)])
    }
}

/// A NumberFormatter per language (expensive to create, not documented as thread-safe).
private final class NumberCache: @unchecked Sendable {
    private let lock = NSLock()
    private let formatter: NumberFormatter

    init(locale: Locale) {
        formatter = NumberFormatter()
        formatter.locale = locale
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = 0
        formatter.maximumFractionDigits = 2
        formatter.roundingMode = .down
    }

    func string(from value: Double) -> String {
        lock.lock(); defer { lock.unlock() }
        return formatter.string(from: NSNumber(value: value)) ?? String(format: "%.2f", value)
    }
}
