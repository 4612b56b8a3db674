import Foundation
import GRDB
import StatusModel

// Editing incidents after publishing, and the lists the admin dashboard needs.
extension StatusStore {
    /// Changes title and impact.
    @discardableResult
    public func updateIncident(id: Int64, title: LocalizedText, impact: IncidentImpact, at: Date,
                               by actor: Actor) throws -> Incident {
        guard !title.isEmpty else { throw StoreError.invalid("an incident needs a title") }
        return try write { db in
            let before = try Self.requireIncident(db, id: id)
            try db.execute(sql: "UPDATE incident SET impact = ? WHERE id = ?", arguments: [impact.rawValue, id])
            try LocalizedTexts.save(title, owner: .incident, id: id, field: .title, in: db)
            let after = try Self.requireIncident(db, id: id)
            try Self.audit(db, actor: actor, at: at, action: "incident.update", entityType: "incident", entityID: id,
                           before: AuditJSON.incident(before), after: AuditJSON.incident(after))
            return after
        }
    }

    /// Replaces an update's text and marks it edited; the audit log keeps the old text.
    public func editUpdate(id: Int64, body: LocalizedText, at: Date, by actor: Actor) throws {
        try write { db in
            let before = try Self.requireUpdate(db, id: id)
            try LocalizedTexts.save(body, owner: .incidentUpdate, id: id, field: .body, in: db)
            try db.execute(sql: "UPDATE incident_update SET edited_at = ? WHERE id = ?", arguments: [at.storeMillis, id])
            let after = try Self.requireUpdate(db, id: id)
            try Self.audit(db, actor: actor, at: at, action: "update.edit", entityType: "incident_update", entityID: id,
                           before: AuditJSON.update(before), after: AuditJSON.update(after))
        }
    }

    /// Removes an update; the incident and its components follow `IncidentRules.removeUpdate`.
    /// Throws `.conflict` for the incident's only update.
    public func deleteUpdate(id: Int64, at: Date, by actor: Actor) throws {
        try write { db in
            let update = try Self.requireUpdate(db, id: id)
            let incidentBefore = try Self.requireIncident(db, id: update.incidentID)
            guard incidentBefore.updates.count > 1 else {
                throw StoreError.conflict("update \(id) is the incident's only update")
            }
            guard let outcome = IncidentRules.removeUpdate(id: id, from: incidentBefore,
                                                           otherActive: try Self.otherActiveIncidents(db, than: update.incidentID)) else {
                throw StoreError.notFound(kind: "incident update", id: id)
            }
            try db.execute(sql: "DELETE FROM incident_update WHERE id = ?", arguments: [id])
            try Self.writeState(of: outcome.incident, in: db)
            try Self.write(outcome.componentStatuses, in: db)
            let incidentAfter = try Self.requireIncident(db, id: update.incidentID)
            try Self.audit(db, actor: actor, at: at, action: "update.delete", entityType: "incident_update", entityID: id,
                           before: AuditJSON.encode(["update": AuditJSON.value(update), "incident": AuditJSON.value(incidentBefore)]),
                           after: AuditJSON.incident(incidentAfter))
        }
    }

    public func update(id: Int64) throws -> IncidentUpdate? {
        try read { db in try Self.loadUpdate(db, id: id) }
    }

    /// When the update was last edited, if ever.
    public func updateEditedAt(id: Int64) throws -> Date? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT edited_at FROM incident_update WHERE id = ?", arguments: [id])
                .map(Date.init(storeMillis:))
        }
    }

    /// Unresolved incidents, newest first.
    public func activeIncidents() throws -> [Incident] {
        try read { db in try Self.loadIncidents(db, whereSQL: "resolved_at IS NULL", arguments: []) }
    }

    // recentIncidents(limit:) and recentMaintenances(limit:) live in RecentActivity.swift.

    /// Not cancelled, not completed and not yet over at `now`, by start.
    public func activeAndUpcomingMaintenances(now: Date) throws -> [Maintenance] {
        try read { db in
            try Self.loadMaintenances(db, whereSQL: """
                ends_at > ? AND (cancelled_at IS NULL OR cancelled_at > ?) AND MIN(COALESCE(completed_at, ends_at), ends_at) > ?
                """, arguments: [now.storeMillis, now.storeMillis, now.storeMillis], orderSQL: "starts_at, id")
        }
    }

    // MARK: Helpers

    static func requireIncident(_ db: Database, id: Int64) throws -> Incident {
        guard let incident = try loadIncidents(db, whereSQL: "id = ?", arguments: [id]).first else {
            throw StoreError.notFound(kind: "incident", id: id)
        }
        return incident
    }

    static func loadUpdate(_ db: Database, id: Int64) throws -> IncidentUpdate? {
        guard let incidentID = try Int64.fetchOne(db, sql: "SELECT incident_id FROM incident_update WHERE id = ?",
                                                  arguments: [id]) else { return nil }
        return try loadUpdates(db, incidentIDs: [incidentID])[incidentID]?.first { $0.id == id }
    }

    static func requireUpdate(_ db: Database, id: Int64) throws -> IncidentUpdate {
        guard let update = try loadUpdate(db, id: id) else { throw StoreError.notFound(kind: "incident update", id: id) }
        return update
    }

    static func auditMaintenance(_ db: Database, actor: Actor, at: Date, action: String, before: Maintenance) throws {
        let after = try loadMaintenances(db, whereSQL: "id = ?", arguments: [before.id]).first
        try audit(db, actor: actor, at: at, action: action, entityType: "maintenance", entityID: before.id,
                  before: AuditJSON.maintenance(before), after: after.map(AuditJSON.maintenance))
    }
}
