import Foundation
import Testing
@testable import StatusStore
import StatusModel

/// 0011 rebuilds `notification_delivery` for the staff channel: every delivery written before keeps
/// its id, state and recipient, and staff accounts keep working with no language chosen.
@Suite struct StaleIncidentMigrationTests {
    @Test func upgradingKeepsEveryDeliveryAndAccount() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = directory.appendingPathComponent("before", isDirectory: true)
        try FileManager.default.createDirectory(at: before, withIntermediateDirectories: true)
        let all = try FileManager.default.contentsOfDirectory(atPath: migrationsDirectory.path).filter { $0.hasSuffix(".sql") }.sorted()
        for name in all where name < "0011" {
            try FileManager.default.copyItem(at: migrationsDirectory.appendingPathComponent(name), to: before.appendingPathComponent(name))
        }
        let path = directory.appendingPathComponent("status.sqlite").path
        do {
            let old = try StatusStore.open(path: path, migrationsDirectory: before)
            defer { try? old.close() }
            try old.rawExecute("""
                INSERT INTO staff_user (email, name, role, password_hash, created_at) VALUES ('ada@exempel.se', 'Ada', 'admin', 'x', 1);
                INSERT INTO email_subscriber (email, language, token, created_at, confirmed_at) VALUES ('k@exempel.se', 'sv', 't1', 1, 2);
                INSERT INTO webhook_subscription (url, secret, language, created_at) VALUES ('https://h.example.com', 'kkkkkkkkkkkkkkkkkkkk', 'en', 1);
                INSERT INTO notification_event (id, public_id, kind, payload_json, created_at) VALUES (7, 'e7', 'incident.created', '{}', 3);
                INSERT INTO notification_delivery (id, event_id, channel, subscriber_id, state, attempts, delivered_at, created_at)
                    VALUES (41, 7, 'email', 1, 'delivered', 1, 4, 3);
                INSERT INTO notification_delivery (id, event_id, channel, webhook_id, state, attempts, next_attempt_at, last_error, created_at)
                    VALUES (42, 7, 'webhook', 1, 'pending', 2, 9, 'HTTP 503', 3);
                """)
        }
        let store = try StatusStore.open(path: path, migrationsDirectory: migrationsDirectory)
        defer { try? store.close() }
        #expect(try store.rawStrings("""
            SELECT id || ' ' || channel || ' ' || COALESCE(subscriber_id, '-') || ' ' || COALESCE(webhook_id, '-') || ' ' || state
                   || ' ' || attempts || ' ' || COALESCE(next_attempt_at, '-') || ' ' || COALESCE(last_error, '-')
            FROM notification_delivery ORDER BY id
            """) == ["41 email 1 - delivered 1 - -", "42 webhook - 1 pending 2 9 HTTP 503"])
        let ada = try #require(try store.user(email: "ada@exempel.se"))
        #expect(ada.language == nil, "no choice yet: the site's first language")
        #expect(try store.setUserLanguage(id: ada.id, language: .english, at: Date(), by: .system("test")).language == .english)
        // The rebuilt table keeps its foreign keys: deleting the subscriber deletes its delivery.
        try store.rawExecute("DELETE FROM email_subscriber WHERE id = 1")
        #expect(try store.rawStrings("SELECT id FROM notification_delivery ORDER BY id") == ["42"])
        #expect(try store.rawStrings("PRAGMA foreign_key_check").isEmpty)
    }
}
