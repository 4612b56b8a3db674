import Foundation
import StatusModel
import StatusStore
import Testing
@testable import StatusSite

/// Subscribers, webhooks and the delivery state in the admin UI.
@Suite(.serialized) struct AdminNotificationStaffTests {
    @Test func subscribersAreCountedSearchedPagedExportedAndDeleted() throws {
        let site = try TestSite.withStaff()
        let kund = try site.confirmedSubscriber("kund@example.se", components: [2])
        try site.confirmedSubscriber("customer@example.com", language: .english)
        _ = try site.store.subscribe(email: try #require(EmailAddress("waiting@example.org")), language: .swedish, componentIDs: [],
                                     at: testNow, confirmationValidFor: 3_600, resendAfter: 60)
        let admin = try site.signIn("admin@example.com")

        let list = try admin.get("/admin/subscribers?lang=en")
        #expect(list.status == 200)
        #expect(list.text.contains("Confirmed: 2 · Not confirmed: 1"))
        for text in ["kund@example.se", "customer@example.com", "waiting@example.org", "All components", "Bank synchronisation",
                     "Not confirmed", "/admin/subscribers.csv"] {
            #expect(list.text.contains(text), "\(text)")
        }
        #expect(list.text.contains("method=\"get\" action=\"/admin/subscribers\""))

        let search = try admin.get("/admin/subscribers?q=example.se")
        #expect(search.text.contains("kund@example.se") && !search.text.contains("customer@example.com"))
        #expect(try admin.get("/admin/subscribers?q=nobody").text.contains("Ingen adress matchar"))

        // Paging: 50 a page.
        for index in 0..<50 { try site.confirmedSubscriber("p\(index)@example.net") }
        let first = try admin.get("/admin/subscribers").text
        #expect(first.contains("/admin/subscribers?page=2"))
        let second = try admin.get("/admin/subscribers?page=2").text
        #expect(second.contains("kund@example.se") && second.contains("/admin/subscribers?page=1"))
        #expect(!first.contains("kund@example.se"))

        // Delete needs the confirmation box; then the address is gone and the audit names only the id.
        #expect(try admin.post("/admin/subscribers/\(kund)/delete", []).status == 409)
        let deleted = try admin.post("/admin/subscribers/\(kund)/delete", [("confirm", "1")])
        #expect(deleted.status == 303)
        #expect(deleted.header("Location") == "/admin/subscribers?notice=deleted")
        #expect(try site.store.emailSubscribers(matching: "kund").isEmpty)
        let audit = try #require(try site.store.auditEntries(before: nil, limit: 10).first)
        #expect(audit.action == "subscriber.delete" && audit.entityID == kund)
        #expect(!"\(audit.before ?? "")\(audit.after ?? "")".contains("kund@"))
        #expect(!(try admin.get("/admin/audit").text.contains("kund@example.se")))
        #expect(try admin.post("/admin/subscribers/\(kund)/delete", [("confirm", "1")]).status == 404)
    }

    @Test func theExportIsAnRFC4180AttachmentGuardedAgainstFormulas() throws {
        let site = try TestSite.withStaff()
        try site.confirmedSubscriber("=cmd@example.com", components: [1, 2])
        try site.confirmedSubscriber("-x@example.com", language: .english)
        try site.confirmedSubscriber("+1@example.com")
        let admin = try site.signIn("admin@example.com")
        let export = try admin.get("/admin/subscribers.csv")
        #expect(export.status == 200)
        #expect(export.header("Content-Type")?.hasPrefix("text/csv") == true)
        #expect(export.header("Content-Disposition") == "attachment; filename=\"subscribers.csv\"")
        #expect(export.header("Cache-Control") == "no-store")
        let lines = export.text.components(separatedBy: "\r\n")
        #expect(lines.first == "email,language,components,subscribed_at,confirmed_at")
        #expect(lines.last == "", "ends with CRLF")
        #expect(lines.count == 5)
        #expect(lines.contains("'+1@example.com,sv,all,2026-11-25T13:00:00Z,2026-11-25T13:00:00Z"))
        #expect(lines.contains("'-x@example.com,en,all,2026-11-25T13:00:00Z,2026-11-25T13:00:00Z"))
        #expect(lines.contains("'=cmd@example.com,sv,bank-sync login,2026-11-25T13:00:00Z,2026-11-25T13:00:00Z"))
        #expect(!lines.contains { $0.hasPrefix("=") || $0.hasPrefix("+") || $0.hasPrefix("-") || $0.hasPrefix("@") })

        #expect(CSV.cell("a,b") == "\"a,b\"")
        #expect(CSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.cell("two\nlines") == "\"two\nlines\"")
        #expect(CSV.cell("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSV.cell("=1,2") == "\"'=1,2\"")
        #expect(CSV.cell("plain") == "plain")
    }

    @Test func aWebhookSecretIsShownOnceAndNeverListed() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        #expect(try admin.get("/admin/webhooks").status == 200)

        let created = try admin.post("/admin/webhooks", [("url", "https://hooks.example.com/ops"), ("description", "Ops chat"),
                                                         ("language", "en"), ("component.2", "1")])
        #expect(created.status == 200)
        let webhook = try #require(try site.store.webhooks().first)
        #expect(webhook.secret.count == 64 && webhook.secret.allSatisfy(\.isHexDigit))
        #expect(webhook.filter == .only([2]) && webhook.language == .english && webhook.description == "Ops chat")
        #expect(created.text.contains(webhook.secret))
        let list = try admin.get("/admin/webhooks")
        #expect(list.text.contains("https://hooks.example.com/ops") && list.text.contains("Ops chat"))
        #expect(!list.text.contains(webhook.secret))
        #expect(!(try admin.get("/admin/audit").text.contains(webhook.secret)))

        // Your own secret instead; too short or a bad URL is an error next to the field, input kept.
        let own = String(repeating: "s3cret-", count: 3)
        #expect(try admin.post("/admin/webhooks", [("url", "http://hooks.example.net:8080/hook"), ("language", "sv"), ("secret", own)])
            .status == 200)
        #expect(try site.store.webhooks().last?.secret == own)
        let invalid = try admin.post("/admin/webhooks?lang=en", [("url", "ftp://example.com/x"), ("language", "sv"),
                                                                 ("secret", "short"), ("description", "kept text")])
        #expect(invalid.status == 422)
        #expect(invalid.text.contains("id=\"f-url-error\"") && invalid.text.contains("id=\"f-secret-error\""))
        #expect(invalid.text.contains("value=\"ftp://example.com/x\"") && invalid.text.contains("value=\"kept text\""))
        #expect(invalid.text.contains("at least 16"))
        #expect(try site.store.webhooks().count == 2)

        #expect(try admin.post("/admin/webhooks/\(webhook.id)/delete", []).status == 409)
        #expect(try admin.post("/admin/webhooks/\(webhook.id)/delete", [("confirm", "1")]).status == 303)
        #expect(try site.store.webhook(id: webhook.id) == nil)
        #expect(try admin.post("/admin/webhooks/\(webhook.id)/delete", [("confirm", "1")]).status == 404)
    }

    @Test func editorsSeeDeliveriesButNotSubscribersOrWebhooks() throws {
        let site = try TestSite.withStaff()
        let id = try site.confirmedSubscriber("kund@example.se")
        let editor = try site.signIn("editor@example.com")
        for path in ["/admin/subscribers", "/admin/subscribers.csv", "/admin/webhooks"] {
            #expect(try editor.get(path).status == 403, "\(path)")
        }
        #expect(try editor.post("/admin/subscribers/\(id)/delete", [("confirm", "1")]).status == 403)
        #expect(try editor.post("/admin/webhooks", [("url", "https://example.com/h"), ("language", "sv")]).status == 403)
        #expect(try site.store.webhooks().isEmpty)
        #expect(try site.store.emailSubscriberCounts().confirmed == 1)
        #expect(try editor.get("/admin/notifications").status == 200)
        #expect(!(try editor.get("/admin/notifications").text.contains("href=\"/admin/subscribers\"")))
    }

    @Test func newWritesWithoutCSRFAreRefusedAndWriteNothing() throws {
        let site = try TestSite.withStaff()
        let id = try site.confirmedSubscriber("kund@example.se")
        let hook = try site.webhook()
        let admin = try site.signIn("admin@example.com")
        let audit = try site.store.auditEntries(before: nil, limit: 1_000).count
        let writes: [(String, [(String, String)])] = [
            ("/admin/subscribers/\(id)/delete", [("confirm", "1")]),
            ("/admin/webhooks", [("url", "https://example.com/new"), ("language", "sv")]),
            ("/admin/webhooks/\(hook.id)/delete", [("confirm", "1")]),
            ("/admin/components/1/status", [("status", "major_outage"), ("notify", "1")]),
            ("/admin/incidents/new", AdminNotificationChoiceTests.incident + [("notify", "1")]),
        ]
        for (path, fields) in writes {
            #expect(try admin.post(path, fields, csrf: "").status == 403, "\(path)")
        }
        #expect(try site.store.auditEntries(before: nil, limit: 1_000).count == audit)
        #expect(try site.store.emailSubscriberCounts().confirmed == 1)
        #expect(try site.store.webhooks().map(\.id) == [hook.id])
        #expect(try site.store.component(id: 1)?.status == .operational)
        #expect(try site.events().isEmpty)
    }

    @Test func theDeliveryPagesShowEditorsCountsAndStatesAndAdminsRecipients() throws {
        let site = try TestSite.withStaff()
        try site.confirmedSubscriber("kund@example.se")
        let hook = try site.webhook("https://hooks.example.com/failing")
        _ = try site.store.subscribe(email: try #require(EmailAddress("new@example.org")), language: .english, componentIDs: [],
                                     at: testNow, confirmationValidFor: 3_600, resendAfter: 60)
        let editor = try site.signIn("editor@example.com")
        #expect(try editor.post("/admin/incidents/new", AdminNotificationChoiceTests.incident + [("notify", "1")]).status == 303)
        // Opening the incident changed a component too: a separate, webhook-only event.
        #expect(try site.events().map(\.event.kind) == [.componentUpdated, .incidentCreated])
        let event = try #require(try site.events().first { $0.event.kind == .incidentCreated }?.event)
        let deliveries = try site.store.deliveries(eventID: event.id)
        let webhookDelivery = try #require(deliveries.first { $0.channel == .webhook })
        let emailDelivery = try #require(deliveries.first { $0.channel == .email })
        try site.store.recordDeliveryOutcome(id: webhookDelivery.id, .permanentFailure("HTTP 410 Gone from receiver"), at: testNow,
                                             policy: .standard, jitter: 0.5)
        try site.store.recordDeliveryOutcome(id: emailDelivery.id, .delivered, at: testNow, policy: .standard, jitter: 0.5)

        let list = try editor.get("/admin/notifications?lang=en")
        #expect(list.status == 200)
        #expect(list.text.contains("Incident opened"))
        #expect(list.text.contains("Bank sync down"))
        #expect(list.text.contains("Delivered 1 · Pending 0 · Failed 1"))
        #expect(list.text.contains("/admin/notifications/\(event.id)"))
        // The confirmation email still waiting for new@example.org: editors see that one is waiting, not for whom.
        #expect(list.text.contains("Confirmation emails") && list.text.contains("Email: the recipient is shown to admins only"))
        #expect(!list.text.contains("new@example.org"))

        // Editors: channels, states and counts; no address, no webhook URL (a secret), no error (it quotes them).
        let page = try editor.get("/admin/notifications/\(event.id)?lang=en")
        #expect(page.status == 200)
        for text in ["Email: the recipient is shown to admins only", "Webhook: the recipient is shown to admins only",
                     "Failed", "Delivered", "Attempts: 1", event.publicID] {
            #expect(page.text.contains(text), "\(text)")
        }
        for secret in [hook.url, "hooks.example.com", "kund@example.se", "HTTP 410 Gone from receiver"] {
            #expect(!page.text.contains(secret), "an editor sees \(secret)")
        }
        // Admins see the recipients and errors.
        let admin = try site.signIn("admin@example.com")
        let adminPage = try admin.get("/admin/notifications/\(event.id)?lang=en").text
        for text in [hook.url, "kund@example.se", "HTTP 410 Gone from receiver"] {
            #expect(adminPage.contains(text), "\(text)")
        }
        #expect(try admin.get("/admin/notifications?lang=en").text.contains("new@example.org"))
        // Swedish titles for a Swedish-speaking admin.
        #expect(try editor.get("/admin/notifications?lang=sv").text.contains("Banksynk nere"))
        #expect(try editor.get("/admin/notifications/999").status == 404)
        #expect(try editor.get("/admin/?lang=en").text.contains("Delivered 1 · Pending 2 · Failed 1"))
    }
}
