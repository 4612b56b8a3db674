import Foundation
import GRDB
import StatusModel

/// One delivery the sender should attempt now, with everything needed to render and send it.
public struct DueDelivery: Sendable, Hashable {
    public enum Recipient: Sendable, Hashable {
        /// `token` goes into the confirm/unsubscribe links.
        case email(EmailSubscriber, token: String)
        case webhook(WebhookSubscription)
        /// A staff member (stale incident reminders), with the language the email is written in.
        case staff(EmailAddress, language: LanguageCode)
    }
    public var id: Int64
    /// nil for a confirmation email.
    public var eventID: Int64?
    public var recipient: Recipient
    /// Attempts made before this one.
    public var attempts: Int
}

/// An event with how its deliveries stand, for the admin UI.
public struct NotificationEventSummary: Sendable, Hashable {
    public var event: NotificationEvent
    public var counts: [DeliveryState: Int]
}

// The sender's side of the outbox: what is due, and how each attempt ended. These writes are
// quiet (no data-version bump): public pages do not show them.
extension StatusStore {
    /// Pending deliveries whose time has come, oldest first.
    public func dueDeliveries(at now: Date, limit: Int) throws -> [DueDelivery] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.id, d.event_id, d.attempts, d.subscriber_id, d.webhook_id, d.staff_email, d.staff_language
                FROM notification_delivery d
                WHERE d.state = 'pending' AND d.next_attempt_at <= ?
                ORDER BY d.next_attempt_at, d.id LIMIT ?
                """, arguments: [now.storeMillis, max(1, limit)])
            return try rows.compactMap { row -> DueDelivery? in
                let recipient: DueDelivery.Recipient
                if let subscriberID: Int64 = row["subscriber_id"] {
                    guard let found = try Self.emailSubscriber(db, id: subscriberID) else { return nil }
                    recipient = .email(found.subscriber, token: found.token)
                } else if let webhookID: Int64 = row["webhook_id"] {
                    guard let webhook = try Self.webhook(db, id: webhookID) else { return nil }
                    recipient = .webhook(webhook)
                } else if let address = (row["staff_email"] as String?).flatMap(EmailAddress.init),
                          let language = (row["staff_language"] as String?).flatMap(LanguageCode.init) {
                    recipient = .staff(address, language: language)
                } else {
                    return nil
                }
                return DueDelivery(id: row["id"], eventID: row["event_id"], recipient: recipient, attempts: row["attempts"])
            }
        }
    }

    /// When the next pending delivery is due, so the sender can sleep until then.
    public func nextDeliveryDue() throws -> Date? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM notification_delivery WHERE state = 'pending'")
                .map(Date.init(storeMillis:))
        }
    }

    /// Records one attempt. Transient failures are retried per `policy` until it gives up.
    public func recordDeliveryOutcome(id: Int64, _ outcome: DeliveryOutcome, at now: Date, policy: RetryPolicy,
                                      jitter: Double) throws {
        try writeQuietly { db in
            guard let attempts = try Int.fetchOne(db, sql: "SELECT attempts FROM notification_delivery WHERE id = ?",
                                                  arguments: [id]) else { return }
            let made = attempts + 1
            switch outcome {
            case .delivered:
                try db.execute(sql: """
                    UPDATE notification_delivery SET state = 'delivered', attempts = ?, delivered_at = ?, next_attempt_at = NULL,
                        last_error = NULL WHERE id = ?
                    """, arguments: [made, now.storeMillis, id])
            case .transientFailure(let reason):
                let next = policy.nextAttempt(afterFailedAttempts: made, at: now, jitter: jitter)
                try db.execute(sql: """
                    UPDATE notification_delivery SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?
                    """, arguments: [next == nil ? "failed" : "pending", made, next?.storeMillis, Self.clip(reason), id])
            case .permanentFailure(let reason):
                try db.execute(sql: """
                    UPDATE notification_delivery SET state = 'failed', attempts = ?, next_attempt_at = NULL, last_error = ? WHERE id = ?
                    """, arguments: [made, Self.clip(reason), id])
            }
        }
    }

    /// The newest events with their delivery counts.
    public func recentNotificationEvents(limit: Int) throws -> [NotificationEventSummary] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM notification_event ORDER BY id DESC LIMIT ?",
                                        arguments: [max(0, min(limit, 500))])
            return try rows.map { row in
                let event = try Self.event(row)
                var counts: [DeliveryState: Int] = [:]
                for count in try Row.fetchAll(db, sql: """
                    SELECT state, COUNT(*) AS n FROM notification_delivery WHERE event_id = ? GROUP BY state
                    """, arguments: [event.id]) {
                    counts[try count.enumeration("state", as: DeliveryState.self)] = count["n"]
                }
                return NotificationEventSummary(event: event, counts: counts)
            }
        }
    }

    /// One event's deliveries (or, with nil, the confirmation emails), failed and pending first.
    public func deliveries(eventID: Int64?, limit: Int = 200) throws -> [DeliveryRecord] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.*, s.email, w.url FROM notification_delivery d
                LEFT JOIN email_subscriber s ON s.id = d.subscriber_id
                LEFT JOIN webhook_subscription w ON w.id = d.webhook_id
                WHERE d.event_id IS ?
                ORDER BY CASE d.state WHEN 'failed' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, d.id DESC LIMIT ?
                """, arguments: [eventID, max(0, min(limit, 5_000))])
            return try rows.map { row in
                DeliveryRecord(id: row["id"], eventID: row["event_id"] ?? 0,
                               channel: try row.enumeration("channel", as: DeliveryChannel.self),
                               recipient: row["email"] ?? row["url"] ?? row["staff_email"], state: try row.enumeration("state", as: DeliveryState.self),
                               attempts: row["attempts"], nextAttemptAt: row.optionalDate("next_attempt_at"),
                               lastError: row["last_error"], deliveredAt: row.optionalDate("delivered_at"))
            }
        }
    }

    /// Counts per state over every delivery, for /metrics and the dashboard.
    public func deliveryCounts() throws -> [DeliveryState: Int] {
        try read { db in
            var counts: [DeliveryState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM notification_delivery GROUP BY state") {
                counts[try row.enumeration("state", as: DeliveryState.self)] = row["n"]
            }
            return counts
        }
    }

    /// Forgets finished deliveries (and then events with none left) created before `cutoff`, so the
    /// outbox does not grow forever; pending ones are kept whatever their age.
    @discardableResult
    public func pruneDeliveryHistory(createdBefore cutoff: Date) throws -> Int {
        try writeQuietly { db in
            try db.execute(sql: "DELETE FROM notification_delivery WHERE state <> 'pending' AND created_at < ?",
                           arguments: [cutoff.storeMillis])
            let deliveries = db.changesCount
            try db.execute(sql: """
                DELETE FROM notification_event WHERE created_at < ?
                AND NOT EXISTS (SELECT 1 FROM notification_delivery d WHERE d.event_id = notification_event.id)
                """, arguments: [cutoff.storeMillis])
            return deliveries
        }
    }

    /// Error texts come from remote servers: keep them bounded.
    static func clip(_ text: String) -> String {
        text.count <= 500 ? text : String(text.prefix(500)) + "…"
    }
}
