import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// Maintenance: plan (local time in the site's zone, preview), cancel, extend, move, complete early.
extension AdminUI {
    var localTime: LocalTimeInput { LocalTimeInput(timeZone: settings.timeZone) }

    func maintenanceList(_ admin: AdminRequest) throws -> Response {
        let current = try reads.activeAndUpcomingMaintenances(now: admin.now)
        let currentIDs = Set(current.map(\.id))
        let recent = try reads.recentMaintenances(limit: 20).filter { !currentIDs.contains($0.id) }
        var top = BlockView()
        top.links = [LinkItem(href: AdminRoute.newMaintenance.path, label: admin.t("admin_new_maintenance"))]
        let items = current.map { maintenance in
            var actions = [admin.actionForm(.changeMaintenance(maintenance.id, .cancel), label: admin.t("admin_cancel_maintenance"),
                                            style: "button--danger")]
            if maintenance.status(at: admin.now) == .inProgress {
                actions.append(admin.actionForm(.changeMaintenance(maintenance.id, .complete),
                                                label: admin.t("admin_complete_maintenance")))
            }
            actions.append(FormView(action: AdminRoute.changeMaintenance(maintenance.id, .extend).path, csrf: admin.csrf, rows: [
                .single(FieldView(.input("datetime-local"), name: "ends_at", label: admin.t("admin_field_new_end"),
                                  value: localTime.text(maintenance.endsAt), hint: zoneHint(admin))),
                admin.notifyRow(default: false, hintKey: "admin_notify_hint_extend"),
            ], buttons: [ButtonView(admin.t("admin_extend_maintenance"))], inline: true, idPrefix: "m\(maintenance.id)-"))
            if maintenance.status(at: admin.now) == .scheduled {
                actions.append(FormView(action: AdminRoute.changeMaintenance(maintenance.id, .reschedule).path, csrf: admin.csrf, rows: [
                    .single(FieldView(.input("datetime-local"), name: "starts_at", label: admin.t("admin_field_new_start"),
                                      value: localTime.text(maintenance.startsAt), hint: zoneHint(admin))),
                    .single(FieldView(.input("datetime-local"), name: "ends_at", label: admin.t("admin_field_new_end"),
                                      value: localTime.text(maintenance.endsAt))),
                    admin.notifyRow(default: false, hintKey: "admin_notify_hint_reschedule"),
                ], buttons: [ButtonView(admin.t("admin_reschedule_maintenance"))], inline: true, idPrefix: "r\(maintenance.id)-"))
            }
            return maintenanceItem(maintenance, admin, actions: actions)
        }
        return adminPage(AdminPageView(heading: admin.t("admin_maintenance_heading"), blocks: [
            top,
            .list(admin.t("admin_maintenance_current"), items: items, empty: admin.t("admin_none")),
            .list(admin.t("admin_maintenance_recent"), items: recent.map { maintenanceItem($0, admin) }, empty: admin.t("admin_none")),
        ]), admin)
    }

    /// "Tider i Europe/Stockholm (CET/CEST)" plus how daylight-saving changes are read.
    func zoneHint(_ admin: AdminRequest) -> String {
        admin.t("admin_zone_hint", ["zone": renderer.zoneDescription(around: admin.now, admin.language)])
    }

    func newMaintenancePage(_ admin: AdminRequest) throws -> Response {
        try maintenanceForm(admin, errors: [], notices: [], extra: [])
    }

    private func maintenanceForm(_ admin: AdminRequest, errors: [FieldError], notices: [NoticeView], extra: [BlockView],
                                 status: Int = 200) throws -> Response {
        let languages = self.languages
        let messages = admin.messages(errors)
        let components = try reads.components()
        let checkboxes = components.map { component in
            FieldView(.checkbox, name: "component.\(component.id)", label: admin.text(component.name),
                      value: admin.form["component.\(component.id)"] ?? "")
        }
        var form = FormView(action: AdminRoute.newMaintenance.path, csrf: admin.csrf, rows: [
            admin.languagePair("title", multiLine: false, values: { admin.typed("title.\($0)", else: "") }, errors: messages,
                               languages: languages),
            admin.languagePair("body", multiLine: true, values: { admin.typed("body.\($0)", else: "") }, errors: messages,
                               languages: languages, labelKey: "admin_field_message", isPost: true),
            .group(FieldsetView(legend: admin.t("admin_field_window"), legendError: "", hasLegendError: false, legendErrorID: "",
                                fieldsetHint: zoneHint(admin), members: [
                FieldView(.input("datetime-local"), name: "starts_at", label: admin.t("admin_field_starts_at"),
                          value: admin.typed("starts_at", else: ""), error: messages["starts_at"]),
                FieldView(.input("datetime-local"), name: "ends_at", label: admin.t("admin_field_ends_at"),
                          value: admin.typed("ends_at", else: ""), error: messages["ends_at"]),
            ])),
            .group(FieldsetView(legend: admin.t("admin_field_components"), legendError: messages["components"] ?? "",
                                hasLegendError: messages["components"] != nil, legendErrorID: "components-error",
                                fieldsetHint: nil, members: checkboxes)),
            admin.notifyRow(default: true, hintKey: "admin_notify_hint_maintenance"),
        ], buttons: admin.previewAndPublish)
        let shown = Set(["starts_at", "ends_at", "components"] + languages.flatMap { ["title.\($0)", "body.\($0)"] })
        form.formNotices = admin.errorNotice(errors, shownFields: shown) + notices
        var block = BlockView()
        block.form = form
        return adminPage(AdminPageView(heading: admin.t("admin_new_maintenance"), blocks: extra + [block]), admin, status: status)
    }

    func createMaintenance(_ admin: AdminRequest) throws -> Response {
        let languages = self.languages
        var errors: [FieldError] = []
        var notices: [NoticeView] = []
        func instant(_ field: String) -> Date? {
            let text = admin.value(field)
            guard !text.isEmpty else { errors.append(FieldError(field: field, code: .required)); return nil }
            guard let reading = localTime.read(text) else { errors.append(FieldError(field: field, code: .invalid)); return nil }
            switch reading {
            case .exact: break
            case .ambiguous(let date):
                notices.append(NoticeView(.info, admin.t("admin_dst_ambiguous", ["input": text, "time": admin.time(date)])))
            case .skipped(let date):
                notices.append(NoticeView(.info, admin.t("admin_dst_skipped", ["input": text, "time": admin.time(date)])))
            }
            return reading.date
        }
        let start = instant("starts_at"), end = instant("ends_at")
        var ids: [Int64] = []
        for (suffix, value) in admin.form.suffixed("component.") where !value.isEmpty {
            if let id = AdminRoute.id(suffix) { ids.append(id) } else { errors.append(FieldError(field: "components", code: .invalid)) }
        }
        let draft = MaintenanceDraft(title: admin.localized("title", languages: languages), body: admin.localized("body", languages: languages),
                                     startsAt: start ?? admin.now, endsAt: end ?? admin.now, componentIDs: ids)
        let warnings = admin.missingTranslationNotice(draft.missingTranslations(languages: languages))
        if admin.isPreview || !errors.isEmpty {
            let components = try reads.components()
            if start != nil && end != nil {
                errors += draft.validate(languages: languages, knownComponents: Set(components.map(\.id)))
            }
            let maintenance = Maintenance(id: 0, title: draft.title, body: draft.body, startsAt: draft.startsAt, endsAt: draft.endsAt,
                                          componentIDs: ids, createdAt: admin.now)
            let preview = admin.previews(languages: languages) {
                try renderer.maintenancePreview(maintenance, components: components, now: admin.now, language: $0)
            }
            return try maintenanceForm(admin, errors: errors, notices: notices + warnings, extra: start != nil && end != nil ? [preview] : [],
                                   status: errors.isEmpty ? 200 : 422)
        }
        let adjusted = !notices.isEmpty
        let notify = admin.form.has("notify")
        return try adminWrite({ try publishing.createMaintenance(draft, by: admin.actor, at: admin.now, notify: notify) },
                              invalid: { try maintenanceForm(admin, errors: $0, notices: notices + warnings, extra: [], status: 422) },
                              done: { _ in adminRedirect(.maintenance, notice: adjusted ? "dst_adjusted" : "published") })
    }

    func changeMaintenance(_ admin: AdminRequest, id: Int64, change: AdminRoute.MaintenanceChange) throws -> Response {
        switch change {
        case .cancel:
            try publishing.cancelMaintenance(id: id, by: admin.actor, at: admin.now)
            return adminRedirect(.maintenance, notice: "cancelled")
        case .complete:
            try publishing.completeMaintenance(id: id, by: admin.actor, at: admin.now)
            return adminRedirect(.maintenance, notice: "completed")
        case .reschedule:
            guard let start = localTime.read(admin.value("starts_at"))?.date, let end = localTime.read(admin.value("ends_at"))?.date else {
                throw AdminRefusal.invalid
            }
            try publishing.rescheduleMaintenance(id: id, startsAt: start, endsAt: end, by: admin.actor, at: admin.now,
                                                 notify: admin.form.has("notify"))
            return adminRedirect(.maintenance, notice: "rescheduled")
        case .extend:
            guard let end = localTime.read(admin.value("ends_at"))?.date else { throw AdminRefusal.invalid }
            try publishing.extendMaintenance(id: id, endsAt: end, by: admin.actor, at: admin.now, notify: admin.form.has("notify"))
            return adminRedirect(.maintenance, notice: "extended")
        }
    }
}
