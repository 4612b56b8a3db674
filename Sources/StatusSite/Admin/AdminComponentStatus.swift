import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// The dashboard's quick status change: set one component's status without opening an incident
/// (editors may), with the per-post choice whether webhook subscribers hear of it.
extension AdminUI {
    func componentStatusBlock(_ admin: AdminRequest) throws -> BlockView {
        let components = try reads.components().sorted { $0.position < $1.position }
        let choices = ComponentStatus.allCases.map { ($0.rawValue, admin.t("component_status_\($0.rawValue)")) }
        let items = components.map { component in
            ItemView(admin.text(component.name), lines: [admin.t("component_status_\(component.status.rawValue)")], actions: [
                FormView(action: AdminRoute.componentStatus(component.id).path, csrf: admin.csrf, rows: [
                    admin.select("status", label: admin.t("admin_field_status"), value: component.status.rawValue, choices: choices,
                                 errors: [:]),
                    admin.notifyRow(default: true, hintKey: "admin_notify_hint_component"),
                ], buttons: [ButtonView(admin.t("admin_save"))], inline: true, idPrefix: "c\(component.id)-"),
            ])
        }
        return .list(admin.t("admin_notify_component_statuses"), items: items, empty: admin.t("admin_none"))
    }

    func setComponentStatus(_ admin: AdminRequest, id: Int64) throws -> Response {
        guard let status = ComponentStatus(rawValue: admin.form["status"] ?? "") else { throw AdminRefusal.invalid }
        try publishing.setComponentStatus(componentID: id, status: status, by: admin.actor, at: admin.now, notify: admin.form.has("notify"))
        return adminRedirect(.dashboard, notice: "saved")
    }
}
