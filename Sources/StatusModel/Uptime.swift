import Foundation

/// A calendar day in the site's time zone.
public struct LocalDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    public init(_ date: Date, calendar: Calendar) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// Local midnight at the start of this day (days are 23 or 25 hours long around DST changes).
    public func start(in calendar: Calendar) -> Date {
        calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? .distantPast
    }

    public func adding(days: Int, in calendar: Calendar) -> LocalDay {
        let noon = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) ?? .distantPast
        return LocalDay(calendar.date(byAdding: .day, value: days, to: noon) ?? noon, calendar: calendar)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public static func < (a: LocalDay, b: LocalDay) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

/// One bar of the uptime history.
public struct DayUptime: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case noData = "no_data"
        case operational, maintenance
        case degradedPerformance = "degraded_performance"
        case partialOutage = "partial_outage"
        case majorOutage = "major_outage"
    }

    public let day: LocalDay
    public let kind: Kind
    /// Share of the day counted as up (nil on days without data).
    public let uptime: Double?
    /// Seconds in partial and major outage that day.
    public let partialOutageSeconds: TimeInterval
    public let majorOutageSeconds: TimeInterval
}

/// Uptime computed from incident history, the way Statuspage counts it: a major outage counts
/// fully as downtime, a partial outage counts 30%, degraded performance and maintenance not at all.
public enum UptimeCalculator {
    public static let partialOutageWeight = 0.3

    /// One interval during which an incident held a component at a status.
    struct Interval { let start: Date; let end: Date; let status: ComponentStatus }

    /// The component's status intervals inside one incident: each update that names the
    /// component sets its status from then on; resolution returns it to operational.
    static func statusIntervals(of componentID: Int64, in incident: Incident, until now: Date) -> [Interval] {
        let end = min(incident.resolvedAt ?? now, now)
        var result: [Interval] = []
        var current: (since: Date, status: ComponentStatus)?
        if incident.componentIDs.contains(componentID) {
            current = (incident.startedAt, StatusRules.implied(by: incident.impact))
        }
        for update in incident.updates.sorted(by: { $0.createdAt < $1.createdAt }) {
            guard let change = update.componentChanges.last(where: { $0.componentID == componentID }) else { continue }
            let at = max(update.createdAt, incident.startedAt)
            if let current, at > current.since { result.append(Interval(start: current.since, end: min(at, end), status: current.status)) }
            current = (at, change.status)
        }
        if let current, end > current.since { result.append(Interval(start: current.since, end: end, status: current.status)) }
        return result.filter { $0.end > $0.start && $0.status != .operational }
    }

    /// `days` bars ending with today (in `calendar`'s time zone), oldest first.
    public static func history(for component: Component, incidents: [Incident], maintenances: [Maintenance],
                               days: Int, now: Date, calendar: Calendar) -> [DayUptime] {
        // `days` may come from a request; `0..<days` would trap on a negative count.
        guard days > 0 else { return [] }
        let today = LocalDay(now, calendar: calendar)
        let firstDay = today.adding(days: -(days - 1), in: calendar)
        let intervals = incidents.flatMap { statusIntervals(of: component.id, in: $0, until: now) }
        let windows = maintenances.filter { $0.componentIDs.contains(component.id) && $0.cancelledAt == nil }
        let firstDataDay = LocalDay(component.createdAt, calendar: calendar)

        return (0..<days).map { offset in
            let day = firstDay.adding(days: offset, in: calendar)
            let dayStart = day.start(in: calendar)
            let dayEnd = min(day.adding(days: 1, in: calendar).start(in: calendar), now)
            guard day >= firstDataDay, dayEnd > dayStart else {
                return DayUptime(day: day, kind: .noData, uptime: nil, partialOutageSeconds: 0, majorOutageSeconds: 0)
            }
            var worst = ComponentStatus.operational
            var partial: TimeInterval = 0, major: TimeInterval = 0
            for interval in intervals {
                let overlap = min(interval.end, dayEnd).timeIntervalSince(max(interval.start, dayStart))
                guard overlap > 0 else { continue }
                worst = ComponentStatus.worst([worst, interval.status])
                if interval.status == .partialOutage { partial += overlap }
                if interval.status == .majorOutage { major += overlap }
            }
            let hadMaintenance = windows.contains { $0.startsAt < dayEnd && $0.actualEnd > dayStart }
            if worst == .operational && hadMaintenance { worst = .underMaintenance }
            let length = dayEnd.timeIntervalSince(dayStart)
            let down = min(length, major + partialOutageWeight * partial)
            return DayUptime(day: day, kind: kind(for: worst), uptime: 1 - down / length,
                             partialOutageSeconds: partial, majorOutageSeconds: major)
        }
    }

    /// Uptime over all bars with data, or nil when none has any.
    public static func percentage(of history: [DayUptime]) -> Double? {
        let measured = history.compactMap(\.uptime)
        guard !measured.isEmpty else { return nil }
        return measured.reduce(0, +) / Double(measured.count)
    }

    static func kind(for status: ComponentStatus) -> DayUptime.Kind {
        switch status {
        case .operational: .operational
        case .underMaintenance: .maintenance
        case .degradedPerformance: .degradedPerformance
        case .partialOutage: .partialOutage
        case .majorOutage: .majorOutage
        }
    }
}
