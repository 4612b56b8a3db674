import Foundation
import GRDB
import StatusModel

// Webhook subscriptions, set up by staff. Audited without the secret.
extension StatusStore {
    public func createWebhook(url: String, secret: String, language: LanguageCode, componentIDs: Set<Int64>, description: String,
                              format: WebhookFormat = .driftstatus, at: Date, by actor: Actor) throws -> WebhookSubscription {
        guard WebhookSubscription.isAcceptableURL(url) else { throw StoreError.invalid("a webhook URL must be http(s) with a host") }
        guard secret.utf8.count >= 16 else { throw StoreError.invalid("a webhook secret needs at least 16 characters") }
        return try writeQuietly { db in
            try Self.requireComponents(Array(componentIDs), in: db)
            try db.execute(sql: """
                INSERT INTO webhook_subscription (url, secret, language, description, filtered, created_at, format)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [url, secret, language.rawValue, description, !componentIDs.isEmpty, at.storeMillis, format.rawValue])
            let id = db.lastInsertedRowID
            for componentID in componentIDs.sorted() {
                try db.execute(sql: "INSERT INTO webhook_subscription_component (webhook_id, component_id) VALUES (?, ?)",
                               arguments: [id, componentID])
            }
            guard let webhook = try Self.webhook(db, id: id) else { throw StoreError.notFound(kind: "webhook", id: id) }
            try Self.audit(db, actor: actor, at: at, action: "webhook.create", entityType: "webhook", entityID: id, before: nil,
                           after: AuditJSON.encode(["url": .string(url), "language": .string(language.rawValue),
                                                    "components": .ids(componentIDs.sorted()), "description": .string(description),
                                                    "format": .string(format.rawValue)]))
            return webhook
        }
    }

    public func webhooks() throws -> [WebhookSubscription] {
        try read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM webhook_subscription ORDER BY id").compactMap { try Self.webhook(db, id: $0) }
        }
    }

    public func webhook(id: Int64) throws -> WebhookSubscription? {
        try read { db in try Self.webhook(db, id: id) }
    }

    /// Pending deliveries to it go too.
    public func deleteWebhook(id: Int64, at: Date, by actor: Actor) throws {
        try writeQuietly { db in
            guard let webhook = try Self.webhook(db, id: id) else { throw StoreError.notFound(kind: "webhook", id: id) }
            try db.execute(sql: "DELETE FROM webhook_subscription WHERE id = ?", arguments: [id])
            try Self.audit(db, actor: actor, at: at, action: "webhook.delete", entityType: "webhook", entityID: id,
                           before: AuditJSON.encode(["url": .string(webhook.url)]), after: nil)
        }
    }

    static func webhook(_ db: Database, id: Int64) throws -> WebhookSubscription? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM webhook_subscription WHERE id = ?", arguments: [id]),
              let language = LanguageCode(row["language"]), let format = WebhookFormat(rawValue: row["format"]) else { return nil }
        let components = try Int64.fetchAll(db, sql: "SELECT component_id FROM webhook_subscription_component WHERE webhook_id = ?",
                                            arguments: [id])
        let filter: ComponentFilter = (row["filtered"] as Bool) ? .only(Set(components)) : .all
        return WebhookSubscription(id: id, url: row["url"], secret: row["secret"], language: language, filter: filter,
                                   description: row["description"], createdAt: row.date("created_at"), format: format)
    }
}
