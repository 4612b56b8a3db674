import Foundation
import GRDB
import StatusModel

// Editing incidents after publishing, and the lists the admin dashboard needs.
extension StatusStore {
    /// Changes title and impact.
    @discardableResult
    public func updateIncident(id: Int64, title: LocalizedText, impact: IncidentImpact, at: Date,
                               by actor: Actor) throws -> Incident {
        fatalError("not yet")
    }

    /// Replaces an update's text and marks it edited; the audit log keeps the old text.
    public func editUpdate(id: Int64, body: LocalizedText, at: Date, by actor: Actor) throws { fatalError("not yet") }

    /// Removes an update and sets the incident's status from the remaining ones.
    /// Throws `.conflict` for the incident's only update (delete the incident's story, not its start).
    public func deleteUpdate(id: Int64, at: Date, by actor: Actor) throws { fatalError("not yet") }

    public func update(id: Int64) throws -> IncidentUpdate? { fatalError("not yet") }

    /// Newest first.
    public func recentIncidents(limit: Int) throws -> [Incident] { fatalError("not yet") }

    /// Unresolved incidents, newest first.
    public func activeIncidents() throws -> [Incident] { fatalError("not yet") }

    /// Newest start first.
    public func recentMaintenances(limit: Int) throws -> [Maintenance] { fatalError("not yet") }

    /// Not cancelled, not completed and not yet over at `now`, by start.
    public func activeAndUpcomingMaintenances(now: Date) throws -> [Maintenance] { fatalError("not yet") }

    static func auditMaintenance(_ db: Database, actor: Actor, at: Date, action: String, before: Maintenance) throws {
        let after = try loadMaintenances(db, whereSQL: "id = ?", arguments: [before.id]).first
        try audit(db, actor: actor, at: at, action: action, entityType: "maintenance", entityID: before.id,
                  before: AuditJSON.maintenance(before), after: after.map(AuditJSON.maintenance))
    }
}
