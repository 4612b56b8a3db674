import Foundation

/// Formats instants the way Statuspage's examples do: ISO 8601 with milliseconds and the page's
/// UTC offset ("2014-05-14T14:22:39.441-06:00"). We use the site's offset (Europe/Stockholm gives
/// +01:00 or +02:00), matching `page.time_zone`, as Statuspage does for its own pages.
struct StatuspageTimestamp: Sendable {
    let timeZone: TimeZone
    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()

    func string(_ date: Date) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let millisSince1970 = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let wholeSeconds = (millisSince1970 / 1000).rounded(.down)
        let millis = Int(millisSince1970 - wholeSeconds * 1000)
        let local = Date(timeIntervalSince1970: wholeSeconds + Double(offset))
        let parts = Self.utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: local)
        let sign = offset < 0 ? "-" : "+"
        let offsetMinutes = abs(offset) / 60
        let clock = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d",
                           parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1,
                           parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, millis)
        return clock + sign + String(format: "%02d:%02d", offsetMinutes / 60, offsetMinutes % 60)
    }

    /// The local calendar day ("2024-03-01"), the form Statuspage uses for `start_date`.
    func day(_ date: Date) -> String {
        let local = Date(timeIntervalSince1970: date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date)))
        let parts = Self.utcCalendar.dateComponents([.year, .month, .day], from: local)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
