import Foundation
import GRDB
import StatusModel

extension StatusStore {
    /// Everything the public pages need, read in one transaction. Both selections are indexed
    /// range queries, so the cost follows the window's size, not the length of history.
    /// - Incidents: unresolved ones plus those open at some moment of [windowStart, now], newest first.
    /// - Maintenances: those whose (actual) end is not before windowStart: in the window,
    ///   in progress or upcoming (cancelled ones too; pages decide how to show them), by start.
    public func snapshot(windowStart: Date, now: Date) throws -> StatusSnapshot {
        try read { db in
            let start = windowStart.storeMillis, end = now.storeMillis
            let incidentRows = try Row.fetchAll(db, sql: Self.snapshotIncidentsSQL, arguments: [start, end])
            let maintenances = try Self.loadMaintenances(db, whereSQL: Self.snapshotMaintenancesWhereSQL,
                                                         arguments: [start, start], orderSQL: "starts_at, id")
            var snapshot = StatusSnapshot(groups: try Self.loadGroups(db), components: try Self.loadComponents(db),
                                          incidents: try Self.assembleIncidents(db, rows: incidentRows),
                                          maintenances: maintenances, windowStart: windowStart, takenAt: now)
            snapshot.alerts = try Self.loadAlertOverlay(db)
            return snapshot
        }
    }

    /// Unresolved incidents plus those resolved since the window start (arguments: windowStart, now).
    /// Two indexed halves instead of an OR, which SQLite might answer with a full scan. The second
    /// half names its index: left to itself SQLite walks `incident_by_started_at` (it yields the
    /// ORDER BY for free, and `started_at <= now` matches the whole history), so the home page's
    /// render time grew with history; `resolved_at >= windowStart` reads only the last 90 days.
    static let snapshotIncidentsSQL = """
        SELECT * FROM incident WHERE resolved_at IS NULL
        UNION ALL
        SELECT * FROM incident INDEXED BY incident_by_resolved_at WHERE resolved_at >= ? AND started_at <= ?
        ORDER BY started_at DESC, id DESC
        """

    /// Maintenances not over before the window start (arguments: windowStart twice). The
    /// `ends_at` range uses the index; the actual end (early completion) refines it.
    static let snapshotMaintenancesWhereSQL = "ends_at >= ? AND MIN(COALESCE(completed_at, ends_at), ends_at) >= ?"
}
