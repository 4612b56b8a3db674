import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// Message templates (editors) and the audit log (admins).
extension SiteApplication {
    func templateList(_ admin: AdminRequest) -> Response {
        do {
            let templates = try store.templates()
            var top = BlockView()
            top.links = [LinkItem(href: "/admin/templates/new", label: admin.t("admin_new_template"))]
            let items = templates.map { template in
                var item = ItemView(template.name, href: "/admin/templates/\(template.id)", lines: [admin.text(template.title)], actions: [
                    admin.actionForm("/admin/templates/\(template.id)/delete", label: admin.t("admin_delete"), style: "button--danger"),
                ])
                item.itemLinks = [LinkItem(href: "/admin/incidents/new?template=\(template.id)", label: admin.t("admin_use_this_template"))]
                return item
            }
            return adminPage(AdminPageView(heading: admin.t("admin_templates_heading"), blocks: [
                top, .list(nil, items: items, empty: admin.t("admin_no_templates")),
            ]), admin)
        } catch {
            return adminFailure(error, admin)
        }
    }

    func templatePage(_ admin: AdminRequest, id: Int64?, errors: [FieldError] = [], status: Int = 200) -> Response {
        do {
            let existing = try id.flatMap { try store.template(id: $0) }
            if id != nil && existing == nil { return adminMessagePage(404, admin) }
            let languages = adminLanguages
            let messages = admin.messages(errors)
            var form = FormView(action: id.map { "/admin/templates/\($0)" } ?? "/admin/templates/new", csrf: admin.csrf, rows: [
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
        } catch {
            return adminFailure(error, admin)
        }
    }

    func saveTemplate(_ admin: AdminRequest, id: Int64?) -> Response {
        let languages = adminLanguages
        return adminWrite(admin, {
            try publishing.saveTemplate(id: id, name: admin.value("name"), title: admin.localized("title", languages: languages),
                                        body: admin.localized("body", languages: languages), by: admin.actor, at: admin.now)
        }, invalid: { templatePage(admin, id: id, errors: $0, status: 422) }, done: { _ in adminRedirect("/admin/templates", notice: "saved") })
    }

    func deleteTemplate(_ admin: AdminRequest, id: Int64) -> Response {
        adminWrite(admin, { try publishing.deleteTemplate(id: id, by: admin.actor, at: admin.now) },
                   invalid: { adminFailure(PublishingError.validation($0), admin) },
                   done: { adminRedirect("/admin/templates", notice: "deleted") })
    }

    static let auditPageSize = 50

    /// Newest first; `?before=<id>` pages back.
    func auditLog(_ admin: AdminRequest) -> Response {
        do {
            let before = admin.request.queryValue("before").flatMap(Self.adminID)
            let entries = try store.auditEntries(before: before, limit: Self.auditPageSize + 1)
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
                list.moreHref = "/admin/audit?before=\(last.id)"
                list.moreLabel = admin.t("admin_older_entries")
            }
            return adminPage(AdminPageView(heading: admin.t("admin_audit_heading"), blocks: [list]), admin)
        } catch {
            return adminFailure(error, admin)
        }
    }
}
