import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// Incidents: list, create (with template prefill and preview), detail with update, resolve and edits.
extension AdminUI {
    func incidentList(_ admin: AdminRequest) throws -> Response {
        let active = try reads.activeIncidents()
        let recent = try reads.recentIncidents(limit: 30).filter { !$0.isActive }
        var top = BlockView()
        top.links = [LinkItem(href: AdminRoute.newIncident.path, label: admin.t("admin_new_incident"))]
        return adminPage(AdminPageView(heading: admin.t("admin_incidents_heading"), blocks: [
            top,
            .list(admin.t("admin_active_incidents"), items: active.map { incidentItem($0, admin) },
                  empty: admin.t("admin_no_active_incidents")),
            .list(admin.t("admin_recent_incidents"), items: recent.map { incidentItem($0, admin) }, empty: admin.t("admin_none")),
        ]), admin)
    }

    // MARK: Create

    func newIncidentPage(_ admin: AdminRequest) throws -> Response {
        let template = try admin.request.queryValue("template").flatMap(AdminRoute.id).flatMap { try reads.template(id: $0) }
        return try incidentForm(admin, title: template?.title ?? LocalizedText(), body: template?.body ?? LocalizedText(),
                                errors: [], extra: [])
    }

    func createIncident(_ admin: AdminRequest) throws -> Response {
        let languages = self.languages
        let (changes, changeErrors) = admin.componentChanges()
        let impact = IncidentImpact(rawValue: admin.form["impact"] ?? "")
        let status = IncidentStatus(rawValue: admin.form["status"] ?? "").flatMap { $0 == .resolved ? nil : $0 }
        var errors = changeErrors
        if impact == nil { errors.append(FieldError(field: "impact", code: .invalid)) }
        if status == nil { errors.append(FieldError(field: "status", code: .invalid)) }
        let draft = IncidentDraft(title: admin.localized("title", languages: languages), body: admin.localized("body", languages: languages),
                                  impact: impact ?? .minor, status: status ?? .investigating, componentChanges: changes)
        let components = try reads.components()
        if admin.isPreview || !errors.isEmpty {
            errors += draft.validate(languages: languages, knownComponents: Set(components.map(\.id)))
            let outcome = IncidentRules.open(Incident(id: 0, title: draft.title, impact: draft.impact, status: draft.status,
                                                      startedAt: admin.now, updates: [
                IncidentUpdate(id: 0, incidentID: 0, status: draft.status, body: draft.body, createdAt: admin.now,
                               componentChanges: changes),
            ]))
            let preview = try incidentPreviewBlocks(outcome, components: components, admin)
            return try incidentForm(admin, title: draft.title, body: draft.body, errors: errors,
                                    warnings: draft.missingTranslations(languages: languages), extra: preview,
                                    status: errors.isEmpty ? 200 : 422)
        }
        let notify = admin.form.has("notify")
        return try adminWrite({ try publishing.createIncident(draft, by: admin.actor, at: admin.now, notify: notify) },
                              invalid: { errors in
            try incidentForm(admin, title: draft.title, body: draft.body, errors: errors,
                             warnings: draft.missingTranslations(languages: languages), extra: [], status: 422)
        }, done: { incident in adminRedirect(.incident(incident.id), notice: "published") })
    }

    private func incidentForm(_ admin: AdminRequest, title: LocalizedText, body: LocalizedText, errors: [FieldError],
                              warnings: [String] = [], extra: [BlockView], status: Int = 200) throws -> Response {
        let languages = self.languages
        let messages = admin.messages(errors)
        let components = try reads.components()
        let templates = try reads.templates()
        var form = FormView(action: AdminRoute.newIncident.path, csrf: admin.csrf, rows: [
            admin.languagePair("title", multiLine: false, values: { admin.typed("title.\($0)", else: title[$0] ?? "") },
                               errors: messages, languages: languages),
            admin.languagePair("body", multiLine: true, values: { admin.typed("body.\($0)", else: body[$0] ?? "") },
                               errors: messages, languages: languages, labelKey: "admin_field_message", isPost: true),
            admin.select("impact", label: admin.t("admin_field_impact"), value: admin.typed("impact", else: "minor"),
                         choices: admin.impactChoices, errors: messages),
            admin.select("status", label: admin.t("admin_field_status"), value: admin.typed("status", else: "investigating"),
                         choices: admin.incidentStatusChoices(includeResolved: false), errors: messages),
            admin.componentStatusFieldset(components, legendKey: "admin_field_components", blankKey: "admin_not_affected",
                                          errors: messages, selected: { _ in "" }),
            admin.notifyRow(default: true),
        ], buttons: admin.previewAndPublish)
        let shown = Set(["impact", "status", "components"] + languages.flatMap { ["title.\($0)", "body.\($0)"] })
        form.formNotices = admin.errorNotice(errors, shownFields: shown) + admin.missingTranslationNotice(warnings)
        var formBlock = BlockView()
        formBlock.form = form
        var templateBlock = BlockView(admin.t("admin_use_template"))
        templateBlock.links = templates.map { LinkItem(href: AdminRoute.newIncident.path(query: [("template", String($0.id))]), label: $0.name) }
        templateBlock.paragraphs = templates.isEmpty ? [admin.t("admin_no_templates")] : []
        return adminPage(AdminPageView(heading: admin.t("admin_new_incident"), blocks: extra + [formBlock, templateBlock]), admin,
                         status: status)
    }

    // MARK: Detail, updates, resolve

    func incidentPage(_ admin: AdminRequest, id: Int64, errors: [FieldError] = [], extra: [BlockView] = [],
                      warnings: [String] = [], status: Int = 200) throws -> Response {
        guard let incident = try reads.incident(id: id) else { throw AdminRefusal.notFound }
        let components = try reads.components()
        let languages = self.languages
        let messages = admin.messages(errors)
        // Which form was submitted decides where errors and typed text go.
        var submitted: AdminRoute.IncidentForm?
        if case .incidentForm(_, let form)? = admin.route { submitted = form }
        let mine: (AdminRoute.IncidentForm) -> AdminRequest = { $0 == submitted ? admin : admin.withoutForm }
        let errorsFor: (AdminRoute.IncidentForm) -> [String: String] = { $0 == submitted ? messages : [:] }
        let noticesFor: (AdminRoute.IncidentForm) -> [NoticeView] = { name in
            guard name == submitted else { return [] }
            let shown = Set(["status", "components", "impact"] + languages.flatMap { ["title.\($0)", "body.\($0)"] })
            return admin.errorNotice(errors, shownFields: shown) + admin.missingTranslationNotice(warnings)
        }

        var facts = BlockView()
        facts.paragraphs = incidentItem(incident, admin).itemLines
        facts.links = [LinkItem(href: renderer.urls.incident(admin.language, id: id), label: admin.t("admin_view_public"))]

        var blocks = [facts] + extra
        if incident.isActive {
            let form = mine(.updates)
            var update = FormView(action: AdminRoute.incidentForm(id, .updates).path, csrf: admin.csrf, rows: [
                form.select("status", label: admin.t("admin_field_status"), value: form.typed("status", else: incident.status.rawValue),
                            choices: admin.incidentStatusChoices(includeResolved: false), errors: errorsFor(.updates)),
                form.languagePair("body", multiLine: true, values: { form.typed("body.\($0)", else: "") },
                                  errors: errorsFor(.updates), languages: languages, labelKey: "admin_field_message", isPost: true),
                form.componentStatusFieldset(components, legendKey: "admin_field_component_changes", blankKey: "admin_no_change",
                                             errors: errorsFor(.updates), selected: { _ in "" }),
                form.notifyRow(default: true),
            ], buttons: admin.previewAndPublish, idPrefix: "update-")
            update.formNotices = noticesFor(.updates)
            var updateBlock = BlockView(admin.t("admin_post_update"))
            updateBlock.form = update

            let resolveForm = mine(.resolve)
            let affected = components.filter { incident.componentIDs.contains($0.id) }
            var resolve = FormView(action: AdminRoute.incidentForm(id, .resolve).path, csrf: admin.csrf, rows: [
                resolveForm.languagePair("body", multiLine: true, values: { resolveForm.typed("body.\($0)", else: "") },
                                         errors: errorsFor(.resolve), languages: languages, labelKey: "admin_field_message", isPost: true),
            ] + (affected.isEmpty ? [] : [
                resolveForm.componentStatusFieldset(affected, legendKey: "admin_field_components_after",
                                                    blankKey: "admin_back_to_operational", errors: errorsFor(.resolve),
                                                    selected: { _ in "" }),
            ]) + [resolveForm.notifyRow(default: true)], buttons: [ButtonView(admin.t("admin_preview"), value: "preview", style: "button--secondary"),
                          ButtonView(admin.t("admin_resolve"), value: "publish")], idPrefix: "resolve-")
            resolve.formNotices = noticesFor(.resolve)
            var resolveBlock = BlockView(admin.t("admin_resolve_heading"))
            resolveBlock.form = resolve
            blocks += [updateBlock, resolveBlock]
        }

        let editForm = mine(.edit)
        var edit = FormView(action: AdminRoute.incidentForm(id, .edit).path, csrf: admin.csrf, rows: [
            editForm.languagePair("title", multiLine: false, values: { editForm.typed("title.\($0)", else: incident.title[$0] ?? "") },
                                  errors: errorsFor(.edit), languages: languages),
            editForm.select("impact", label: admin.t("admin_field_impact"), value: editForm.typed("impact", else: incident.impact.rawValue),
                            choices: admin.impactChoices, errors: errorsFor(.edit)),
        ], buttons: [ButtonView(admin.t("admin_save"))], idPrefix: "edit-")
        edit.formNotices = noticesFor(.edit)
        var editBlock = BlockView(admin.t("admin_edit_incident"))
        editBlock.form = edit

        let updates = incident.updates.reversed().map { update in
            ItemView(admin.t("incident_status_\(update.status.rawValue)") + " · " + admin.time(update.createdAt),
                     lines: [admin.text(update.body)], actions: [
                        admin.actionForm(.deleteUpdate(update.id), label: admin.t("admin_delete_update"),
                                         style: "button--danger"),
                     ]).withLink(AdminRoute.editUpdate(update.id).path, admin.t("admin_edit_update"))
        }
        blocks.append(editBlock)
        if !incident.isActive {
            blocks.append(try postmortemBlock(admin, incident: incident, form: mine(.postmortem), errors: errorsFor(.postmortem),
                                              notices: noticesFor(.postmortem)))
        }
        blocks.append(.list(admin.t("admin_updates"), items: updates, empty: admin.t("admin_none")))
        return adminPage(AdminPageView(heading: admin.text(incident.title), blocks: blocks), admin, status: status)
    }

    func postUpdate(_ admin: AdminRequest, id: Int64, resolving: Bool) throws -> Response {
        let languages = self.languages
        let body = admin.localized("body", languages: languages)
        var (changes, errors) = admin.componentChanges()
        let status: IncidentStatus? = resolving ? .resolved
            : IncidentStatus(rawValue: admin.form["status"] ?? "").flatMap { $0 == .resolved ? nil : $0 }
        if status == nil { errors.append(FieldError(field: "status", code: .invalid)) }
        let draft = UpdateDraft(status: status ?? .investigating, body: body, componentChanges: changes)
        let warnings = draft.missingTranslations(languages: languages)
        if admin.isPreview || !errors.isEmpty {
            guard let incident = try reads.incident(id: id) else { throw AdminRefusal.notFound }
            let components = try reads.components()
            errors += draft.validate(languages: languages, knownComponents: Set(components.map(\.id)))
            let update = IncidentUpdate(id: 0, incidentID: id, status: draft.status, body: body, createdAt: admin.now,
                                        componentChanges: changes)
            let outcome = IncidentRules.post(update, to: incident, otherActive: try reads.activeIncidents())
            let preview = try incidentPreviewBlocks(outcome, components: components, admin)
            return try incidentPage(admin, id: id, errors: errors, extra: preview, warnings: warnings, status: errors.isEmpty ? 200 : 422)
        }
        let notify = admin.form.has("notify")
        return try adminWrite({
            resolving ? try publishing.resolve(incidentID: id, body: body, componentChanges: changes, by: admin.actor, at: admin.now,
                                               notify: notify)
                : try publishing.addUpdate(incidentID: id, draft, by: admin.actor, at: admin.now, notify: notify)
        }, invalid: { try incidentPage(admin, id: id, errors: $0, warnings: warnings, status: 422) },
        done: { _ in adminRedirect(.incident(id), notice: resolving ? "resolved" : "published") })
    }

    func editIncident(_ admin: AdminRequest, id: Int64) throws -> Response {
        let title = admin.localized("title", languages: languages)
        guard let impact = IncidentImpact(rawValue: admin.form["impact"] ?? "") else {
            return try incidentPage(admin, id: id, errors: [FieldError(field: "impact", code: .invalid)], status: 422)
        }
        return try adminWrite({ try publishing.updateIncident(id: id, title: title, impact: impact, by: admin.actor, at: admin.now) },
                              invalid: { try incidentPage(admin, id: id, errors: $0, status: 422) },
                              done: { _ in adminRedirect(.incident(id), notice: "saved") })
    }

    // MARK: Edit or remove one update

    func editUpdatePage(_ admin: AdminRequest, id: Int64, errors: [FieldError] = [], extra: [BlockView] = [],
                        warnings: [String] = [], status: Int = 200) throws -> Response {
        guard let update = try reads.update(id: id) else { throw AdminRefusal.notFound }
        let languages = self.languages
        var form = FormView(action: AdminRoute.editUpdate(id).path, csrf: admin.csrf, rows: [
            admin.languagePair("body", multiLine: true, values: { admin.typed("body.\($0)", else: update.body[$0] ?? "") },
                               errors: admin.messages(errors), languages: languages, labelKey: "admin_field_message", isPost: true),
        ], buttons: [ButtonView(admin.t("admin_preview"), value: "preview", style: "button--secondary"),
                     ButtonView(admin.t("admin_save"), value: "publish")])
        form.formNotices = admin.errorNotice(errors, shownFields: Set(languages.map { "body.\($0)" }))
            + admin.missingTranslationNotice(warnings)
        var block = BlockView()
        block.paragraphs = [admin.t("admin_edit_update_note")]
        block.links = [LinkItem(href: AdminRoute.incident(update.incidentID).path, label: admin.t("admin_back_to_incident"))]
        block.form = form
        return adminPage(AdminPageView(heading: admin.t("admin_edit_update"), blocks: extra + [block]), admin, status: status)
    }

    func editUpdate(_ admin: AdminRequest, id: Int64) throws -> Response {
        let languages = self.languages
        let body = admin.localized("body", languages: languages)
        let warnings = StatusModel.missingTranslations(["body": body], languages: languages)
        if admin.isPreview {
            guard let update = try reads.update(id: id), var incident = try reads.incident(id: update.incidentID) else {
                throw AdminRefusal.notFound
            }
            let errors = UpdateDraft(status: update.status, body: body).validate(languages: languages, knownComponents: [])
            if let index = incident.updates.firstIndex(where: { $0.id == id }) { incident.updates[index].body = body }
            let components = try reads.components()
            let preview = admin.previews(languages: languages) {
                try renderer.incidentPreview(incident, components: components, language: $0)
            }
            return try editUpdatePage(admin, id: id, errors: errors, extra: [preview], warnings: warnings, status: errors.isEmpty ? 200 : 422)
        }
        let incidentID = (try? reads.update(id: id))?.incidentID
        return try adminWrite({ try publishing.editUpdate(updateID: id, body: body, by: admin.actor, at: admin.now) },
                              invalid: { try editUpdatePage(admin, id: id, errors: $0, warnings: warnings, status: 422) },
                              done: { adminRedirect(incidentID.map(AdminRoute.incident) ?? .incidents, notice: "saved") })
    }

    func deleteUpdate(_ admin: AdminRequest, id: Int64) throws -> Response {
        let incidentID = (try? reads.update(id: id))?.incidentID
        try publishing.deleteUpdate(updateID: id, by: admin.actor, at: admin.now)
        return adminRedirect(incidentID.map(AdminRoute.incident) ?? .incidents, notice: "deleted")
    }
}

extension ItemView {
    /// Adds a plain link under the item (used for "Edit").
    func withLink(_ href: String, _ label: String) -> ItemView {
        var copy = self
        copy.itemLinks.append(LinkItem(href: href, label: label))
        return copy
    }
}
