import Foundation
import GRDB
import StatusModel

extension StatusStore {
    /// The `limit` most recently started incidents, newest first (optionally only those
    /// affecting one component). Uses the started_at index: cost follows `limit`, not history.
    public func recentIncidents(limit: Int, componentID: Int64? = nil) throws -> [Incident] {
        try read { db in
            if let componentID {
                return try Self.loadIncidents(db, whereSQL: """
                    id IN (SELECT i.id FROM incident i JOIN incident_component ic ON ic.incident_id = i.id
                           WHERE ic.component_id = ? ORDER BY i.started_at DESC, i.id DESC LIMIT ?)
                    """, arguments: [componentID, max(0, limit)])
            }
            return try Self.loadIncidents(db, whereSQL: "id IN (SELECT id FROM incident ORDER BY started_at DESC, id DESC LIMIT ?)",
                                          arguments: [max(0, limit)])
        }
    }

    /// The `limit` maintenances with the latest start, newest first.
    public func recentMaintenances(limit: Int, componentID: Int64? = nil) throws -> [Maintenance] {
        try read { db in
            if let componentID {
                return try Self.loadMaintenances(db, whereSQL: """
                    id IN (SELECT m.id FROM maintenance m JOIN maintenance_component mc ON mc.maintenance_id = m.id
                           WHERE mc.component_id = ? ORDER BY m.starts_at DESC, m.id DESC LIMIT ?)
                    """, arguments: [componentID, max(0, limit)])
            }
            return try Self.loadMaintenances(db, whereSQL: "id IN (SELECT id FROM maintenance ORDER BY starts_at DESC, id DESC LIMIT ?)",
                                             arguments: [max(0, limit)])
        }
    }
}
