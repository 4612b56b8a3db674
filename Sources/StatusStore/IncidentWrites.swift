import Foundation
import GRDB
import StatusModel

// Writing incidents: each call is one transaction that also keeps components' statuses in step.
extension StatusStore {
    /// Opens an incident with its first update; links and statuses follow `IncidentRules.open`.
    public func createIncident(title: LocalizedText, impact: IncidentImpact, status: IncidentStatus, body: LocalizedText,
                               componentChanges: [ComponentStatusChange], at: Date, by actor: Actor,
                               notify: Bool = false) throws -> Incident {
        guard !title.isEmpty else { throw StoreError.invalid("an incident needs a title") }
        return try write { db in
            try Self.requireComponents(componentChanges.map(\.componentID), in: db)
            let statusesBefore = try Self.componentStatuses(db)
            let outcome = IncidentRules.open(Incident(id: 0, title: title, impact: impact, status: status, startedAt: at, updates: [
                IncidentUpdate(id: 0, incidentID: 0, status: status, body: body, createdAt: at, componentChanges: componentChanges),
            ]))
            try db.execute(sql: "INSERT INTO incident (impact, status, started_at, resolved_at) VALUES (?, ?, ?, ?)",
                           arguments: [impact.rawValue, status.rawValue, at.storeMillis, outcome.incident.resolvedAt?.storeMillis])
            let id = db.lastInsertedRowID
            try LocalizedTexts.save(title, owner: .incident, id: id, field: .title, in: db)
            try Self.insertUpdate(db, incidentID: id, status: status, body: body, changes: componentChanges, at: at)
            try Self.linkComponents(db, incidentID: id, componentIDs: outcome.incident.componentIDs)
            try Self.write(outcome.componentStatuses, in: db)
            let incident = try Self.loadIncidents(db, whereSQL: "id = ?", arguments: [id])[0]
            try Self.audit(db, actor: actor, at: at, action: "incident.create", entityType: "incident", entityID: id,
                           before: nil, after: AuditJSON.incident(incident))
            if notify {
                try Self.enqueue(db, kind: .incidentCreated, subject: .incident(incident, update: incident.updates.last), at: at)
                try Self.enqueueComponentChanges(db, before: statusesBefore, at: at)
            }
            return incident
        }
    }

    /// Posts an update; what it does to the incident and the components is `IncidentRules.post`
    /// (resolving, reopening, releasing components other active incidents do not hold).
    public func addUpdate(incidentID: Int64, status: IncidentStatus, body: LocalizedText,
                          componentChanges: [ComponentStatusChange], at: Date, by actor: Actor,
                          notify: Bool = false) throws -> IncidentUpdate {
        try write { db in
            let statusesBefore = try Self.componentStatuses(db)
            let incidentBefore = try Self.requireIncident(db, id: incidentID)
            guard at >= incidentBefore.startedAt else {
                throw StoreError.invalid("an update cannot be older than the incident it belongs to")
            }
            try Self.requireComponents(componentChanges.map(\.componentID), in: db)
            let outcome = IncidentRules.post(IncidentUpdate(id: 0, incidentID: incidentID, status: status, body: body, createdAt: at,
                                                            componentChanges: componentChanges),
                                             to: incidentBefore, otherActive: try Self.otherActiveIncidents(db, than: incidentID))

            let updateID = try Self.insertUpdate(db, incidentID: incidentID, status: status, body: body,
                                                 changes: componentChanges, at: at)
            try Self.writeState(of: outcome.incident, in: db)
            try Self.write(outcome.componentStatuses, in: db)
            let updates = try Self.loadUpdates(db, incidentIDs: [incidentID])[incidentID] ?? []
            guard let update = updates.first(where: { $0.id == updateID }) else {
                throw StoreError.notFound(kind: "incident update", id: updateID)
            }
            // The incident's record shows what the update changed about it (status, resolution, components).
            let incidentAfter = try Self.loadIncidents(db, whereSQL: "id = ?", arguments: [incidentID]).first
            try Self.audit(db, actor: actor, at: at, action: status.isActive ? "update.create" : "incident.resolve",
                           entityType: "incident_update", entityID: updateID,
                           before: AuditJSON.incident(incidentBefore),
                           after: AuditJSON.encode(["update": AuditJSON.value(update), "incident": incidentAfter.map(AuditJSON.value) ?? nil]))
            if notify, let incidentAfter {
                let kind: NotificationEventKind = outcome.resolvesIt ? .incidentResolved : .incidentUpdated
                try Self.enqueue(db, kind: kind, subject: .incident(incidentAfter, update: update), at: at)
                try Self.enqueueComponentChanges(db, before: statusesBefore, at: at)
            }
            return update
        }
    }

    @discardableResult
    static func insertUpdate(_ db: Database, incidentID: Int64, status: IncidentStatus, body: LocalizedText,
                             changes: [ComponentStatusChange], at: Date) throws -> Int64 {
        try db.execute(sql: "INSERT INTO incident_update (incident_id, status, created_at) VALUES (?, ?, ?)",
                       arguments: [incidentID, status.rawValue, at.storeMillis])
        let updateID = db.lastInsertedRowID
        try LocalizedTexts.save(body, owner: .incidentUpdate, id: updateID, field: .body, in: db)
        for (position, change) in changes.enumerated() {
            try db.execute(sql: """
                INSERT INTO incident_update_component (update_id, component_id, status, position) VALUES (?, ?, ?, ?)
                """, arguments: [updateID, change.componentID, change.status.rawValue, position])
        }
        return updateID
    }

    /// Adds components not yet linked to the incident, after the ones already there.
    static func linkComponents(_ db: Database, incidentID: Int64, componentIDs: [Int64]) throws {
        for componentID in componentIDs {
            try db.execute(sql: """
                INSERT OR IGNORE INTO incident_component (incident_id, component_id, position)
                SELECT ?, ?, COALESCE(MAX(position) + 1, 0) FROM incident_component WHERE incident_id = ?
                """, arguments: [incidentID, componentID, incidentID])
        }
    }

    /// Writes the statuses a rule decided (component ids in order, so writes are deterministic).
    static func write(_ statuses: [Int64: ComponentStatus], in db: Database) throws {
        for (componentID, status) in statuses.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "UPDATE component SET status = ? WHERE id = ?", arguments: [status.rawValue, componentID])
        }
    }

    /// Stores the incident's status, resolution time and linked components as a rule left them.
    static func writeState(of incident: Incident, in db: Database) throws {
        try db.execute(sql: "UPDATE incident SET status = ?, resolved_at = ? WHERE id = ?",
                       arguments: [incident.status.rawValue, incident.resolvedAt?.storeMillis, incident.id])
        try linkComponents(db, incidentID: incident.id, componentIDs: incident.componentIDs)
    }

    /// The unresolved incidents other than `incidentID`, with their updates: what the rules need to
    /// know which components those incidents still hold.
    static func otherActiveIncidents(_ db: Database, than incidentID: Int64) throws -> [Incident] {
        try loadIncidents(db, whereSQL: "resolved_at IS NULL AND id <> ?", arguments: [incidentID])
    }
}
