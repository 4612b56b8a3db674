import Foundation
import GRDB
import StatusModel

// Planned maintenance windows. Their status is derived from the clock (Maintenance.status(at:)),
// so the store only keeps the plan and what staff did to it.
extension StatusStore {
    public func maintenance(id: Int64) throws -> Maintenance? {
        try read { db in try Self.loadMaintenances(db, whereSQL: "id = ?", arguments: [id]).first }
    }

    /// Maintenances starting in [from, before), newest first: one archive month.
    public func maintenances(startingFrom from: Date, before: Date) throws -> [Maintenance] {
        try read { db in
            try Self.loadMaintenances(db, whereSQL: "starts_at >= ? AND starts_at < ?",
                                      arguments: [from.storeMillis, before.storeMillis])
        }
    }

    public func maintenanceIDs() throws -> [Int64] {
        try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM maintenance ORDER BY id") }
    }

    public func createMaintenance(title: LocalizedText, body: LocalizedText, startsAt: Date, endsAt: Date,
                                  componentIDs: [Int64], createdAt: Date, by actor: Actor,
                                  notify: Bool = false) throws -> Maintenance {
        guard !title.isEmpty else { throw StoreError.invalid("a maintenance needs a title") }
        guard endsAt.storeMillis > startsAt.storeMillis else { throw StoreError.invalid("a maintenance must end after it starts") }
        return try write { db in
            try Self.requireComponents(componentIDs, in: db)
            try db.execute(sql: "INSERT INTO maintenance (starts_at, ends_at, created_at, notify_subscribers) VALUES (?, ?, ?, ?)",
                           arguments: [startsAt.storeMillis, endsAt.storeMillis, createdAt.storeMillis, notify])
            let id = db.lastInsertedRowID
            try LocalizedTexts.save(title, owner: .maintenance, id: id, field: .title, in: db)
            try LocalizedTexts.save(body, owner: .maintenance, id: id, field: .body, in: db)
            for (position, componentID) in componentIDs.enumerated() {
                try db.execute(sql: "INSERT INTO maintenance_component (maintenance_id, component_id, position) VALUES (?, ?, ?)",
                               arguments: [id, componentID, position])
            }
            let maintenance = try Self.loadMaintenances(db, whereSQL: "id = ?", arguments: [id])[0]
            try Self.audit(db, actor: actor, at: createdAt, action: "maintenance.create", entityType: "maintenance", entityID: id,
                           before: nil, after: AuditJSON.maintenance(maintenance))
            if notify { try Self.enqueue(db, kind: .maintenanceScheduled, subject: .maintenance(maintenance), at: createdAt) }
            return maintenance
        }
    }

    public func cancelMaintenance(id: Int64, at: Date, by actor: Actor) throws {
        try write { db in
            _ = try Self.requireOpenMaintenance(db, id: id)
            let before = try Self.loadMaintenances(db, whereSQL: "id = ?", arguments: [id])[0]
            try db.execute(sql: "UPDATE maintenance SET cancelled_at = ?, \(Self.revised) WHERE id = ?", arguments: [at.storeMillis, at.storeMillis, id])
            try Self.auditMaintenance(db, actor: actor, at: at, action: "maintenance.cancel", before: before)
            try Self.announceMaintenance(db, id: id, kind: .maintenanceCancelled, at: at)
        }
    }

    /// Staff finished early (or on time); a window ends on its own at `endsAt` without this.
    public func completeMaintenance(id: Int64, at: Date, by actor: Actor) throws {
        try write { db in
            let row = try Self.requireOpenMaintenance(db, id: id)
            guard at >= row.date("starts_at") else { throw StoreError.invalid("a maintenance cannot complete before it starts") }
            let before = try Self.loadMaintenances(db, whereSQL: "id = ?", arguments: [id])[0]
            try db.execute(sql: "UPDATE maintenance SET completed_at = ?, \(Self.revised) WHERE id = ?", arguments: [at.storeMillis, at.storeMillis, id])
            try Self.auditMaintenance(db, actor: actor, at: at, action: "maintenance.complete", before: before)
            try Self.announceMaintenance(db, id: id, kind: .maintenanceCompleted, at: at)
        }
    }

    /// Moves the planned end (later, usually; earlier is allowed as long as it is after the start).
    public func extendMaintenance(id: Int64, endsAt: Date, at: Date = Date(), by actor: Actor, notify: Bool = false) throws {
        try write { db in
            let row = try Self.requireOpenMaintenance(db, id: id)
            guard endsAt.storeMillis > (row["starts_at"] as Int64) else {
                throw StoreError.invalid("a maintenance must end after it starts")
            }
            let before = try Self.loadMaintenances(db, whereSQL: "id = ?", arguments: [id])[0]
            try db.execute(sql: "UPDATE maintenance SET ends_at = ?, \(Self.revised) WHERE id = ?", arguments: [endsAt.storeMillis, at.storeMillis, id])
            try Self.auditMaintenance(db, actor: actor, at: at, action: "maintenance.extend", before: before)
            if notify { try Self.announceMaintenance(db, id: id, kind: .maintenanceUpdated, at: at, once: false) }
        }
    }

    /// Moves a window that has not started yet to new times. Its reminder is armed again (the
    /// reminder's once-key holds the start), and subscribers hear of the move when `notify`.
    public func rescheduleMaintenance(id: Int64, startsAt: Date, endsAt: Date, at: Date, by actor: Actor, notify: Bool = false) throws {
        guard endsAt.storeMillis > startsAt.storeMillis else { throw StoreError.invalid("a maintenance must end after it starts") }
        try write { db in
            let row = try Self.requireOpenMaintenance(db, id: id)
            guard at < row.date("starts_at") else { throw StoreError.invalid("maintenance \(id) has started already") }
            let before = try Self.loadMaintenances(db, whereSQL: "id = ?", arguments: [id])[0]
            try db.execute(sql: "UPDATE maintenance SET starts_at = ?, ends_at = ?, \(Self.revised) WHERE id = ?",
                           arguments: [startsAt.storeMillis, endsAt.storeMillis, at.storeMillis, id])
            try Self.auditMaintenance(db, actor: actor, at: at, action: "maintenance.reschedule", before: before)
            if notify { try Self.announceMaintenance(db, id: id, kind: .maintenanceUpdated, at: at, once: false) }
        }
    }

    /// The SET clause every change to a window adds (its one argument: the change's moment).
    static let revised = "revision = revision + 1, updated_at = ?"

    /// The maintenance row, if it exists and was neither cancelled nor completed.
    static func requireOpenMaintenance(_ db: Database, id: Int64) throws -> Row {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM maintenance WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(kind: "maintenance", id: id)
        }
        if row["cancelled_at"] as Int64? != nil { throw StoreError.invalid("maintenance \(id) was cancelled") }
        if row["completed_at"] as Int64? != nil { throw StoreError.invalid("maintenance \(id) was already completed") }
        return row
    }

    /// Maintenances matching `whereSQL` (on table `maintenance`), ordered by `orderSQL`, fully loaded.
    static func loadMaintenances(_ db: Database, whereSQL: String, arguments: StatementArguments,
                                 orderSQL: String = "starts_at DESC, id DESC") throws -> [Maintenance] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM maintenance WHERE \(whereSQL) ORDER BY \(orderSQL)", arguments: arguments)
        let ids: [Int64] = rows.map { $0["id"] }
        guard !ids.isEmpty else { return [] }
        let texts = try LocalizedTexts.load(owner: .maintenance, ids: ids, in: db)
        var componentIDs: [Int64: [Int64]] = [:]
        for link in try fetchRows(db, sql: """
            SELECT maintenance_id, component_id FROM maintenance_component WHERE maintenance_id IN (%IDS%)
            ORDER BY maintenance_id, position
            """, ids: ids) {
            componentIDs[link["maintenance_id"], default: []].append(link["component_id"])
        }
        return rows.map { row in
            let id: Int64 = row["id"]
            return Maintenance(id: id, title: texts[id][.title], body: texts[id][.body], startsAt: row.date("starts_at"),
                               endsAt: row.date("ends_at"), cancelledAt: row.optionalDate("cancelled_at"),
                               completedAt: row.optionalDate("completed_at"), componentIDs: componentIDs[id] ?? [],
                               createdAt: row.date("created_at"), revision: row["revision"],
                               updatedAt: row.optionalDate("updated_at"))
        }
    }
}
