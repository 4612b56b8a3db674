import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// The dashboard's alert blocks: which alerts are firing on which component, and the incidents
/// alerts proposed, each published or discarded with one click.
extension AdminUI {
    func alertBlocks(_ admin: AdminRequest) throws -> [BlockView] {
        let overlay = try reads.alertOverlay()
        let drafts = try reads.openAlertDrafts()
        guard !settings.alertRules.isEmpty || !overlay.records.isEmpty || !drafts.isEmpty else { return [] }
        let components = try reads.components()
        let names = Dictionary(components.map { ($0.id, admin.text($0.name)) }, uniquingKeysWith: { first, _ in first })
        let firing = components.compactMap { component -> ItemView? in
            let records = overlay.firing(for: component.id)
            guard !records.isEmpty else { return nil }
            let version = overlay.staffVersions[component.id] ?? 0
            let lines = records.map { record in
                var line = admin.t("admin_alert_line", ["summary": record.summary, "status": admin.t("component_status_\(record.status.rawValue)"),
                                                        "time": admin.time(record.startsAt), "rule": record.ruleName])
                if !record.counts(staffVersion: version) { line += " · " + admin.t("admin_alert_overridden") }
                return line
            }
            return ItemView(admin.text(component.name), lines: lines)
        }
        let proposed = drafts.map { draft in
            ItemView(admin.text(draft.title), lines: [
                admin.t("admin_alert_draft_line", ["component": names[draft.componentID] ?? "#\(draft.componentID)",
                                                   "status": admin.t("component_status_\(draft.status.rawValue)"),
                                                   "time": admin.time(draft.createdAt), "rule": draft.ruleName]),
                admin.text(draft.body),
            ], actions: [
                admin.actionForm(.alertDraft(draft.id, .publish), label: admin.t("admin_alert_publish"), style: ""),
                admin.actionForm(.alertDraft(draft.id, .discard), label: admin.t("admin_alert_discard"), style: "button--danger"),
            ])
        }
        return [
            .list(admin.t("admin_alerts_firing"), items: firing, empty: admin.t("admin_alerts_none_firing")),
            .list(admin.t("admin_alert_drafts"), items: proposed, empty: admin.t("admin_alert_no_drafts")),
        ]
    }

    func publishAlertDraft(_ admin: AdminRequest, id: Int64) throws -> Response {
        let incident = try alerts.publishDraft(id: id, by: admin.actor, at: admin.now)
        return adminRedirect(.incident(incident.id), notice: "published")
    }

    func discardAlertDraft(_ admin: AdminRequest, id: Int64) throws -> Response {
        try alerts.discardDraft(id: id, by: admin.actor, at: admin.now)
        return adminRedirect(.dashboard, notice: "deleted")
    }
}
