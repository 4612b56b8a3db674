import Foundation
import StatusModel

/// The `incident` object of Statuspage's create and update requests, read and checked.
/// Statuspage's status enum covers incidents and scheduled incidents alike; each value maps to
/// a Driftstatus incident status or to a maintenance window's.
struct StatuspageV1IncidentFields {
    /// Statuspage's incident statuses: the first four are an incident's, the next four a scheduled one's.
    enum Status: String, CaseIterable {
        case investigating, identified, monitoring, resolved
        case scheduled, inProgress = "in_progress", verifying, completed
        case postmortem
    }

    /// Statuspage's impact values; "maintenance" belongs to scheduled incidents only.
    enum Impact: String, CaseIterable {
        case none, maintenance, minor, major, critical
    }

    let language: LanguageCode
    let name: String?
    let body: String?
    let status: Status?
    let impactOverride: Impact?
    let componentStatuses: [(id: String, status: String)]
    let componentIDs: [String]
    let notify: Bool
    let scheduledFor: Date?
    let scheduledUntil: Date?
    /// Which members were sent, to tell "unchanged" from "left out" on PATCH.
    let sent: Set<String>

    init(_ body: StatuspageV1Body, language: LanguageCode) throws(StatuspageV1Error) {
        self.language = language
        name = try body.string("name")
        self.body = try body.string("body")
        status = try body.enumeration("status", Status.self)
        impactOverride = try body.enumeration("impact_override", Impact.self)
        componentStatuses = try body.statuses("components")
        componentIDs = try body.ids("component_ids")
        notify = try body.bool("deliver_notifications") ?? true
        scheduledFor = try body.date("scheduled_for")
        scheduledUntil = try body.date("scheduled_until")
        // Accepted and checked, with no effect: Driftstatus windows start and end by the clock and
        // reminders follow deliver_notifications; metadata is not stored (docs/statuspage-v1.md).
        for flag in ["scheduled_remind_prior", "scheduled_auto_in_progress", "scheduled_auto_completed",
                     "scheduled_auto_transition", "auto_transition_to_maintenance_state",
                     "auto_transition_to_operational_state", "auto_transition_deliver_notifications_at_start",
                     "auto_transition_deliver_notifications_at_end", "auto_tweet_at_beginning", "auto_tweet_on_completion",
                     "auto_tweet_on_creation", "auto_tweet_one_hour_before"] {
            _ = try body.bool(flag)
        }
        if try body.bool("backfilled") == true || body.has("backfill_date") {
            throw .unsupported("Backfilling an incident (backfilled, backfill_date)")
        }
        if status == .postmortem { throw .unsupported("The status 'postmortem'") }
        sent = Set(["name", "body", "status", "impact_override", "components", "component_ids", "scheduled_for",
                    "scheduled_until"].filter(body.has))
    }

    /// A scheduled incident is a Driftstatus maintenance window.
    var isScheduled: Bool { maintenanceStatus != nil || scheduledFor != nil || impactOverride == .maintenance }

    var incidentStatus: IncidentStatus? { status.flatMap { IncidentStatus(rawValue: $0.rawValue) } }

    /// Statuspage's "verifying" (checking after the work) is still "in progress" to Driftstatus.
    var maintenanceStatus: MaintenanceStatus? {
        switch status {
        case .scheduled: .scheduled
        case .inProgress, .verifying: .inProgress
        case .completed: .completed
        default: nil
        }
    }

    /// Text sent through this API is stored in the token's language only.
    func text(_ value: String?) -> LocalizedText? {
        guard let value, !value.isEmpty else { return nil }
        return LocalizedText([language: value])
    }

    func impact() throws(StatuspageV1Error) -> IncidentImpact? {
        guard let impactOverride else { return nil }
        guard let impact = IncidentImpact(rawValue: impactOverride.rawValue) else {
            throw .invalid("incident.impact_override 'maintenance' is only for scheduled incidents")
        }
        return impact
    }

    /// Statuspage's rule when no impact is given: the worst component status sets it.
    static func impact(of changes: [ComponentStatusChange]) -> IncidentImpact {
        switch ComponentStatus.worst(changes.map(\.status)) {
        case .majorOutage: .critical
        case .partialOutage: .major
        case .degradedPerformance: .minor
        case .operational, .underMaintenance: .none
        }
    }
}
