import Foundation
import GRDB
import StatusModel

// Reading incidents. Every list is loaded in a fixed number of batched queries
// (incidents, links, updates, changes, texts), never one query per incident.
extension StatusStore {
    public func incident(id: Int64) throws -> Incident? {
        try read { db in try Self.loadIncidents(db, whereSQL: "id = ?", arguments: [id]).first }
    }

    /// Incidents that started in [from, before), newest first, with their updates: one archive month.
    public func incidents(startedFrom from: Date, before: Date) throws -> [Incident] {
        try read { db in
            try Self.loadIncidents(db, whereSQL: "started_at >= ? AND started_at < ?",
                                   arguments: [from.storeMillis, before.storeMillis])
        }
    }

    /// When the first incident started: how far back the history archive reaches.
    public func firstIncidentStart() throws -> Date? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MIN(started_at) FROM incident").map(Date.init(storeMillis:)) }
    }

    /// The earliest incident start or maintenance start, whichever comes first.
    public func firstActivity() throws -> Date? {
        try read { db in
            try Int64.fetchOne(db, sql: """
                SELECT MIN(first) FROM (SELECT MIN(started_at) AS first FROM incident
                                        UNION ALL SELECT MIN(starts_at) FROM maintenance)
                """).map(Date.init(storeMillis:))
        }
    }

    public func incidentIDs() throws -> [Int64] {
        try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM incident ORDER BY id") }
    }

    /// Incidents matching `whereSQL` (on table `incident`), newest first, fully loaded.
    static func loadIncidents(_ db: Database, whereSQL: String, arguments: StatementArguments) throws -> [Incident] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM incident WHERE \(whereSQL) ORDER BY started_at DESC, id DESC
            """, arguments: arguments)
        return try assembleIncidents(db, rows: rows)
    }

    /// Turns incident rows into values, loading their texts, links and updates in batches.
    static func assembleIncidents(_ db: Database, rows: [Row]) throws -> [Incident] {
        let ids: [Int64] = rows.map { $0["id"] }
        guard !ids.isEmpty else { return [] }
        let titles = try LocalizedTexts.load(owner: .incident, ids: ids, in: db)

        var componentIDs: [Int64: [Int64]] = [:]
        for link in try fetchRows(db, sql: """
            SELECT incident_id, component_id FROM incident_component WHERE incident_id IN (%IDS%)
            ORDER BY incident_id, position
            """, ids: ids) {
            componentIDs[link["incident_id"], default: []].append(link["component_id"])
        }

        let updates = try loadUpdates(db, incidentIDs: ids)
        let postmortems = try loadPublishedPostmortems(db, incidentIDs: ids)
        return try rows.map { row in
            let id: Int64 = row["id"]
            return Incident(id: id, title: titles[id][.title], impact: try row.enumeration("impact", as: IncidentImpact.self),
                            status: try row.enumeration("status", as: IncidentStatus.self), startedAt: row.date("started_at"),
                            resolvedAt: row.optionalDate("resolved_at"), componentIDs: componentIDs[id] ?? [],
                            updates: updates[id] ?? [], postmortem: postmortems[id])
        }
    }

    /// The updates of the given incidents, oldest first, with bodies and component changes.
    static func loadUpdates(_ db: Database, incidentIDs: [Int64]) throws -> [Int64: [IncidentUpdate]] {
        let rows = try fetchRows(db, sql: """
            SELECT * FROM incident_update WHERE incident_id IN (%IDS%)
            """, ids: incidentIDs)
            .sorted { ($0["created_at"] as Int64, $0["id"] as Int64) < ($1["created_at"] as Int64, $1["id"] as Int64) }
        let updateIDs: [Int64] = rows.map { $0["id"] }
        let bodies = try LocalizedTexts.load(owner: .incidentUpdate, ids: updateIDs, in: db)

        var changes: [Int64: [ComponentStatusChange]] = [:]
        let changeRows = try fetchRows(db, sql: """
            SELECT update_id, component_id, status, position FROM incident_update_component WHERE update_id IN (%IDS%)
            """, ids: updateIDs).sorted { ($0["position"] as Int) < ($1["position"] as Int) }
        for row in changeRows {
            let change = ComponentStatusChange(componentID: row["component_id"],
                                               status: try row.enumeration("status", as: ComponentStatus.self))
            changes[row["update_id"], default: []].append(change)
        }

        var result: [Int64: [IncidentUpdate]] = [:]
        for row in rows {
            let id: Int64 = row["id"]
            let incidentID: Int64 = row["incident_id"]
            result[incidentID, default: []].append(IncidentUpdate(
                id: id, incidentID: incidentID, status: try row.enumeration("status", as: IncidentStatus.self),
                body: bodies[id][.body], createdAt: row.date("created_at"), componentChanges: changes[id] ?? []))
        }
        return result
    }
}
