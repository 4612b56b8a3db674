import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// Message templates (editors) and the audit log (admins).
extension AdminUI {
    func templateList(_ admin: AdminRequest) throws -> Response {
        let templates = try reads.templates()
        var top = BlockView()
        top.links = [LinkItem(href: AdminRoute.newTemplate.path, label: admin.t("admin_new_template"))]
        let items = templates.map { template in
            var item = ItemView(template.name, href: AdminRoute.template(template.id).path, lines: [admin.text(template.title)], actions: [
                admin.actionForm(.deleteTemplate(template.id), label: admin.t("admin_delete"), style: "button--danger"),
            ])
            item.itemLinks = [LinkItem(href: AdminRoute.newIncident.path(query: [("template", String(template.id))]), label: admin.t("admin_use_this_template"))]
            return item
        }
        return adminPage(AdminPageView(heading: admin.t("admin_templates_heading"), blocks: [
            top, .list(nil, items: items, empty: admin.t("admin_no_templates")),
        ]), admin)
    }

    func templatePage(_ admin: AdminRequest, id: Int64?, errors: [FieldError] = [], status: Int = 200) throws -> Response {
        let existing = try id.flatMap { try reads.template(id: $0) }
        if id != nil && existing == nil { throw AdminRefusal.notFound }
        let languages = self.languages
        let messages = admin.messages(errors)
        var form = FormView(action: id.map { AdminRoute.template($0).path } ?? AdminRoute.newTemplate.path, csrf: admin.csrf, rows: [
            .single(FieldView(.input("text"), name: "name", label: admin.t("admin_field_template_name"),
                              value: admin.typed("name", else: existing?.name ?? ""), error: messages["name"])),
            admin.languagePair("title", multiLine: false, values: { admin.typed("title.\($0)", else: existing?.title[$0] ?? "") },
                               errors: messages, languages: languages),
            admin.languagePair("body", multiLine: true, values: { admin.typed("body.\($0)", else: existing?.body[$0] ?? "") },
                               errors: messages, languages: languages, labelKey: "admin_field_message", isPost: true),
        ], buttons: [ButtonView(admin.t("admin_save"))])
        form.formNotices = admin.errorNotice(errors, shownFields: Set(["name"] + languages.flatMap { ["title.\($0)", "body.\($0)"] }))
        var block = BlockView()
        block.form = form
        return adminPage(AdminPageView(heading: existing?.name ?? admin.t("admin_new_template"), blocks: [block]), admin, status: status)
    }

    func saveTemplate(_ admin: AdminRequest, id: Int64?) throws -> Response {
        let languages = self.languages
        return try adminWrite({
            try publishing.saveTemplate(id: id, name: admin.value("name"), title: admin.localized("title", languages: languages),
                                        body: admin.localized("body", languages: languages), by: admin.actor, at: admin.now)
        }, invalid: { try templatePage(admin, id: id, errors: $0, status: 422) }, done: { _ in adminRedirect(.templates, notice: "saved") })
    }

    func deleteTemplate(_ admin: AdminRequest, id: Int64) throws -> Response {
        try publishing.deleteTemplate(id: id, by: admin.actor, at: admin.now)
        return adminRedirect(.templates, notice: "deleted")
    }

    static let auditPageSize = 50

    /// Newest first; `?before=<id>` pages back.
    func auditLog(_ admin: AdminRequest) throws -> Response {
        let before = admin.request.queryValue("before").flatMap(AdminRoute.id)
        let entries = try reads.auditEntries(before: before, limit: Self.auditPageSize + 1)
        let page = entries.prefix(Self.auditPageSize)
        let items = page.map { entry in
            let who: String = switch entry.actor.kind {
            case .user: admin.t("admin_actor_user", ["name": entry.actor.name])
            case .token: admin.t("admin_actor_token", ["name": entry.actor.name])
            case .system: admin.t("admin_actor_system", ["name": entry.actor.name])
            }
            let entity = entry.entityID.map { "\(entry.entityType) #\($0)" } ?? entry.entityType
            var details: [DetailsView] = []
            if let before = entry.before { details.append(DetailsView(detailsSummary: admin.t("admin_audit_before"), detailsText: before)) }
            if let after = entry.after { details.append(DetailsView(detailsSummary: admin.t("admin_audit_after"), detailsText: after)) }
            return ItemView(entry.action, lines: [admin.time(entry.at), who, entity], details: details)
        }
        var list = BlockView.list(nil, items: Array(items), empty: admin.t("admin_none"))
        if entries.count > Self.auditPageSize, let last = page.last {
            list.moreHref = AdminRoute.audit.path(query: [("before", String(last.id))])
            list.moreLabel = admin.t("admin_older_entries")
        }
        return adminPage(AdminPageView(heading: admin.t("admin_audit_heading"), blocks: [list]), admin)
    }
}
