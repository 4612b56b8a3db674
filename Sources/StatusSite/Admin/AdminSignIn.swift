import Foundation
import HTTPServer
import StatusModel

extension AdminUI {
    func loginPage(_ admin: AdminRequest) -> Response {
        if let principal = auth.principal(for: admin.request, now: admin.now), principal.sessionID != nil {
            return Redirect.response(to: AdminRoute.dashboard.path, status: 303)
        }
        return loginForm(admin, email: "", notices: [], status: 200)
    }

    private func loginForm(_ admin: AdminRequest, email: String, notices: [NoticeView], status: Int) -> Response {
        var form = FormView(action: AdminRoute.login.path, csrf: "", rows: [
            .single(FieldView(.input("email"), name: "email", label: admin.t("admin_field_email"), value: email, autocomplete: "username")),
            .single(FieldView(.input("password"), name: "password", label: admin.t("admin_field_password"),
                              autocomplete: "current-password")),
        ], buttons: [ButtonView(admin.t("admin_sign_in"), value: "sign_in")])
        form.formNotices = notices
        var block = BlockView()
        block.form = form
        return adminPage(AdminPageView(heading: admin.t("admin_sign_in_heading"), blocks: [block]), admin, status: status)
    }

    /// The answer never says whether the account exists: one message for every failure.
    func signIn(_ admin: AdminRequest) throws -> Response {
        let email = String((admin.form["email"] ?? "").prefix(TextLimits.email + 10))
        let device = cookieValue(named: DeviceCookie.name, in: admin.request.headers.values(for: "Cookie"))
        switch auth.signIn(email: email, password: admin.form["password"] ?? "", remoteAddress: admin.request.remoteAddress,
                           deviceCookie: device, isSecure: admin.request.isSecure, now: admin.now) {
        case .success(_, let cookie, let deviceCookie):
            return Redirect.response(to: AdminRoute.dashboard.path, status: 303, extraHeaders: [("Set-Cookie", cookie), ("Set-Cookie", deviceCookie)])
        case .failure:
            return loginForm(admin, email: email, notices: [NoticeView(.error, admin.t("admin_sign_in_failed"))], status: 401)
        case .throttled(let seconds):
            var response = loginForm(admin, email: email, notices: [
                NoticeView(.error, admin.t("admin_sign_in_throttled", ["minutes": String(max(1, (seconds + 59) / 60))])),
            ], status: 429)
            response.headers.add("Retry-After", String(seconds))
            return response
        }
    }

    func signOut(_ admin: AdminRequest) throws -> Response {
        if let principal = admin.principal { auth.signOut(principal) }
        return Redirect.response(to: AdminRoute.login.path(query: [("notice", "signed_out")]), status: 303,
                         extraHeaders: [("Set-Cookie", auth.clearedSessionCookie(isSecure: admin.request.isSecure))])
    }

    func dashboard(_ admin: AdminRequest) throws -> Response {
        let incidents = try reads.activeIncidents()
        let maintenances = try reads.activeAndUpcomingMaintenances(now: admin.now)
        var quick = BlockView()
        quick.links = [LinkItem(href: AdminRoute.newIncident.path, label: admin.t("admin_new_incident")),
                       LinkItem(href: AdminRoute.newMaintenance.path, label: admin.t("admin_new_maintenance"))]
        let incidentItems = incidents.map { incidentItem($0, admin) }
        let now = maintenances.filter { $0.status(at: admin.now) == .inProgress }.map { maintenanceItem($0, admin) }
        let upcoming = maintenances.filter { $0.status(at: admin.now) == .scheduled }.map { maintenanceItem($0, admin) }
        return adminPage(AdminPageView(heading: admin.t("admin_dashboard_heading"), notices: staleIncidentNotices(incidents, admin), blocks: [
            quick,
            .list(admin.t("admin_active_incidents"), items: incidentItems, empty: admin.t("admin_no_active_incidents")),
            .list(admin.t("admin_maintenance_in_progress"), items: now, empty: admin.t("admin_no_maintenance_in_progress")),
            .list(admin.t("admin_maintenance_upcoming"), items: upcoming, empty: admin.t("admin_no_maintenance_upcoming")),
            try componentStatusBlock(admin),
            try notificationSummaryBlock(admin),
        ] + (try alertBlocks(admin))), admin)
    }

    /// The banner over the dashboard while any active incident has had no update for
    /// `[notifications] stale_incident_minutes` (the same rule that emails staff).
    func staleIncidentNotices(_ incidents: [Incident], _ admin: AdminRequest) -> [NoticeView] {
        let rule = StaleIncidentRule(period: settings.notifications.staleIncidentPeriod)
        let links = incidents.filter { rule.isStale($0, at: admin.now) }.map { incident in
            NoticeLinkView(noticeLinkText: admin.t("admin_stale_item", [
                "title": admin.text(incident.title),
                "minutes": String(StaleIncidentRule.minutesWithoutUpdate(incident, at: admin.now)),
            ]), noticeLinkHref: AdminRoute.incident(incident.id).path, noticeLinkLabel: admin.t("admin_stale_action"))
        }
        return links.isEmpty ? [] : [NoticeView(.warning, admin.t("admin_stale_heading"), links: links)]
    }

    func incidentItem(_ incident: Incident, _ admin: AdminRequest) -> ItemView {
        var lines = [admin.t("impact_\(incident.impact.rawValue)") + " · " + admin.t("incident_status_\(incident.status.rawValue)"),
                     admin.t("admin_started_at", ["time": admin.time(incident.startedAt)])]
        if let resolvedAt = incident.resolvedAt, !incident.isActive {
            lines.append(admin.t("admin_resolved_at", ["time": admin.time(resolvedAt)]))
        }
        return ItemView(admin.text(incident.title), href: AdminRoute.incident(incident.id).path, lines: lines)
    }

    func maintenanceItem(_ maintenance: Maintenance, _ admin: AdminRequest, actions: [FormView] = []) -> ItemView {
        let status = maintenance.status(at: admin.now)
        return ItemView(admin.text(maintenance.title), href: renderer.urls.maintenance(admin.language, id: maintenance.id), lines: [
            admin.t("maintenance_status_\(status.rawValue)"),
            admin.t("admin_window", ["start": admin.time(maintenance.startsAt), "end": admin.time(maintenance.endsAt)]),
        ], actions: actions)
    }
}
