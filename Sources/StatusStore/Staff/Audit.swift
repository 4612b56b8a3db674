import Foundation
import GRDB
import StatusModel

// The audit log: every write function calls `audit` inside its own transaction, so a change
// and its record commit or roll back together.
extension StatusStore {
    /// Newest first. Pass the smallest id of the previous page as `before` for the next one.
    public func auditEntries(before id: Int64?, limit: Int) throws -> [AuditEntry] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [id ?? Int64.max, max(0, min(limit, 1_000))])
            return try rows.map(Self.auditEntry)
        }
    }

    /// The entries about one entity (e.g. an incident's history of edits), newest first.
    public func auditEntries(entityType: String, entityID: Int64, limit: Int = 100) throws -> [AuditEntry] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY id DESC LIMIT ?
                """, arguments: [entityType, entityID, max(0, min(limit, 1_000))])
            return try rows.map(Self.auditEntry)
        }
    }

    static func audit(_ db: Database, actor: Actor, at: Date, action: String, entityType: String, entityID: Int64?,
                      before: String?, after: String?) throws {
        try db.execute(sql: """
            INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, actor_role, action, entity_type, entity_id,
                                   before_json, after_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [at.storeMillis, actor.kind.rawValue, actor.id, actor.name, actor.role.rawValue, action,
                             entityType, entityID, before, after])
    }

    private static func auditEntry(_ row: Row) throws -> AuditEntry {
        let actor = Actor(kind: try row.enumeration("actor_kind", as: Actor.Kind.self), id: row["actor_id"],
                          name: row["actor_name"], role: try row.enumeration("actor_role", as: StaffRole.self))
        return AuditEntry(id: row["id"], at: row.date("at"), actor: actor, action: row["action"],
                          entityType: row["entity_type"], entityID: row["entity_id"],
                          before: row["before_json"], after: row["after_json"])
    }
}

/// The before/after snapshots in the audit log: stable JSON (sorted keys, ISO 8601 UTC times).
/// Secrets (password and token hashes, CSRF secrets) never appear here.
enum AuditJSON {
    static func encode(_ object: [String: Any?]) -> String {
        let cleaned = object.mapValues { $0 ?? NSNull() }
        guard let data = try? JSONSerialization.data(withJSONObject: cleaned, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func text(_ text: LocalizedText) -> [String: String] {
        Dictionary(uniqueKeysWithValues: text.values.map { ($0.key.rawValue, $0.value) })
    }

    static func time(_ date: Date?) -> String? {
        date.map { $0.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
    }

    static func changes(_ changes: [ComponentStatusChange]) -> [[String: Any]] {
        changes.map { ["component_id": $0.componentID, "status": $0.status.rawValue] }
    }

    static func incident(_ incident: Incident) -> String {
        encode(["id": incident.id, "title": text(incident.title), "impact": incident.impact.rawValue,
                "status": incident.status.rawValue, "started_at": time(incident.startedAt),
                "resolved_at": time(incident.resolvedAt), "component_ids": incident.componentIDs])
    }

    static func update(_ update: IncidentUpdate) -> String {
        encode(["id": update.id, "incident_id": update.incidentID, "status": update.status.rawValue,
                "body": text(update.body), "created_at": time(update.createdAt),
                "component_changes": changes(update.componentChanges)])
    }

    static func maintenance(_ maintenance: Maintenance) -> String {
        encode(["id": maintenance.id, "title": text(maintenance.title), "body": text(maintenance.body),
                "starts_at": time(maintenance.startsAt), "ends_at": time(maintenance.endsAt),
                "cancelled_at": time(maintenance.cancelledAt), "completed_at": time(maintenance.completedAt),
                "component_ids": maintenance.componentIDs])
    }

    static func component(_ component: Component) -> String {
        encode(["id": component.id, "slug": component.slug, "group_id": component.groupID, "name": text(component.name),
                "description": text(component.description), "position": component.position,
                "status": component.status.rawValue, "is_hidden": component.isHidden])
    }

    static func group(_ group: ComponentGroup) -> String {
        encode(["id": group.id, "name": text(group.name), "description": text(group.description),
                "position": group.position, "is_collapsed": group.isCollapsed])
    }

    static func user(_ user: StaffUser) -> String {
        encode(["id": user.id, "email": user.email, "name": user.name, "role": user.role.rawValue,
                "created_at": time(user.createdAt)])
    }

    static func token(_ token: APIToken) -> String {
        encode(["id": token.id, "name": token.name, "role": token.role.rawValue, "prefix": token.prefix,
                "created_at": time(token.createdAt), "revoked_at": time(token.revokedAt)])
    }

    static func template(_ template: MessageTemplate) -> String {
        encode(["id": template.id, "name": template.name, "title": text(template.title), "body": text(template.body)])
    }

    static func session(userID: Int64, createdAt: Date) -> String {
        encode(["user_id": userID, "created_at": time(createdAt)])
    }
}
