import Foundation
import GRDB
import StatusModel

/// What an import did (or, in a dry run, would do), per kind of record.
public struct ImportReport: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case group = "component_group", component, incident, incidentUpdate = "incident_update", maintenance

        /// Plural words for summaries ("3 components created").
        public var plural: String {
            switch self {
            case .group: "component groups"
            case .component: "components"
            case .incident: "incidents"
            case .incidentUpdate: "incident updates"
            case .maintenance: "maintenances"
            }
        }
    }

    /// The names of records created and updated; updates carry their incident's title.
    public var created: [Kind: [String]] = [:]
    public var updated: [Kind: [String]] = [:]
    public var unchanged: [Kind: Int] = [:]

    public init() {}

    public var changedAnything: Bool { !(created.values.joined().isEmpty && updated.values.joined().isEmpty) }
}

/// Writes an `ImportBatch` in one transaction: records seen before (by their source id, kept in
/// `import_source_id`) are updated in place, new ones are created. Texts go into `language` only,
/// so a translation staff added in another language survives. Nothing is queued for subscribers
/// or webhooks: an import restates the past. A dry run does the same work and rolls it back.
extension StatusStore {
    public func importBatch(_ batch: ImportBatch, source: String, language: LanguageCode, at now: Date,
                            by actor: Actor, dryRun: Bool) throws -> ImportReport {
        struct RolledBack: Error { let report: ImportReport }
        do {
            return try write { db in
                var writer = ImportWriter(db: db, batch: batch, source: source, language: language, now: now, actor: actor)
                try writer.run()
                if dryRun { throw RolledBack(report: writer.report) }
                return writer.report
            }
        } catch let rolledBack as RolledBack {
            return rolledBack.report
        }
    }
}

/// One import's pass over the batch inside the open transaction.
private struct ImportWriter {
    let db: Database
    let batch: ImportBatch
    let source: String
    let language: LanguageCode
    let now: Date
    let actor: Actor
    var report = ImportReport()
    var groupIDs: [String: Int64] = [:]
    var componentIDs: [String: Int64] = [:]

    init(db: Database, batch: ImportBatch, source: String, language: LanguageCode, now: Date, actor: Actor) {
        self.db = db; self.batch = batch; self.source = source; self.language = language; self.now = now; self.actor = actor
    }

    mutating func run() throws {
        for group in batch.groups { try importGroup(group) }
        for component in batch.components { try importComponent(component) }
        for incident in batch.incidents { try importIncident(incident) }
        for maintenance in batch.maintenances { try importMaintenance(maintenance) }
    }

    // MARK: - Components

    mutating func importGroup(_ group: ImportedGroup) throws {
        let existing = try mapped(.group, group.externalID, table: "component_group")
        let before = try existing.flatMap { id in try StatusStore.loadGroups(db).first { $0.id == id } }
        let id: Int64
        if let existing {
            id = existing
            try db.execute(sql: "UPDATE component_group SET position = ? WHERE id = ?", arguments: [group.position, id])
        } else {
            try db.execute(sql: "INSERT INTO component_group (position) VALUES (?)", arguments: [group.position])
            id = db.lastInsertedRowID
            try remember(.group, group.externalID, id)
        }
        try saveText(group.name, owner: .group, id: id, field: .name)
        try saveText(group.description, owner: .group, id: id, field: .description)
        groupIDs[group.externalID] = id
        guard let after = try StatusStore.loadGroups(db).first(where: { $0.id == id }) else { return }
        try record(.group, name: group.name, entity: "component_group", id: id, before: before.map(AuditJSON.group),
                   after: AuditJSON.group(after), changed: before != after)
    }

    mutating func importComponent(_ component: ImportedComponent) throws {
        let existing = try mapped(.component, component.externalID, table: "component")
        let before = try existing.flatMap { try StatusStore.loadComponent(db, id: $0) }
        let groupID = component.groupExternalID.flatMap { groupIDs[$0] }
        let id: Int64
        if let existing {
            id = existing
            try db.execute(sql: "UPDATE component SET group_id = ?, position = ?, status = ?, created_at = ? WHERE id = ?",
                           arguments: [groupID, component.position, component.status.rawValue, component.createdAt.storeMillis, id])
        } else {
            let taken = Set(try String.fetchAll(db, sql: "SELECT slug FROM component"))
            try db.execute(sql: "INSERT INTO component (slug, group_id, position, status, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [ImportRules.slug(for: component.name, taken: taken), groupID, component.position,
                                       component.status.rawValue, component.createdAt.storeMillis])
            id = db.lastInsertedRowID
            try remember(.component, component.externalID, id)
        }
        try saveText(component.name, owner: .component, id: id, field: .name)
        try saveText(component.description, owner: .component, id: id, field: .description)
        componentIDs[component.externalID] = id
        guard let after = try StatusStore.loadComponent(db, id: id) else { return }
        try record(.component, name: component.name, entity: "component", id: id, before: before.map(AuditJSON.component),
                   after: AuditJSON.component(after), changed: before != after)
    }

    // MARK: - Incidents

    mutating func importIncident(_ incident: ImportedIncident) throws {
        let existing = try mapped(.incident, incident.externalID, table: "incident")
        let before = try existing.flatMap { try loadIncident($0) }
        let id: Int64
        let row: [(any DatabaseValueConvertible)?] = [incident.impact.rawValue, incident.status.rawValue,
                                                     incident.startedAt.storeMillis, incident.resolvedAt?.storeMillis]
        if let existing {
            id = existing
            try db.execute(sql: "UPDATE incident SET impact = ?, status = ?, started_at = ?, resolved_at = ? WHERE id = ?",
                           arguments: StatementArguments(row + [id]))
        } else {
            try db.execute(sql: "INSERT INTO incident (impact, status, started_at, resolved_at) VALUES (?, ?, ?, ?)",
                           arguments: StatementArguments(row))
            id = db.lastInsertedRowID
            try remember(.incident, incident.externalID, id)
        }
        try saveText(incident.title, owner: .incident, id: id, field: .title)
        for update in incident.updates { try importUpdate(update, incidentID: id, title: incident.title) }
        let linked = incident.componentExternalIDs + incident.updates.flatMap { $0.changes.map(\.componentExternalID) }
        try StatusStore.linkComponents(db, incidentID: id, componentIDs: unique(linked.compactMap { componentIDs[$0] }))
        if let postmortem = incident.postmortem { try importPostmortem(postmortem, incidentID: id) }
        guard let after = try loadIncident(id) else { return }
        try record(.incident, name: incident.title, entity: "incident", id: id, before: before.map(AuditJSON.incident),
                   after: AuditJSON.incident(after), changed: before != after)
    }

    /// An update's own row; its audit record is its incident's.
    mutating func importUpdate(_ update: ImportedUpdate, incidentID: Int64, title: String) throws {
        let existing = try mapped(.incidentUpdate, update.externalID, table: "incident_update")
        let db = self.db
        let loadUpdate = { (id: Int64) in try StatusStore.loadUpdates(db, incidentIDs: [incidentID])[incidentID]?.first { $0.id == id } }
        let before = try existing.flatMap(loadUpdate)
        let changes = update.changes.compactMap { change in
            componentIDs[change.componentExternalID].map { ComponentStatusChange(componentID: $0, status: change.status) }
        }
        let id: Int64
        if let existing {
            id = existing
            try db.execute(sql: "UPDATE incident_update SET incident_id = ?, status = ?, created_at = ? WHERE id = ?",
                           arguments: [incidentID, update.status.rawValue, update.createdAt.storeMillis, id])
            try db.execute(sql: "DELETE FROM incident_update_component WHERE update_id = ?", arguments: [id])
            for (position, change) in changes.enumerated() {
                try db.execute(sql: "INSERT INTO incident_update_component (update_id, component_id, status, position) VALUES (?, ?, ?, ?)",
                               arguments: [id, change.componentID, change.status.rawValue, position])
            }
        } else {
            id = try StatusStore.insertUpdate(db, incidentID: incidentID, status: update.status, body: LocalizedText(),
                                              changes: changes, at: update.createdAt)
            try remember(.incidentUpdate, update.externalID, id)
        }
        try saveText(update.body, owner: .incidentUpdate, id: id, field: .body)
        let after = try loadUpdate(id)
        tally(.incidentUpdate, name: title, created: existing == nil, changed: before != after)
    }

    /// Stored as published at the source's moment; the draft holds the same text, so staff can edit it.
    func importPostmortem(_ postmortem: ImportedPostmortem, incidentID: Int64) throws {
        let at = postmortem.publishedAt.storeMillis
        try db.execute(sql: """
            INSERT INTO postmortem (incident_id, draft_saved_at, published_at, last_published_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (incident_id) DO UPDATE SET published_at = excluded.published_at,
                last_published_at = excluded.last_published_at
            """, arguments: [incidentID, at, at, at])
        for version in ["draft", "published"] {
            try db.execute(sql: """
                INSERT INTO postmortem_text (incident_id, version, language, body) VALUES (?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET body = excluded.body
                """, arguments: [incidentID, version, language.rawValue, postmortem.body])
        }
    }

    func loadIncident(_ id: Int64) throws -> Incident? {
        try StatusStore.loadIncidents(db, whereSQL: "id = ?", arguments: [id]).first
    }

    // MARK: - Maintenance

    mutating func importMaintenance(_ maintenance: ImportedMaintenance) throws {
        let existing = try mapped(.maintenance, maintenance.externalID, table: "maintenance")
        let db = self.db
        let load = { (id: Int64) in try StatusStore.loadMaintenances(db, whereSQL: "id = ?", arguments: [id]).first }
        let before = try existing.flatMap(load)
        let window: [(any DatabaseValueConvertible)?] = [
            maintenance.startsAt.storeMillis, maintenance.endsAt.storeMillis, maintenance.cancelledAt?.storeMillis,
            maintenance.completedAt?.storeMillis, maintenance.createdAt.storeMillis,
        ]
        let id: Int64
        if let existing {
            id = existing
            try db.execute(sql: """
                UPDATE maintenance SET starts_at = ?, ends_at = ?, cancelled_at = ?, completed_at = ?, created_at = ? WHERE id = ?
                """, arguments: StatementArguments(window + [id]))
            try db.execute(sql: "DELETE FROM maintenance_component WHERE maintenance_id = ?", arguments: [id])
        } else {
            // notify_subscribers = 0: no announcement and no reminder for an imported window.
            try db.execute(sql: """
                INSERT INTO maintenance (starts_at, ends_at, cancelled_at, completed_at, created_at, notify_subscribers)
                VALUES (?, ?, ?, ?, ?, 0)
                """, arguments: StatementArguments(window))
            id = db.lastInsertedRowID
            try remember(.maintenance, maintenance.externalID, id)
        }
        for (position, componentID) in unique(maintenance.componentExternalIDs.compactMap { componentIDs[$0] }).enumerated() {
            try db.execute(sql: "INSERT INTO maintenance_component (maintenance_id, component_id, position) VALUES (?, ?, ?)",
                           arguments: [id, componentID, position])
        }
        try saveText(maintenance.title, owner: .maintenance, id: id, field: .title)
        try saveText(maintenance.body, owner: .maintenance, id: id, field: .body)
        guard var after = try load(id) else { return }
        if let before, before != after {
            // A changed window is a new revision for calendar clients (SEQUENCE), as a staff edit is.
            try db.execute(sql: "UPDATE maintenance SET \(StatusStore.revised) WHERE id = ?", arguments: [now.storeMillis, id])
            after = try load(id) ?? after
        }
        try record(.maintenance, name: maintenance.title, entity: "maintenance", id: id,
                   before: before.map(AuditJSON.maintenance), after: AuditJSON.maintenance(after),
                   changed: before.map { $0 != after } ?? true)
    }

    // MARK: - Shared pieces

    /// The local row an earlier import made of this record, if it still exists (staff may have
    /// deleted it: then the record is created again and the mapping replaced).
    func mapped(_ kind: ImportReport.Kind, _ externalID: String, table: String) throws -> Int64? {
        guard let id = try Int64.fetchOne(db, sql: """
            SELECT local_id FROM import_source_id WHERE source = ? AND page_id = ? AND kind = ? AND external_id = ?
            """, arguments: [source, batch.pageID, kind.rawValue, externalID]) else { return nil }
        return try StatusStore.exists(db, table: table, id: id) ? id : nil
    }

    func remember(_ kind: ImportReport.Kind, _ externalID: String, _ localID: Int64) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO import_source_id (source, page_id, kind, external_id, local_id, imported_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [source, batch.pageID, kind.rawValue, externalID, localID, now.storeMillis])
    }

    /// Sets the text in the import's language, keeping the other languages' texts.
    func saveText(_ text: String, owner: TextOwner, id: Int64, field: TextField) throws {
        var texts = try LocalizedTexts.load(owner: owner, ids: [id], in: db)[id][field]
        texts[language] = text
        try LocalizedTexts.save(texts, owner: owner, id: id, field: field, in: db)
    }

    mutating func record(_ kind: ImportReport.Kind, name: String, entity: String, id: Int64, before: String?,
                         after: String, changed: Bool) throws {
        tally(kind, name: name, created: before == nil, changed: changed)
        guard before == nil || changed else { return }
        try StatusStore.audit(db, actor: actor, at: now, action: before == nil ? "import.create" : "import.update",
                              entityType: entity, entityID: id, before: before, after: after)
    }

    mutating func tally(_ kind: ImportReport.Kind, name: String, created: Bool, changed: Bool) {
        if created { report.created[kind, default: []].append(name) }
        else if changed { report.updated[kind, default: []].append(name) }
        else { report.unchanged[kind, default: 0] += 1 }
    }

    func unique(_ ids: [Int64]) -> [Int64] {
        var seen = Set<Int64>()
        return ids.filter { seen.insert($0).inserted }
    }
}
