import Foundation
import SiteSettings
import StatusModel
@testable import StatusSite
import StatusStore
import Testing
import TestSupport

/// `POST /api/v1/integrations/alertmanager` against a real server: the component moves on the
/// public pages and /api/v2, repeats change nothing, staff keep the last word, drafts publish.
struct AlertmanagerTests {
    static let path = "/api/v1/integrations/alertmanager"

    static func settings(action: AlertAction = .status) -> SiteSettings {
        var settings = SiteSettings.defaults
        settings.alertRules = [
            AlertRule(name: "bank", match: ["service": "bank-sync", "severity": "critical"], componentSlug: "bank-sync",
                      status: .majorOutage, action: action,
                      title: [.swedish: "Störning: {{labels.service}}", .english: "Disruption: {{labels.service}}"],
                      body: [.swedish: "Larm: {{annotations.summary}}", .english: "Alert: {{annotations.summary}}"]),
            AlertRule(name: "login", match: ["service": "login"], componentSlug: "login", status: .partialOutage, action: .status),
        ]
        return settings
    }

    func componentStatus(_ api: APITestSite, _ slug: String) throws -> String? {
        let json = try APIJSONParser().parse(try api.site.get("/api/v2/components.json").body)
        return json["components"]?.arrayValue?.first { $0["name"]?.stringValue?.hasSuffix(slug) == true }?["status"]?.stringValue
    }

    func post(_ api: APITestSite, _ body: String) throws -> APIResult {
        try api.call("POST", Self.path, token: api.editorToken, json: body)
    }

    @Test func firingMovesTheComponentAndResolvedReturnsIt() throws {
        let api = try APITestSite(settings: Self.settings())
        #expect(try componentStatus(api, "bank-sync") == "operational")
        let fired = try post(api, AlertmanagerPayloads.alertmanager(status: "firing"))
        #expect(fired.status == 200, "\(fired.text)")
        #expect(fired.json?["changed"]?.integerValue == 1)
        #expect(try componentStatus(api, "bank-sync") == "major_outage")
        #expect(try api.site.get("/en/").text.contains("Major outage"))
        // Repeats (Alertmanager's repeat_interval, retries) change nothing.
        let repeated = try post(api, AlertmanagerPayloads.alertmanager(status: "firing"))
        #expect(repeated.json?["changed"]?.integerValue == 0)
        let resolved = try post(api, AlertmanagerPayloads.alertmanager(status: "resolved", endsAt: "2026-11-25T13:59:00Z"))
        #expect(resolved.json?["changed"]?.integerValue == 1)
        #expect(try componentStatus(api, "bank-sync") == "operational")
        // Every change is audited as "alertmanager" with the rule and the fingerprint.
        let component = try #require(try api.store.components().first { $0.slug == "bank-sync" })
        let audit = try api.store.auditEntries(entityType: "component", entityID: component.id).filter { $0.action.hasPrefix("alert.") }
        #expect(audit.map(\.action) == ["alert.resolve", "alert.fire"])
        #expect(audit.allSatisfy { $0.actor.name == "alertmanager" && ($0.after ?? "").contains("1a30ba71cca2921f") && ($0.after ?? "").contains("\"rule\":\"bank\"") })
    }

    @Test func anOlderResolveDoesNotEndANewerFiring() throws {
        let api = try APITestSite(settings: Self.settings())
        _ = try post(api, AlertmanagerPayloads.alertmanager(status: "firing", startsAt: "2026-11-25T12:00:00Z"))
        _ = try post(api, AlertmanagerPayloads.alertmanager(status: "firing", startsAt: "2026-11-25T12:40:00Z"))
        let stale = try post(api, AlertmanagerPayloads.alertmanager(status: "resolved", startsAt: "2026-11-25T12:00:00Z"))
        #expect(stale.json?["changed"]?.integerValue == 0)
        #expect(try componentStatus(api, "bank-sync") == "major_outage")
    }

    @Test func worstOfStaffStatusAndAlertsAndStaffKeepsTheLastWord() throws {
        let api = try APITestSite(settings: Self.settings())
        let component = try #require(try api.store.components().first { $0.slug == "bank-sync" })
        // Staff had set degraded; the alert's major outage is worse.
        try api.site.application.publishing.setComponentStatus(componentID: component.id, status: .degradedPerformance, by: .system("staff"), at: testNow)
        _ = try post(api, AlertmanagerPayloads.alertmanager(status: "firing", severity: "critical"))
        #expect(try componentStatus(api, "bank-sync") == "major_outage")
        // Staff set operational after the alert fired: staff's word stands, the alert's repeats do not override it...
        try api.site.application.publishing.setComponentStatus(componentID: component.id, status: .operational, by: .system("staff"), at: testNow)
        #expect(try componentStatus(api, "bank-sync") == "operational")
        _ = try post(api, AlertmanagerPayloads.alertmanager(status: "firing"))
        #expect(try componentStatus(api, "bank-sync") == "operational")
        // ...and the audit log says why, once.
        _ = try post(api, AlertmanagerPayloads.alertmanager(status: "firing"))
        let notes = try api.store.auditEntries(entityType: "component", entityID: component.id).filter { $0.action == "alert.staff_override" }
        #expect(notes.count == 1)
        // The dashboard still lists the alert, marked as overridden.
        let admin = try TestSiteStaff.session(api.site)
        let page = try admin.get("/admin/?lang=en").text
        #expect(page.contains("BankSyncSlow"))
        #expect(page.contains("no longer changes it"))
    }

    @Test func grafanaWebhookBodyIsAccepted() throws {
        let api = try APITestSite(settings: Self.settings())
        let fired = try post(api, AlertmanagerPayloads.grafana(status: "firing"))
        #expect(fired.status == 200, "\(fired.text)")
        #expect(try componentStatus(api, "login") == "partial_outage")
        _ = try post(api, AlertmanagerPayloads.grafana(status: "resolved"))
        #expect(try componentStatus(api, "login") == "operational")
    }

    @Test func badInputAnswersInTheProblemShape() throws {
        let api = try APITestSite(settings: Self.settings())
        let malformed = try post(api, "{\"alerts\": [")
        #expect(malformed.status == 400 && malformed.isProblem)
        let noToken = try api.call("POST", Self.path, json: AlertmanagerPayloads.alertmanager(status: "firing"))
        #expect(noToken.status == 401 && noToken.isProblem)
        let wrongShape = try post(api, #"{"alerts": [{"status": "burning", "labels": {"a": 1}, "startsAt": "yesterday"}]}"#)
        #expect(wrongShape.status == 422 && wrongShape.isProblem)
        #expect(Set(wrongShape.fieldErrors) == ["alerts[0].status: invalid_value", "alerts[0].fingerprint: required",
                                                "alerts[0].startsAt: invalid_date", "alerts[0].labels.a: wrong_type"])
        let noAlerts = try post(api, #"{"status": "firing"}"#)
        #expect(noAlerts.status == 422 && noAlerts.fieldErrors == ["alerts: required"])
        #expect(try componentStatus(api, "bank-sync") == "operational")
    }

    @Test func draftIsPublishedWithOneClickOrDiscarded() throws {
        let api = try APITestSite(settings: Self.settings(action: .draft))
        let hostile = "<script>alert(1)</script> [x](javascript:alert(1))"
        let fired = try post(api, AlertmanagerPayloads.alertmanager(status: "firing", summary: hostile))
        #expect(fired.json?["drafts_opened"]?.integerValue == 1)
        _ = try post(api, AlertmanagerPayloads.alertmanager(status: "firing", summary: hostile))
        #expect(try api.store.openAlertDrafts().count == 1, "a repeat opens no second draft")
        #expect(try api.store.activeIncidents().isEmpty, "nothing public yet")
        let admin = try TestSiteStaff.session(api.site)
        let dashboard = try admin.get("/admin/?lang=en").text
        #expect(dashboard.contains("Disruption: bank-sync"))
        #expect(!dashboard.contains("<script>alert(1)"))
        let draft = try #require(try api.store.openAlertDrafts().first)
        // Without CSRF: refused.
        #expect(try admin.post("/admin/alert-drafts/\(draft.id)/publish", [], csrf: "").status == 403)
        let published = try admin.post("/admin/alert-drafts/\(draft.id)/publish", [])
        #expect(published.status == 303)
        let incident = try #require(try api.store.activeIncidents().first)
        #expect(incident.title[.english] == "Disruption: bank-sync")
        #expect(try api.store.openAlertDrafts().isEmpty)
        let page = try api.site.get("/en/incidents/\(incident.id)").text
        #expect(page.contains("Disruption: bank-sync"))
        #expect(!page.contains("<script>alert(1)") && !page.contains("href=\"javascript"))
        // A second click cannot publish it twice.
        #expect(try admin.post("/admin/alert-drafts/\(draft.id)/publish", []).status == 404)
        #expect(try api.store.activeIncidents().count == 1)

        // A new occurrence opens a new draft; discarding it publishes nothing.
        _ = try post(api, AlertmanagerPayloads.alertmanager(status: "firing", startsAt: "2026-11-25T13:58:00Z"))
        let second = try #require(try api.store.openAlertDrafts().first)
        #expect(try admin.post("/admin/alert-drafts/\(second.id)/discard", []).status == 303)
        #expect(try api.store.openAlertDrafts().isEmpty)
        #expect(try api.store.activeIncidents().count == 1)
    }

    @Test func publishRulePublishesAtOnceAndTheAlertKeepsCounting() throws {
        let api = try APITestSite(settings: Self.settings(action: .publish))
        let fired = try post(api, AlertmanagerPayloads.alertmanager(status: "firing"))
        #expect(fired.json?["published"]?.integerValue == 1, "\(fired.text)")
        let incident = try #require(try api.store.activeIncidents().first)
        #expect(incident.title[.swedish] == "Störning: bank-sync")
        #expect(try api.site.get("/en/").text.contains("Disruption: bank-sync"))
        let overlay = try api.store.alertOverlay()
        #expect(overlay.status(of: incident.componentIDs[0]) == .majorOutage, "publishing on the alert's behalf is not staff overriding it")
    }
}

/// Signs in an admin on a site made by `APITestSite`.
enum TestSiteStaff {
    static func session(_ site: TestSite) throws -> AdminSession {
        _ = try site.addStaff("alerts-admin@example.com", role: .admin)
        return try site.signIn("alerts-admin@example.com")
    }
}
