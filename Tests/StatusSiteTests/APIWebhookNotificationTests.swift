import Foundation
import StatusModel
import StatusStore
import Testing
@testable import StatusSite

/// The write API's notification side: `notify` on posts, webhooks (admin tokens), recent events.
@Suite struct APIWebhookNotificationTests {
    func admin(_ api: APITestSite, _ method: String, _ path: String, json: String? = nil,
               headers: [(String, String)] = []) throws -> APIResult {
        try api.call(method, path, token: api.adminToken, json: json, headers: headers)
    }

    func events(_ api: APITestSite) throws -> [NotificationEventSummary] { try api.store.recentNotificationEvents(limit: 100) }

    @Test func notifyDecidesWhetherPostsReachTheOutbox() throws {
        let api = try APITestSite()
        _ = try api.store.createWebhook(url: "https://hooks.example.com/in", secret: String(repeating: "k", count: 32), language: .english,
                                        componentIDs: [], description: "", at: testNow, by: .system("test"))
        let quiet = String(APITestSite.incidentJSON.dropLast()) + ", \"notify\": false}"
        let id = try api.createIncident(quiet)
        #expect(try events(api).isEmpty)
        _ = try api.createIncident()
        #expect(try events(api).map(\.event.kind) == [.incidentCreated], "notify defaults to true")
        #expect(try api.store.deliveries(eventID: try #require(events(api).first).event.id).count == 1)

        #expect(try api.editor("POST", "/api/v1/incidents/\(id)/updates",
                               json: #"{"status": "identified", "body": {"sv": "A", "en": "A"}, "notify": false}"#).status == 201)
        #expect(try api.editor("POST", "/api/v1/incidents/\(id)/resolve", json: #"{"body": {"sv": "B", "en": "B"}, "notify": false}"#)
            .status == 200)
        #expect(try api.editor("PUT", "/api/v1/components/login", json: #"{"status": "major_outage", "notify": false}"#).status == 200)
        let maintenance = String(APITestSite.maintenanceJSON.dropLast()) + ", \"notify\": false}"
        _ = try api.createMaintenance(maintenance)
        #expect(try events(api).count == 1)

        #expect(try api.editor("PUT", "/api/v1/components/login", json: #"{"status": "operational"}"#).status == 200)
        #expect(try events(api).first?.event.kind == .componentUpdated)
        _ = try api.createMaintenance()
        #expect(try events(api).first?.event.kind == .maintenanceScheduled)

        let wrong = try api.editor("POST", "/api/v1/incidents", json: String(APITestSite.incidentJSON.dropLast()) + ", \"notify\": \"yes\"}")
        #expect(wrong.status == 422)
        #expect(wrong.fieldErrors == ["notify: wrong_type"])
    }

    @Test func webhooksNeedAnAdminToken() throws {
        let api = try APITestSite()
        let body = #"{"url": "https://hooks.example.com/in"}"#
        for (method, path, json) in [("GET", "/api/v1/webhooks", nil), ("POST", "/api/v1/webhooks", body),
                                     ("GET", "/api/v1/webhooks/1", nil), ("DELETE", "/api/v1/webhooks/1", nil)] {
            let refused = try api.editor(method, path, json: json)
            #expect(refused.status == 403, "\(method) \(path)")
            #expect(refused.isProblem && refused.json?["type"]?.stringValue == "urn:driftstatus:problem:forbidden")
        }
        #expect(try api.store.webhooks().isEmpty)
        #expect(try api.call("GET", "/api/v1/webhooks").status == 401)
        // Recent notifications are for editors too.
        #expect(try api.editor("GET", "/api/v1/notifications").status == 200)
    }

    @Test func aCreatedWebhooksSecretIsInThatAnswerOnly() throws {
        let api = try APITestSite()
        let created = try admin(api, "POST", "/api/v1/webhooks", json: """
            {"url": "https://hooks.example.com/in", "language": "en", "component_ids": ["bank-sync", 2], "description": "Ops"}
            """)
        #expect(created.status == 201, "\(created.text)")
        let secret = try #require(created.json?["secret"]?.stringValue)
        #expect(secret.count == 64 && secret.allSatisfy(\.isHexDigit))
        let id = try #require(created.json?["webhook"]?["id"]?.integerValue)
        #expect(created.header("Location") == "/api/v1/webhooks/\(id)")
        let stored = try #require(try api.store.webhook(id: id))
        #expect(stored.secret == secret && stored.filter == .only([1, 2]) && stored.language == .english && stored.description == "Ops")

        let list = try admin(api, "GET", "/api/v1/webhooks")
        #expect(list.status == 200)
        #expect(!list.text.contains(secret) && list.json?["webhooks"]?.arrayValue?.first?["secret"] == nil)
        #expect(list.json?["webhooks"]?.arrayValue?.first?["filtered"] == .bool(true))
        let one = try admin(api, "GET", "/api/v1/webhooks/\(id)")
        #expect(one.status == 200 && !one.text.contains(secret))

        // Own secret; the Idempotency-Key is not honoured here, so a secret is never kept for replays.
        let own = try admin(api, "POST", "/api/v1/webhooks", json: #"{"url": "http://hooks.example.net:9/x", "secret": "0123456789abcdefXYZ"}"#,
                            headers: [("Idempotency-Key", "k1")])
        #expect(own.status == 201 && own.json?["secret"]?.stringValue == "0123456789abcdefXYZ")
        let again = try admin(api, "POST", "/api/v1/webhooks", json: #"{"url": "http://hooks.example.net:9/x", "secret": "0123456789abcdefXYZ"}"#,
                              headers: [("Idempotency-Key", "k1")])
        #expect(again.status == 201 && again.header("Idempotent-Replayed") == nil)
        #expect(try api.store.webhooks().count == 3)
        #expect(try api.store.webhooks().last?.language == .swedish, "the site's first language by default")

        let deleted = try admin(api, "DELETE", "/api/v1/webhooks/\(id)")
        #expect(deleted.status == 200 && deleted.json?["webhook"]?["id"]?.integerValue == id && !deleted.text.contains(secret))
        #expect(try api.store.webhook(id: id) == nil)
        #expect(try admin(api, "DELETE", "/api/v1/webhooks/\(id)").status == 404)
        #expect(try admin(api, "GET", "/api/v1/webhooks/\(id)").status == 404)
        let audit = try api.store.auditEntries(before: nil, limit: 20)
        #expect(audit.contains { $0.action == "webhook.create" } && audit.contains { $0.action == "webhook.delete" })
        #expect(!audit.contains { "\($0.before ?? "")\($0.after ?? "")".contains(secret) })
    }

    @Test func invalidWebhooksAreRefusedWithFieldErrors() throws {
        let api = try APITestSite()
        func errors(_ json: String) throws -> [String] {
            let result = try admin(api, "POST", "/api/v1/webhooks", json: json)
            #expect(result.status == 422, "\(json): \(result.text)")
            return result.fieldErrors
        }
        #expect(try errors("{}") == ["url: required"])
        #expect(try errors(#"{"url": "ftp://example.com"}"#) == ["url: invalid"])
        #expect(try errors(#"{"url": "https://example.com", "secret": "short"}"#) == ["secret: too_short"])
        #expect(try errors(#"{"url": "https://example.com", "component_ids": ["nope"]}"#) == ["component_ids: unknown_component"])
        #expect(try errors(#"{"url": "https://example.com", "language": "de"}"#) == ["language: not_allowed"])
        #expect(try errors(#"{"url": 5, "secrets": "x"}"#).sorted() == ["secrets: unknown_field", "url: wrong_type"])
        #expect(try api.store.webhooks().isEmpty)
    }

    @Test func recentNotificationsCarryTheirDeliveryCounts() throws {
        let api = try APITestSite()
        _ = try api.store.createWebhook(url: "https://hooks.example.com/in", secret: String(repeating: "k", count: 32), language: .english,
                                        componentIDs: [], description: "", at: testNow, by: .system("test"))
        let incident = try api.createIncident()
        // Opening it changed a component too: that is its own (webhook-only) event, newer than the incident's.
        let summary = try #require(try api.store.recentNotificationEvents(limit: 10).first { $0.event.kind == .incidentCreated })
        let delivery = try #require(try api.store.deliveries(eventID: summary.event.id).first)
        try api.store.recordDeliveryOutcome(id: delivery.id, .permanentFailure("HTTP 404"), at: testNow, policy: .standard, jitter: 0.5)

        let result = try api.editor("GET", "/api/v1/notifications?limit=5")
        #expect(result.status == 200)
        let listed = try #require(result.json?["notifications"]?.arrayValue)
        #expect(listed.map { $0["kind"]?.stringValue } == ["component.updated", "incident.created"])
        let first = try #require(listed.last)
        #expect(first["kind"]?.stringValue == "incident.created")
        #expect(first["event_id"]?.stringValue == summary.event.publicID)
        #expect(first["subject"]?["type"]?.stringValue == "incident" && first["subject"]?["id"]?.integerValue == incident)
        #expect(first["subject"]?["title"]?["en"]?.stringValue == "Bank sync delayed")
        #expect(first["counts"]?["failed"]?.integerValue == 1 && first["counts"]?["pending"]?.integerValue == 0)
        #expect(try api.editor("GET", "/api/v1/notifications?limit=0").status == 422)
        // Counts only: no recipient, no webhook URL, no delivery error for an editor token.
        for secret in ["hooks.example.com", "HTTP 404", "recipient", "last_error"] {
            #expect(!result.text.contains(secret), "\(secret)")
        }
    }
}
