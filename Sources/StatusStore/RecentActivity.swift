import Foundation
import GRDB
import StatusModel

// What feeds list: the incidents and maintenances with the most recent activity. Like the
// snapshot, every query walks an index for a bounded number of rows, so the cost follows
// `limit`, not the length of history.
extension StatusStore {
    /// The `limit` incidents whose latest update is newest, newest first, fully loaded.
    /// With `componentID`, only incidents that name that component.
    ///
    /// Candidates are the unresolved incidents plus the `limit` latest by start and by resolution
    /// (three indexed reads); their latest update decides the order. The one kind they can miss,
    /// a late note (a post-mortem) on an incident resolved before `limit` others, is found by
    /// looking for updates newer than the `limit`-th candidate's activity. That look reads the
    /// (incident_id, created_at) index whole; an index on `incident_update (created_at)` would
    /// make it a range read.
    public func recentIncidents(limit: Int, componentID: Int64? = nil) throws -> [Incident] {
        guard limit > 0 else { return [] }
        return try read { db in
            // "AND <column> IN (the component's incidents)", or nothing for the whole site.
            func componentFilter(_ column: String) -> String {
                componentID == nil ? "" : "AND \(column) IN (SELECT incident_id FROM incident_component WHERE component_id = :component)"
            }
            let filter = componentFilter("id")
            var componentArgument: StatementArguments = [:]
            if let componentID { componentArgument = ["component": componentID] }
            let candidates = try Int64.fetchAll(db, sql: """
                SELECT id FROM incident WHERE resolved_at IS NULL \(filter)
                UNION
                SELECT id FROM (SELECT id FROM incident WHERE 1 \(filter) ORDER BY started_at DESC, id DESC LIMIT :limit)
                UNION
                SELECT id FROM (SELECT id FROM incident WHERE resolved_at IS NOT NULL \(filter)
                                ORDER BY resolved_at DESC, id DESC LIMIT :limit)
                """, arguments: componentArgument + ["limit": limit])
            guard !candidates.isEmpty else { return [] }

            var activity = try Self.lastActivity(db, incidentIDs: candidates)
            var ranked = candidates.sorted { (activity[$0] ?? 0, $0) > (activity[$1] ?? 0, $1) }
            // Fewer candidates than `limit` means every incident is one already.
            if ranked.count >= limit, let threshold = activity[ranked[limit - 1]] {
                let late = try Int64.fetchAll(db, sql: """
                    SELECT DISTINCT incident_id FROM incident_update WHERE created_at >= :threshold \(componentFilter("incident_id"))
                    """, arguments: componentArgument + ["threshold": threshold])
                let missed = Array(Set(late).subtracting(candidates))
                if !missed.isEmpty {
                    activity.merge(try Self.lastActivity(db, incidentIDs: missed)) { old, _ in old }
                    ranked = (candidates + missed).sorted { (activity[$0] ?? 0, $0) > (activity[$1] ?? 0, $1) }
                }
            }
            let chosen = ranked.prefix(limit)
            let position = Dictionary(uniqueKeysWithValues: chosen.enumerated().map { ($1, $0) })
            let rows = try fetchRows(db, sql: "SELECT * FROM incident WHERE id IN (%IDS%)", ids: Array(chosen))
                .sorted { (position[$0["id"]] ?? 0) < (position[$1["id"]] ?? 0) }
            return try Self.assembleIncidents(db, rows: rows)
        }
    }

    /// When each incident last changed (its newest update, or its start), in milliseconds;
    /// MAX per incident reads the (incident_id, created_at) index, one chunk of ids at a time.
    private static func lastActivity(_ db: Database, incidentIDs: [Int64]) throws -> [Int64: Int64] {
        var activity: [Int64: Int64] = [:]
        for row in try fetchRows(db, sql: """
            SELECT i.id, MAX(i.started_at, COALESCE(MAX(u.created_at), i.started_at)) AS last_activity
            FROM incident i LEFT JOIN incident_update u ON u.incident_id = i.id
            WHERE i.id IN (%IDS%) GROUP BY i.id
            """, ids: incidentIDs) {
            activity[row["id"]] = row["last_activity"]
        }
        return activity
    }

    /// The `limit` maintenances with the latest start (upcoming ones first), fully loaded.
    /// A maintenance's status moves with the clock, so "latest activity" is its window; callers
    /// that know the time order by what has happened by then. With `componentID`, only windows
    /// that name that component or name none (a window naming no component covers them all).
    public func recentMaintenances(limit: Int, componentID: Int64? = nil) throws -> [Maintenance] {
        guard limit > 0 else { return [] }
        return try read { db in
            guard let componentID else {
                return try Self.loadMaintenances(db, whereSQL: "1", arguments: [limit],
                                                 orderSQL: "starts_at DESC, id DESC LIMIT ?")
            }
            // Walks the starts_at index newest first and stops after `limit` matches.
            return try Self.loadMaintenances(db, whereSQL: Self.maintenanceAffectsComponentSQL, arguments: [componentID, limit],
                                             orderSQL: "starts_at DESC, id DESC LIMIT ?")
        }
    }

    /// Windows that end at `endingFrom` or later (upcoming, running and recently ended, cancelled
    /// ones too), at most `limit` with the latest start; with `componentID`, those affecting it or
    /// the whole service. For the maintenance calendars.
    public func maintenances(endingFrom: Date, limit: Int, componentID: Int64? = nil) throws -> [Maintenance] {
        guard limit > 0 else { return [] }
        return try read { db in
            let componentSQL = componentID == nil ? "" : "AND (\(Self.maintenanceAffectsComponentSQL))"
            var arguments: StatementArguments = [endingFrom.storeMillis]
            if let componentID { arguments += [componentID] }
            arguments += [limit]
            return try Self.loadMaintenances(db, whereSQL: "ends_at >= ? \(componentSQL)", arguments: arguments,
                                             orderSQL: "starts_at DESC, id DESC LIMIT ?")
        }
    }

    /// A maintenance that names the component (the one argument) or names none (the whole service).
    static let maintenanceAffectsComponentSQL = """
        EXISTS (SELECT 1 FROM maintenance_component mc WHERE mc.maintenance_id = maintenance.id AND mc.component_id = ?)
        OR NOT EXISTS (SELECT 1 FROM maintenance_component mc WHERE mc.maintenance_id = maintenance.id)
        """
}
