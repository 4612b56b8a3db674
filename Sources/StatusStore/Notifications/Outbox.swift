import Foundation
import GRDB
import StatusModel

/// The outbox: `enqueue` runs inside a publishing transaction, so an event and its deliveries
/// commit or roll back together with the change they announce.
extension StatusStore {
    /// What `payload_json` holds: the frozen subject and every component at that moment.
    struct EventPayload: Codable {
        var subject: NotificationSubject
        var components: [Component]
    }

    /// Writes the event and one pending delivery per matching confirmed email subscriber and
    /// webhook. With a `onceKey` already used, writes nothing (returns nil). `components`: every
    /// component as it is now, when the caller has them loaded already.
    @discardableResult
    static func enqueue(_ db: Database, kind: NotificationEventKind, subject: NotificationSubject, onceKey: String? = nil,
                        at: Date, components loaded: [Component]? = nil) throws -> Int64? {
        let components = try loaded ?? loadComponents(db)
        let payload = try JSONEncoder().encode(EventPayload(subject: subject, components: components))
        let event = NotificationEvent(id: 0, publicID: "", kind: kind, subject: subject, components: components, createdAt: at)
        try db.execute(sql: """
            INSERT OR IGNORE INTO notification_event (public_id, kind, payload_json, once_key, created_at) VALUES (?, ?, ?, ?, ?)
            """, arguments: [UUID().uuidString.lowercased(), kind.rawValue, String(decoding: payload, as: UTF8.self), onceKey,
                             at.storeMillis])
        guard db.changesCount > 0 else { return nil }
        let eventID = db.lastInsertedRowID
        // Staff reminders: the caller writes the staff deliveries; subscribers and webhooks never hear of them.
        if kind.isForStaff { return eventID }
        let concerned = String(decoding: try JSONEncoder().encode(event.concernedComponentIDs), as: UTF8.self)
        let everyone = event.concernedComponentIDs.isEmpty
        if kind.isEmailed {
            try db.execute(sql: """
                INSERT INTO notification_delivery (event_id, channel, subscriber_id, next_attempt_at, created_at)
                SELECT ?, 'email', s.id, ?, ? FROM email_subscriber s
                WHERE s.confirmed_at IS NOT NULL AND (s.filtered = 0 OR ? OR EXISTS (
                    SELECT 1 FROM email_subscriber_component c
                    WHERE c.subscriber_id = s.id AND c.component_id IN (SELECT value FROM json_each(?))))
                """, arguments: [eventID, at.storeMillis, at.storeMillis, everyone, concerned])
        }
        try db.execute(sql: """
            INSERT INTO notification_delivery (event_id, channel, webhook_id, next_attempt_at, created_at)
            SELECT ?, 'webhook', w.id, ?, ? FROM webhook_subscription w
            WHERE w.filtered = 0 OR ? OR EXISTS (
                SELECT 1 FROM webhook_subscription_component c
                WHERE c.webhook_id = w.id AND c.component_id IN (SELECT value FROM json_each(?)))
            """, arguments: [eventID, at.storeMillis, at.storeMillis, everyone, concerned])
        return eventID
    }

    /// A component.updated event for each change that really changes a status.
    static func enqueueComponentChanges(_ db: Database, before: [Int64: ComponentStatus], at: Date) throws {
        let components = try loadComponents(db)
        for component in components {
            guard let previous = before[component.id], previous != component.status, !component.isHidden else { continue }
            try enqueue(db, kind: .componentUpdated, subject: .component(component, previousStatus: previous), at: at,
                        components: components)
        }
    }

    static func componentStatuses(_ db: Database) throws -> [Int64: ComponentStatus] {
        var statuses: [Int64: ComponentStatus] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, status FROM component") {
            statuses[row["id"]] = try row.enumeration("status", as: ComponentStatus.self)
        }
        return statuses
    }

    public func notificationEvent(id: Int64) throws -> NotificationEvent? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM notification_event WHERE id = ?", arguments: [id]).map(Self.event)
        }
    }

    static func event(_ row: Row) throws -> NotificationEvent {
        let json: String = row["payload_json"]
        let payload = try JSONDecoder().decode(EventPayload.self, from: Data(json.utf8))
        return NotificationEvent(id: row["id"], publicID: row["public_id"],
                                 kind: try row.enumeration("kind", as: NotificationEventKind.self),
                                 subject: payload.subject, components: payload.components, createdAt: row.date("created_at"))
    }
}
