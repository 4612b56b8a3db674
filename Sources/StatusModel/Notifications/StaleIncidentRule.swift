import Foundation

/// When an active incident counts as stale: nobody posted an update for `period`. Staff are
/// reminded once per period without an update (the first after one period, the next after two),
/// so a posted update restarts the count and resolving ends it. The store (which writes the
/// reminders) and the admin dashboard (which shows the banner) use the same rule.
public struct StaleIncidentRule: Hashable, Sendable {
    /// `[notifications] stale_incident_minutes`; zero or less switches staleness off.
    public var period: TimeInterval

    public init(period: TimeInterval) { self.period = period }

    public var isEnabled: Bool { period > 0 }

    /// The newest update's time, or the start when there is none.
    public static func lastActivity(of incident: Incident) -> Date {
        incident.updates.map(\.createdAt).max() ?? incident.startedAt
    }

    /// How many whole periods passed since the last update: 0 when the incident is not stale
    /// (resolved, recently updated, or the rule is off).
    public func stalePeriods(_ incident: Incident, at now: Date) -> Int {
        guard isEnabled, incident.isActive else { return 0 }
        let quiet = now.timeIntervalSince(Self.lastActivity(of: incident))
        guard quiet >= period else { return 0 }
        return Int(min(quiet / period, Double(Int32.max)))
    }

    public func isStale(_ incident: Incident, at now: Date) -> Bool { stalePeriods(incident, at: now) > 0 }

    /// Whole minutes since the last update, for "no update for N minutes".
    public static func minutesWithoutUpdate(_ incident: Incident, at now: Date) -> Int {
        max(0, Int(now.timeIntervalSince(lastActivity(of: incident)) / 60))
    }
}
