import Foundation
import StatusModel
@testable import StatusPages

/// Events built from the page fixtures (`Fixtures`): the same components, incidents and windows.
enum NotificationFixtures {
    static func renderer() throws -> NotificationRenderer {
        try NotificationRenderer(siteDirectory: Fixtures.repositoryRoot, settings: Fixtures.settings)
    }

    static let unsubscribe = "https://status.example.se/unsubscribe?token=abc&lang=sv"

    static func event(_ kind: NotificationEventKind, subject: NotificationSubject, at date: Date = Fixtures.now,
                      components: [Component] = Fixtures.components) -> NotificationEvent {
        NotificationEvent(id: 7, publicID: "evt_01JDX2K9Q4", kind: kind, subject: subject, components: components, createdAt: date)
    }

    /// An incident event announcing its newest update (resolved: a resolving update added).
    static func incidentEvent(_ kind: NotificationEventKind, incident: Incident = Fixtures.activeIncident) -> NotificationEvent {
        var incident = incident
        if kind == .incidentResolved {
            let update = IncidentUpdate(id: 9, incidentID: incident.id, status: .resolved, body: Fixtures.text("Allt fungerar igen.", "Everything works again."),
                                        createdAt: Fixtures.now, componentChanges: [ComponentStatusChange(componentID: 3, status: .operational)])
            incident.updates.append(update)
            incident.status = .resolved
            incident.resolvedAt = Fixtures.now
        }
        let update = kind == .incidentCreated ? incident.updates.first : incident.updates.last
        return event(kind, subject: .incident(incident, update: update))
    }

    /// A resolved incident whose postmortem (Markdown) was just published.
    static func postmortemEvent() -> NotificationEvent {
        var incident = incidentEvent(.incidentResolved).subjectIncident
        incident.postmortem = Postmortem(body: Fixtures.text("## Vad hände\n\n- Databasen\n- [Bloggen](https://tech.example.com/a)",
                                                             "## What happened\n\n- The database\n- [The blog](https://tech.example.com/a)"),
                                         publishedAt: Fixtures.now)
        return event(.incidentPostmortem, subject: .incident(incident, update: nil))
    }

    static func maintenanceEvent(_ kind: NotificationEventKind, maintenance: Maintenance = Fixtures.septemberWindow) -> NotificationEvent {
        var maintenance = maintenance
        let at: Date
        switch kind {
        case .maintenanceStarted: at = maintenance.startsAt
        case .maintenanceCompleted: at = maintenance.endsAt
        case .maintenanceCancelled:
            at = maintenance.startsAt - 3_600
            maintenance.cancelledAt = at
        default: at = Fixtures.date("2026-09-20T10:00:00Z")
        }
        return event(kind, subject: .maintenance(maintenance), at: at)
    }

    static func event(for kind: NotificationEventKind) -> NotificationEvent {
        switch kind {
        case .incidentCreated, .incidentUpdated, .incidentResolved, .incidentStale: incidentEvent(kind)
        case .incidentPostmortem: postmortemEvent()
        case .maintenanceScheduled, .maintenanceUpdated, .maintenanceStarted, .maintenanceCompleted, .maintenanceCancelled,
             .maintenanceReminder:
            maintenanceEvent(kind)
        case .componentUpdated:
            event(kind, subject: .component(Fixtures.components[2], previousStatus: .partialOutage))
        }
    }
}

extension NotificationEvent {
    var subjectIncident: Incident {
        guard case .incident(let incident, _) = subject else { fatalError("not an incident event") }
        return incident
    }
}
