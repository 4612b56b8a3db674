import Foundation
import GRDB
import StatusModel

/// How a subscribe request was handled. The public page answers all of them the same way, so
/// nobody can learn from it whether an address is subscribed.
public enum SubscribeResult: Sendable, Hashable {
    /// A confirmation email is queued.
    case confirmationQueued
    /// A confirmation was sent moments ago; another is not queued (protects the mailbox owner).
    case confirmationRecentlySent
    case alreadyConfirmed
}

public enum ConfirmResult: Sendable, Hashable {
    case confirmed(EmailSubscriber)
    case alreadyConfirmed(EmailSubscriber)
    case expired
    case unknown
}

// Email subscribers: double opt-in. Public pages never show these, so writes are quiet.
extension StatusStore {
    /// Starts (or restarts) a subscription and queues the confirmation email in the same transaction.
    public func subscribe(email: EmailAddress, language: LanguageCode, componentIDs: Set<Int64>, at now: Date,
                          confirmationValidFor validity: TimeInterval, resendAfter: TimeInterval) throws -> SubscribeResult {
        try writeQuietly { db in
            try Self.requireComponents(Array(componentIDs), in: db)
            let existing = try Row.fetchOne(db, sql: "SELECT * FROM email_subscriber WHERE email = ?", arguments: [email.value])
            let id: Int64
            if let existing {
                if existing["confirmed_at"] as Int64? != nil { return .alreadyConfirmed }
                if let sent = existing.optionalDate("confirmation_sent_at"), now.timeIntervalSince(sent) < resendAfter {
                    return .confirmationRecentlySent
                }
                id = existing["id"]
                try db.execute(sql: """
                    UPDATE email_subscriber SET language = ?, filtered = ?, confirmation_sent_at = ?, confirmation_expires_at = ?
                    WHERE id = ?
                    """, arguments: [language.rawValue, !componentIDs.isEmpty, now.storeMillis,
                                     now.addingTimeInterval(validity).storeMillis, id])
                try db.execute(sql: "DELETE FROM email_subscriber_component WHERE subscriber_id = ?", arguments: [id])
            } else {
                try db.execute(sql: """
                    INSERT INTO email_subscriber (email, language, token, filtered, created_at, confirmation_sent_at,
                                                  confirmation_expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [email.value, language.rawValue, Self.newSecret(), !componentIDs.isEmpty, now.storeMillis,
                                     now.storeMillis, now.addingTimeInterval(validity).storeMillis])
                id = db.lastInsertedRowID
            }
            for componentID in componentIDs.sorted() {
                try db.execute(sql: "INSERT INTO email_subscriber_component (subscriber_id, component_id) VALUES (?, ?)",
                               arguments: [id, componentID])
            }
            try db.execute(sql: """
                INSERT INTO notification_delivery (event_id, channel, subscriber_id, next_attempt_at, created_at)
                VALUES (NULL, 'email', ?, ?, ?)
                """, arguments: [id, now.storeMillis, now.storeMillis])
            return .confirmationQueued
        }
    }

    public func confirmSubscription(token: String, at now: Date) throws -> ConfirmResult {
        try writeQuietly { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM email_subscriber WHERE token = ?", arguments: [token]),
                  let found = try Self.emailSubscriber(db, id: id) else { return .unknown }
            if found.subscriber.isConfirmed { return .alreadyConfirmed(found.subscriber) }
            let expires = try Int64.fetchOne(db, sql: "SELECT confirmation_expires_at FROM email_subscriber WHERE id = ?",
                                             arguments: [id])
            if let expires, Date(storeMillis: expires) < now { return .expired }
            try db.execute(sql: "UPDATE email_subscriber SET confirmed_at = ?, confirmation_expires_at = NULL WHERE id = ?",
                           arguments: [now.storeMillis, id])
            // The confirmation email may still be queued (a retry): no point sending it now.
            try db.execute(sql: "DELETE FROM notification_delivery WHERE subscriber_id = ? AND event_id IS NULL AND state = 'pending'",
                           arguments: [id])
            var confirmed = found.subscriber
            confirmed.confirmedAt = Date(storeMillis: now.storeMillis)
            return .confirmed(confirmed)
        }
    }

    /// Ends the subscription and removes the address and its delivery history. False for an unknown token.
    public func unsubscribe(token: String) throws -> Bool {
        try writeQuietly { db in
            try db.execute(sql: "DELETE FROM email_subscriber WHERE token = ?", arguments: [token])
            return db.changesCount > 0
        }
    }

    /// When the subscriber's confirmation link stops working (nil once confirmed).
    public func confirmationExpiry(subscriberID: Int64) throws -> Date? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT confirmation_expires_at FROM email_subscriber WHERE id = ?", arguments: [subscriberID])
                .map(Date.init(storeMillis:))
        }
    }

    /// The subscriber a link's token belongs to, for the unsubscribe page.
    public func emailSubscriber(token: String) throws -> EmailSubscriber? {
        try read { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM email_subscriber WHERE token = ?", arguments: [token]) else {
                return nil
            }
            return try Self.emailSubscriber(db, id: id)?.subscriber
        }
    }

    /// For staff: newest first; `matching` filters by a part of the address.
    public func emailSubscribers(matching: String? = nil, limit: Int = 10_000, offset: Int = 0) throws -> [EmailSubscriber] {
        try read { db in
            let pattern = matching.map { "%" + $0.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%" }
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM email_subscriber WHERE (? IS NULL OR email LIKE ?) ORDER BY id DESC LIMIT ? OFFSET ?
                """, arguments: [pattern, pattern, max(0, limit), max(0, offset)])
            return try ids.compactMap { try Self.emailSubscriber(db, id: $0)?.subscriber }
        }
    }

    public func emailSubscriberCounts() throws -> (confirmed: Int, unconfirmed: Int) {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(confirmed_at) AS confirmed, COUNT(*) - COUNT(confirmed_at) AS unconfirmed FROM email_subscriber
                """)
            return (row?["confirmed"] ?? 0, row?["unconfirmed"] ?? 0)
        }
    }

    /// Removes the subscriber and every delivery row naming them. The audit entry keeps only the id.
    public func deleteEmailSubscriber(id: Int64, at: Date, by actor: Actor) throws {
        try writeQuietly { db in
            try db.execute(sql: "DELETE FROM email_subscriber WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw StoreError.notFound(kind: "subscriber", id: id) }
            try Self.audit(db, actor: actor, at: at, action: "subscriber.delete", entityType: "email_subscriber", entityID: id,
                           before: nil, after: nil)
        }
    }

    /// Forgets subscriptions never confirmed, a while after their link expired.
    @discardableResult
    public func pruneUnconfirmedSubscribers(expiredBefore cutoff: Date) throws -> Int {
        try writeQuietly { db in
            try db.execute(sql: "DELETE FROM email_subscriber WHERE confirmed_at IS NULL AND confirmation_expires_at < ?",
                           arguments: [cutoff.storeMillis])
            return db.changesCount
        }
    }

    static func emailSubscriber(_ db: Database, id: Int64) throws -> (subscriber: EmailSubscriber, token: String)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM email_subscriber WHERE id = ?", arguments: [id]),
              let email = EmailAddress(row["email"]), let language = LanguageCode(row["language"]) else { return nil }
        let components = try Int64.fetchAll(db, sql: "SELECT component_id FROM email_subscriber_component WHERE subscriber_id = ?",
                                            arguments: [id])
        let filter: ComponentFilter = (row["filtered"] as Bool) ? .only(Set(components)) : .all
        return (EmailSubscriber(id: id, email: email, language: language, filter: filter, createdAt: row.date("created_at"),
                                confirmedAt: row.optionalDate("confirmed_at")), row["token"])
    }

    /// 32 random bytes, URL-safe base64: unguessable link tokens.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
