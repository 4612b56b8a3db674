import Foundation

/// What happened, in the words subscribers are told. Raw values are the event names in
/// webhook payloads and the outbox table.
public enum NotificationEventKind: String, CaseIterable, Sendable, Codable {
    case incidentCreated = "incident.created"
    case incidentUpdated = "incident.updated"
    case incidentResolved = "incident.resolved"
    /// A postmortem was published (staff chose to tell subscribers).
    case incidentPostmortem = "incident.postmortem"
    case maintenanceScheduled = "maintenance.scheduled"
    case maintenanceUpdated = "maintenance.updated"
    case maintenanceStarted = "maintenance.started"
    case maintenanceCompleted = "maintenance.completed"
    case maintenanceCancelled = "maintenance.cancelled"
    /// Sent `[notifications] maintenance_reminder_hours` before a window starts, once per start time.
    case maintenanceReminder = "maintenance.reminder"
    case componentUpdated = "component.updated"
    /// Staff only: an active incident had no update for `[notifications] stale_incident_minutes`.
    /// Once per period without an update (see StaleIncidentRule); subscribers and webhooks never get it.
    case incidentStale = "incident.stale"

    /// Component changes go to webhooks only: an email per status flip would drown people, and
    /// the incident that caused the flip is emailed anyway. Staff reminders are not news for subscribers.
    public var isEmailed: Bool { self != .componentUpdated && !isForStaff }

    /// Sent to staff (admins or `[notifications] staff_emails`) instead of subscribers and webhooks.
    public var isForStaff: Bool { self == .incidentStale }
}

/// What an event is about, frozen when it was published: the message says what staff wrote
/// then, even if the incident is edited before the sender gets to it.
public enum NotificationSubject: Hashable, Sendable, Codable {
    /// `update` is the update this event announces (the first one for `incident.created`).
    case incident(Incident, update: IncidentUpdate?)
    case maintenance(Maintenance)
    case component(Component, previousStatus: ComponentStatus)
}

/// One thing subscribers are told about, as stored in the outbox.
public struct NotificationEvent: Hashable, Sendable, Identifiable {
    public var id: Int64
    /// Stable and unique, sent with every delivery so receivers can drop repeats.
    public var publicID: String
    public var kind: NotificationEventKind
    public var subject: NotificationSubject
    /// Every component as it was at publication (names for the message, statuses for the page indicator).
    public var components: [Component]
    public var createdAt: Date

    public init(id: Int64, publicID: String, kind: NotificationEventKind, subject: NotificationSubject,
                components: [Component], createdAt: Date) {
        self.id = id; self.publicID = publicID; self.kind = kind; self.subject = subject
        self.components = components; self.createdAt = createdAt
    }

    /// The components the event concerns, for subscription filters.
    public var concernedComponentIDs: [Int64] {
        switch subject {
        case .incident(let incident, let update):
            Array(Set(incident.componentIDs + (update?.componentChanges.map(\.componentID) ?? []))).sorted()
        case .maintenance(let maintenance): maintenance.componentIDs
        case .component(let component, _): [component.id]
        }
    }
}
