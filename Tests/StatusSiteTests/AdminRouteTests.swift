import Testing
@testable import StatusSite

/// The staff UI's addresses: every route prints a path that parses back to itself, and paths
/// that are no admin address parse to nil.
@Suite struct AdminRouteTests {
    static let id: Int64 = 12

    /// One of every case (each nested action too).
    static let every: [AdminRoute] = [
        .dashboard, .login, .logout,
        .incidents, .newIncident, .incident(id),
        .editUpdate(id), .deleteUpdate(id),
        .maintenance, .newMaintenance,
        .templates, .newTemplate, .template(id), .deleteTemplate(id),
        .components, .newComponent, .component(id), .componentStatus(id),
        .newGroup, .group(id),
        .users, .deleteUser(id), .userLanguage(id),
        .tokens, .revokeToken(id),
        .audit,
        .notifications, .notification(id),
        .subscribers, .subscribersCSV, .deleteSubscriber(id),
        .webhooks, .deleteWebhook(id),
    ] + AdminRoute.IncidentForm.allCases.map { .incidentForm(id, $0) }
        + AdminRoute.MaintenanceChange.allCases.map { .changeMaintenance(id, $0) }
        + AdminRoute.ComponentChange.allCases.map { .changeComponent(id, $0) }
        + AdminRoute.GroupChange.allCases.map { .changeGroup(id, $0) }
        + AdminRoute.AlertDraftDecision.allCases.map { .alertDraft(id, $0) }

    @Test(arguments: every) func printedPathParsesBack(_ route: AdminRoute) {
        #expect(AdminRoute(path: route.path) == route, "\(route.path)")
        #expect(AdminRoute.isAdminArea(route.path))
    }

    @Test func pathsAreTheOnesLinksUsed() {
        #expect(AdminRoute.dashboard.path == "/admin/")
        #expect(AdminRoute.incident(12).path == "/admin/incidents/12")
        #expect(AdminRoute.incidentForm(3, .resolve).path == "/admin/incidents/3/resolve")
        #expect(AdminRoute.subscribersCSV.path == "/admin/subscribers.csv")
        #expect(AdminRoute.alertDraft(7, .discard).path == "/admin/alert-drafts/7/discard")
        #expect(AdminRoute.newIncident.path(query: [("template", "4")]) == "/admin/incidents/new?template=4")
        #expect(AdminRoute.subscribers.path(query: [("q", "a b@c"), ("page", "2")]) == "/admin/subscribers?q=a%20b%40c&page=2")
    }

    @Test(arguments: [
        "/admin", "/admin//", "/admin/incidents/", "/admin/incidents/0", "/admin/incidents/012", "/admin/incidents/-1",
        "/admin/incidents/+1", "/admin/incidents/1/unknown", "/admin/incidents/new/updates", "/admin/groups",
        "/admin/updates/1", "/admin/maintenance/1", "/admin/components/1/status/x", "/admin/alert-drafts/1/keep",
        "/admin/incidents/1234567890123456789", "/admin/Incidents", "/admin/login/", "/en/", "/api/v1/incidents",
        "/administrator/", "/admin/users/1", "/admin/tokens/1", "/admin/webhooks/1", "/admin/subscribers/1",
    ]) func otherPathsAreNoAdminRoute(_ path: String) {
        #expect(AdminRoute(path: path) == nil)
    }

    @Test func theAdminAreaIsEverythingBelowAdmin() {
        #expect(AdminRoute.isAdminArea("/admin"))
        #expect(AdminRoute.isAdminArea("/admin/no-such-page"))
        #expect(!AdminRoute.isAdminArea("/administrator"))
        #expect(!AdminRoute.isAdminArea("/en/admin/"))
    }
}
