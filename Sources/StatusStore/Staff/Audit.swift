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

/// A JSON value for the audit log's before/after columns (typed, so nothing can fail to encode).
indirect enum AuditValue: Encodable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByArrayLiteral, ExpressibleByNilLiteral {
    case string(String), int(Int64), bool(Bool), null, array([AuditValue]), object([String: AuditValue])

    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(dictionaryLiteral elements: (String, AuditValue)...) { self = .object(Dictionary(elements) { _, last in last }) }
    init(arrayLiteral elements: AuditValue...) { self = .array(elements) }
    init(nilLiteral: ()) { self = .null }

    static func number(_ value: Int64?) -> AuditValue { value.map(AuditValue.int) ?? .null }
    static func number(_ value: Int) -> AuditValue { .int(Int64(value)) }
    static func ids(_ ids: [Int64]) -> AuditValue { .array(ids.map(AuditValue.int)) }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }
}

/// The before/after snapshots in the audit log: stable JSON (sorted keys, ISO 8601 UTC times).
/// Secrets (password and token hashes, CSRF secrets) never appear here.
enum AuditJSON {
    static func encode(_ value: AuditValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func text(_ text: LocalizedText) -> AuditValue {
        .object(Dictionary(uniqueKeysWithValues: text.values.map { ($0.key.rawValue, AuditValue.string($0.value)) }))
    }

    static func time(_ date: Date?) -> AuditValue {
        date.map { .string($0.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))) } ?? .null
    }

    static func changes(_ changes: [ComponentStatusChange]) -> AuditValue {
        .array(changes.map { ["component_id": .int($0.componentID), "status": .string($0.status.rawValue)] })
    }

    static func incident(_ incident: Incident) -> String { encode(value(incident)) }
    static func value(_ incident: Incident) -> AuditValue {
        ["id": .int(incident.id), "title": text(incident.title), "impact": .string(incident.impact.rawValue),
         "status": .string(incident.status.rawValue), "started_at": time(incident.startedAt),
         "resolved_at": time(incident.resolvedAt), "component_ids": .ids(incident.componentIDs)]
    }

    static func update(_ update: IncidentUpdate) -> String { encode(value(update)) }
    static func value(_ update: IncidentUpdate) -> AuditValue {
        ["id": .int(update.id), "incident_id": .int(update.incidentID), "status": .string(update.status.rawValue),
         "body": text(update.body), "created_at": time(update.createdAt), "component_changes": changes(update.componentChanges)]
    }

    static func maintenance(_ maintenance: Maintenance) -> String {
        encode(["id": .int(maintenance.id), "title": text(maintenance.title), "body": text(maintenance.body),
                "starts_at": time(maintenance.startsAt), "ends_at": time(maintenance.endsAt),
                "cancelled_at": time(maintenance.cancelledAt), "completed_at": time(maintenance.completedAt),
                "component_ids": .ids(maintenance.componentIDs)])
    }

    static func component(_ component: Component) -> String {
        encode(["id": .int(component.id), "slug": .string(component.slug), "group_id": .number(component.groupID),
                "name": text(component.name), "description": text(component.description),
                "position": .number(component.position), "status": .string(component.status.rawValue),
                "is_hidden": .bool(component.isHidden)])
    }

    static func group(_ group: ComponentGroup) -> String {
        encode(["id": .int(group.id), "name": text(group.name), "description": text(group.description),
                "position": .number(group.position), "is_collapsed": .bool(group.isCollapsed)])
    }

    static func user(_ user: StaffUser) -> String {
        encode(["id": .int(user.id), "email": .string(user.email), "name": .string(user.name),
                "role": .string(user.role.rawValue), "created_at": time(user.createdAt),
                "language": user.language.map { .string($0.rawValue) } ?? .null])
    }

    static func token(_ token: APIToken) -> String {
        encode(["id": .int(token.id), "name": .string(token.name), "role": .string(token.role.rawValue),
                "prefix": .string(token.prefix), "created_at": time(token.createdAt), "revoked_at": time(token.revokedAt),
                "language": token.language.map { .string($0.rawValue) } ?? .null])
    }

    static func template(_ template: MessageTemplate) -> String {
        encode(["id": .int(template.id), "name": .string(template.name), "title": text(template.title),
                "body": text(template.body)])
    }

    static func session(userID: Int64, createdAt: Date) -> String {
        encode(["user_id": .int(userID), "created_at": time(createdAt)])
    }
}
