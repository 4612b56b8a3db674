import Foundation
import GRDB
import StatusModel

// Alert state: what Alertmanager's notifications decided (by `AlertStateRules`), and the
// incidents they proposed. Every change is audited with the rule and the fingerprint.
extension StatusStore {
    /// The firing alerts and every component's staff-status version (public pages and the dashboard).
    public func alertOverlay() throws -> AlertOverlay {
        try read { db in try Self.loadAlertOverlay(db) }
    }

    /// Applies one notice to one component in one transaction: reads the stored record and the
    /// component's staff-status version, decides with `AlertStateRules`, stores and audits the
    /// outcome; a firing under a draft or publish rule also stores the proposed incident.
    /// Returns the decision and the id of the draft it opened, if any.
    public func applyAlert(_ notice: AlertNotice, rule: AlertRule, componentID: Int64, at now: Date,
                           by actor: Actor) throws -> (AlertDecision, draftID: Int64?) {
        try write { db in
            guard let version = try Int64.fetchOne(db, sql: "SELECT status_version FROM component WHERE id = ?",
                                                   arguments: [componentID]) else {
                throw StoreError.notFound(kind: "component", id: componentID)
            }
            let existing = try Row.fetchOne(db, sql: "SELECT * FROM alert_state WHERE component_id = ? AND fingerprint = ?",
                                            arguments: [componentID, notice.fingerprint]).map(Self.alertRecord)
            let decision = AlertStateRules.decide(notice, rule: rule, componentID: componentID, existing: existing,
                                                  staffVersion: version, now: now)
            var draftID: Int64?
            switch decision {
            case .unchanged:
                return (decision, nil)
            case .fire(let record):
                try Self.saveAlert(record, in: db)
                try Self.auditAlert(db, "alert.fire", record, actor: actor, at: now, note: nil)
                if rule.action != .status {
                    draftID = try Self.insertDraft(db, rule: rule, notice: notice, componentID: componentID, at: now)
                }
            case .resolve(let record):
                try Self.saveAlert(record, in: db)
                let overridden = existing.map { $0.isFiring && $0.staffVersion != version } ?? false
                try Self.auditAlert(db, "alert.resolve", record, actor: actor, at: now,
                                    note: overridden ? "staff had set the component's status after the alert fired; that status stays" : nil)
            case .noteStaffOverride(let record):
                try Self.saveAlert(record, in: db)
                try Self.auditAlert(db, "alert.staff_override", record, actor: actor, at: now,
                                    note: "staff set the component's status after the alert fired: the alert no longer changes it")
            }
            return (decision, draftID)
        }
    }

    /// After an alert's incident was published on its behalf: the incident's status write counts
    /// as the alert's own, not as staff overriding it.
    public func adoptStaffVersion(componentID: Int64, fingerprint: String) throws {
        try writeQuietly { db in
            try db.execute(sql: """
                UPDATE alert_state SET staff_version = (SELECT status_version FROM component WHERE id = ?)
                WHERE component_id = ? AND fingerprint = ? AND is_firing = 1
                """, arguments: [componentID, componentID, fingerprint])
        }
    }

    /// Drafts nobody published or discarded yet, oldest first.
    public func openAlertDrafts() throws -> [AlertDraft] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alert_draft WHERE closed_at IS NULL ORDER BY created_at, id").map(Self.alertDraft)
        }
    }

    public func openAlertDraft(id: Int64) throws -> AlertDraft? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM alert_draft WHERE id = ? AND closed_at IS NULL", arguments: [id]).map(Self.alertDraft)
        }
    }

    /// Closes a draft: published as `incidentID`, or discarded (nil). Refused once closed, so a
    /// second click cannot publish the incident twice.
    public func closeAlertDraft(id: Int64, incidentID: Int64?, at: Date, by actor: Actor) throws {
        try write { db in
            try db.execute(sql: "UPDATE alert_draft SET closed_at = ?, incident_id = ? WHERE id = ? AND closed_at IS NULL",
                           arguments: [at.storeMillis, incidentID, id])
            guard db.changesCount == 1 else { throw StoreError.conflict("the alert's draft was already published or discarded") }
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM alert_draft WHERE id = ?", arguments: [id]) else { return }
            let draft = try Self.alertDraft(row)
            try Self.audit(db, actor: actor, at: at, action: incidentID == nil ? "alert_draft.discard" : "alert_draft.publish",
                           entityType: "alert_draft", entityID: id, before: nil,
                           after: AuditJSON.encode(["rule": .string(draft.ruleName), "fingerprint": .string(draft.fingerprint),
                                                    "component_id": .int(draft.componentID), "incident_id": .number(incidentID)]))
        }
    }

    // MARK: Rows

    static func loadAlertOverlay(_ db: Database) throws -> AlertOverlay {
        let records = try Row.fetchAll(db, sql: "SELECT * FROM alert_state WHERE is_firing = 1 ORDER BY received_at, fingerprint")
            .map(alertRecord)
        var versions: [Int64: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, status_version FROM component") { versions[row["id"]] = row["status_version"] }
        return AlertOverlay(records: records, staffVersions: versions)
    }

    private static func alertRecord(_ row: Row) throws -> AlertRecord {
        AlertRecord(componentID: row["component_id"], fingerprint: row["fingerprint"], ruleName: row["rule_name"],
                    status: try row.enumeration("status", as: ComponentStatus.self), startsAt: row.date("starts_at"),
                    isFiring: row["is_firing"], staffVersion: row["staff_version"], overrideNoted: row["override_noted"],
                    summary: row["summary"], receivedAt: row.date("received_at"))
    }

    private static func saveAlert(_ record: AlertRecord, in db: Database) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO alert_state (component_id, fingerprint, rule_name, status, starts_at, is_firing, staff_version,
                                                override_noted, summary, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [record.componentID, record.fingerprint, record.ruleName, record.status.rawValue,
                             record.startsAt.storeMillis, record.isFiring, record.staffVersion, record.overrideNoted,
                             record.summary, record.receivedAt.storeMillis])
    }

    private static func auditAlert(_ db: Database, _ action: String, _ record: AlertRecord, actor: Actor, at: Date,
                                   note: String?) throws {
        var after: [String: AuditValue] = [
            "rule": .string(record.ruleName), "fingerprint": .string(record.fingerprint), "status": .string(record.status.rawValue),
            "starts_at": AuditJSON.time(record.startsAt), "firing": .bool(record.isFiring), "summary": .string(record.summary),
        ]
        if let note { after["note"] = .string(note) }
        try audit(db, actor: actor, at: at, action: action, entityType: "component", entityID: record.componentID,
                  before: nil, after: AuditJSON.encode(.object(after)))
    }

    private static func insertDraft(_ db: Database, rule: AlertRule, notice: AlertNotice, componentID: Int64, at: Date) throws -> Int64? {
        let texts = AlertDraft.texts(rule: rule, notice: notice)
        try db.execute(sql: """
            INSERT OR IGNORE INTO alert_draft (component_id, fingerprint, starts_at, rule_name, status, title_json, body_json, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [componentID, notice.fingerprint, notice.startsAt.storeMillis, rule.name, rule.status.rawValue,
                             AuditJSON.encode(AuditJSON.text(texts.title)), AuditJSON.encode(AuditJSON.text(texts.body)),
                             at.storeMillis])
        return db.changesCount == 1 ? db.lastInsertedRowID : nil
    }

    private static func alertDraft(_ row: Row) throws -> AlertDraft {
        func text(_ column: String) -> LocalizedText {
            let raw: String = row[column]
            let values = (try? JSONDecoder().decode([String: String].self, from: Data(raw.utf8))) ?? [:]
            return LocalizedText(Dictionary(values.compactMap { key, value in LanguageCode(key).map { ($0, value) } },
                                            uniquingKeysWith: { first, _ in first }))
        }
        return AlertDraft(id: row["id"], componentID: row["component_id"], fingerprint: row["fingerprint"],
                          startsAt: row.date("starts_at"), ruleName: row["rule_name"],
                          status: try row.enumeration("status", as: ComponentStatus.self),
                          title: text("title_json"), body: text("body_json"), createdAt: row.date("created_at"))
    }
}
