import Foundation

/// The two date formats feeds use, both in UTC: RFC 822 for RSS, RFC 3339 for Atom.
enum FeedDates {
    /// "Mon, 23 Nov 2026 11:00:00 +0000" (RSS 2.0 asks for RFC 822; readers expect English names).
    static func rfc822(_ date: Date) -> String { rfc822Formatter.string(from: date) }

    /// "2026-11-23T11:00:00Z".
    static func rfc3339(_ date: Date) -> String { SiteDateFormatter.rfc3339(date) }

    /// "2026-11-23": the date part of a tag URI.
    static func tagDate(_ date: Date) -> String { tagDateFormatter.string(from: date) }

    private static let rfc822Formatter = LockedFormatter(pattern: "EEE, dd MMM yyyy HH:mm:ss Z")
    private static let tagDateFormatter = LockedFormatter(pattern: "yyyy-MM-dd")
}

/// A POSIX-locale UTC DateFormatter behind a lock (DateFormatter is not documented thread-safe).
private final class LockedFormatter: @unchecked Sendable {
    private let lock = NSLock()
    private let formatter = DateFormatter()

    init(pattern: String) {
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
    }

    func string(from date: Date) -> String { lock.withLock { formatter.string(from: date) } }
}
