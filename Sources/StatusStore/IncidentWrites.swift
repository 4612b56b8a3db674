import Foundation
import GRDB
import StatusModel

// Writing incidents: each call is one transaction that also keeps components' statuses in step.
extension StatusStore {
    /// Opens an incident with its first update, links the components the update names and
    /// applies their statuses. An incident posted already resolved (written up afterwards)
    /// records its changes as history but leaves the components' current statuses alone.
    public func createIncident(title: LocalizedText, impact: IncidentImpact, status: IncidentStatus, body: LocalizedText,
                               componentChanges: [ComponentStatusChange], at: Date, by actor: Actor,
                               notify: Bool = false) throws -> Incident {
        guard !title.isEmpty else { throw StoreError.invalid("an incident needs a title") }
        return try write { db in
            try Self.requireComponents(componentChanges.map(\.componentID), in: db)
            let statusesBefore = try Self.componentStatuses(db)
            try db.execute(sql: "INSERT INTO incident (impact, status, started_at, resolved_at) VALUES (?, ?, ?, ?)",
                           arguments: [impact.rawValue, status.rawValue, at.storeMillis, status.isActive ? nil : at.storeMillis])
            let id = db.lastInsertedRowID
            try LocalizedTexts.save(title, owner: .incident, id: id, field: .title, in: db)
            try Self.insertUpdate(db, incidentID: id, status: status, body: body, changes: componentChanges, at: at)
            try Self.linkComponents(db, incidentID: id, componentIDs: componentChanges.map(\.componentID))
            if status.isActive {
                try Self.apply(componentChanges, in: db)
            }
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

    /// Posts an update: sets the incident's status, links newly named components and applies
    /// the named statuses. Resolving also returns every other affected component to operational,
    /// unless another active incident still holds it (then to the worst status those hold).
    /// A non-resolved update on a resolved incident reopens it.
    public func addUpdate(incidentID: Int64, status: IncidentStatus, body: LocalizedText,
                          componentChanges: [ComponentStatusChange], at: Date, by actor: Actor,
                          notify: Bool = false) throws -> IncidentUpdate {
        try write { db in
            let statusesBefore = try Self.componentStatuses(db)
            guard let incident = try Row.fetchOne(db, sql: "SELECT status, started_at FROM incident WHERE id = ?",
                                                  arguments: [incidentID]) else {
                throw StoreError.notFound(kind: "incident", id: incidentID)
            }
            guard at >= incident.date("started_at") else {
                throw StoreError.invalid("an update cannot be older than the incident it belongs to")
            }
            let wasActive = try incident.enumeration("status", as: IncidentStatus.self).isActive
            let incidentBefore = try Self.loadIncidents(db, whereSQL: "id = ?", arguments: [incidentID]).first
            try Self.requireComponents(componentChanges.map(\.componentID), in: db)

            let updateID = try Self.insertUpdate(db, incidentID: incidentID, status: status, body: body,
                                                 changes: componentChanges, at: at)
            try Self.linkComponents(db, incidentID: incidentID, componentIDs: componentChanges.map(\.componentID))
            // A second "resolved" note keeps the original resolution time.
            try db.execute(sql: """
                UPDATE incident SET status = ?,
                    resolved_at = CASE WHEN ? THEN COALESCE(resolved_at, ?) ELSE NULL END
                WHERE id = ?
                """, arguments: [status.rawValue, !status.isActive, at.storeMillis, incidentID])

            try Self.apply(componentChanges, in: db)
            if wasActive && !status.isActive {
                try Self.releaseComponents(db, incidentID: incidentID, except: Set(componentChanges.map(\.componentID)))
            }
            let updates = try Self.loadUpdates(db, incidentIDs: [incidentID])[incidentID] ?? []
            guard let update = updates.first(where: { $0.id == updateID }) else {
                throw StoreError.notFound(kind: "incident update", id: updateID)
            }
            // The incident's record shows what the update changed about it (status, resolution, components).
            let incidentAfter = try Self.loadIncidents(db, whereSQL: "id = ?", arguments: [incidentID]).first
            try Self.audit(db, actor: actor, at: at, action: status.isActive ? "update.create" : "incident.resolve",
                           entityType: "incident_update", entityID: updateID,
                           before: incidentBefore.map(AuditJSON.incident),
                           after: AuditJSON.encode(["update": AuditJSON.value(update), "incident": incidentAfter.map(AuditJSON.value) ?? nil]))
            if notify, let incidentAfter {
                let kind: NotificationEventKind = wasActive && !status.isActive ? .incidentResolved : .incidentUpdated
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

    static func apply(_ changes: [ComponentStatusChange], in db: Database) throws {
        for change in changes {
            try db.execute(sql: "UPDATE component SET status = ? WHERE id = ?", arguments: [change.status.rawValue, change.componentID])
        }
    }

    /// Sets each component the resolved incident affected (but `except`) to what the other
    /// active incidents still say about it, or operational.
    static func releaseComponents(_ db: Database, incidentID: Int64, except explicit: Set<Int64>) throws {
        let affected = try Int64.fetchAll(db, sql: "SELECT component_id FROM incident_component WHERE incident_id = ?",
                                          arguments: [incidentID])
        for componentID in affected where !explicit.contains(componentID) {
            let held = try String.fetchAll(db, sql: """
                SELECT (SELECT uc.status FROM incident_update u
                        JOIN incident_update_component uc ON uc.update_id = u.id AND uc.component_id = ic.component_id
                        WHERE u.incident_id = i.id ORDER BY u.created_at DESC, u.id DESC LIMIT 1) AS latest
                FROM incident_component ic JOIN incident i ON i.id = ic.incident_id
                WHERE ic.component_id = ? AND i.id <> ? AND i.resolved_at IS NULL
                """, arguments: [componentID, incidentID])
            let status = ComponentStatus.worst(held.compactMap(ComponentStatus.init(rawValue:)))
            try db.execute(sql: "UPDATE component SET status = ? WHERE id = ?", arguments: [status.rawValue, componentID])
        }
    }
}
