import Foundation
import GRDB
import StatusModel

/// What the mirror compares between two exports to find the pages a change touched.
public struct MirrorSourceData: Sendable {
    public var dataVersion: Int64
    public var incidents: [Incident]
    public var maintenances: [Maintenance]
    public var components: [Component]
}

extension StatusStore {
    /// Every incident, maintenance and component, read in one transaction (one moment).
    public func mirrorSourceData() throws -> MirrorSourceData {
        try read { db in
            MirrorSourceData(
                dataVersion: try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'data_version'") ?? 0,
                incidents: try Self.loadIncidents(db, whereSQL: "1", arguments: []),
                maintenances: try Self.loadMaintenances(db, whereSQL: "1", arguments: []),
                components: try Self.loadComponents(db))
        }
    }
}
