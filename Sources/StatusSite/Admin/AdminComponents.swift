import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// Components and groups (admins): create, rename, describe, reorder, hide, delete.
extension AdminUI {
    func componentList(_ admin: AdminRequest) throws -> Response {
        let groups = try reads.groups().sorted { $0.position < $1.position }
        let components = try reads.components().sorted { $0.position < $1.position }
        var top = BlockView()
        top.links = [LinkItem(href: AdminRoute.newComponent.path, label: admin.t("admin_new_component")),
                     LinkItem(href: AdminRoute.newGroup.path, label: admin.t("admin_new_group"))]
        let groupItems = groups.map { group in
            ItemView(admin.text(group.name), href: AdminRoute.group(group.id).path,
                     lines: [admin.t("admin_group_members", ["count": String(components.filter { $0.groupID == group.id }.count)])],
                     actions: moveForms(.changeGroup(group.id, .move), admin) + [
                        admin.actionForm(.changeGroup(group.id, .delete), label: admin.t("admin_delete"), style: "button--danger",
                                         confirmLabel: admin.t("admin_confirm_delete_group")),
                     ])
        }
        let groupNames = Dictionary(uniqueKeysWithValues: groups.map { ($0.id, admin.text($0.name)) })
        let componentItems = components.map { component in
            var lines = [component.slug + " · " + admin.t("component_status_\(component.status.rawValue)")]
            if let groupID = component.groupID, let name = groupNames[groupID] { lines.append(admin.t("admin_in_group", ["group": name])) }
            if component.isHidden { lines.append(admin.t("admin_hidden")) }
            return ItemView(admin.text(component.name), href: AdminRoute.component(component.id).path, lines: lines,
                            actions: moveForms(.changeComponent(component.id, .move), admin) + [
                                admin.actionForm(.changeComponent(component.id, .visibility),
                                                 label: admin.t(component.isHidden ? "admin_show" : "admin_hide"),
                                                 hidden: [HiddenField(hiddenName: "hidden", hiddenValue: component.isHidden ? "0" : "1")]),
                                admin.actionForm(.changeComponent(component.id, .delete), label: admin.t("admin_delete"),
                                                 style: "button--danger", confirmLabel: admin.t("admin_confirm_delete_component")),
                            ])
        }
        return adminPage(AdminPageView(heading: admin.t("admin_components_heading"), blocks: [
            top,
            .list(admin.t("admin_components"), items: componentItems, empty: admin.t("admin_none")),
            .list(admin.t("admin_groups"), items: groupItems, empty: admin.t("admin_none")),
        ]), admin)
    }

    private func moveForms(_ action: AdminRoute, _ admin: AdminRequest) -> [FormView] {
        [admin.actionForm(action, label: admin.t("admin_move_up"), hidden: [HiddenField(hiddenName: "direction", hiddenValue: "up")]),
         admin.actionForm(action, label: admin.t("admin_move_down"), hidden: [HiddenField(hiddenName: "direction", hiddenValue: "down")])]
    }

    func componentPage(_ admin: AdminRequest, id: Int64?, errors: [FieldError] = [], status: Int = 200) throws -> Response {
        let existing = try id.flatMap { try reads.component(id: $0) }
        if id != nil && existing == nil { throw AdminRefusal.notFound }
        let languages = self.languages
        let messages = admin.messages(errors)
        let groups = try reads.groups()
        let groupChoices = [("", admin.t("admin_no_group"))] + groups.map { (String($0.id), admin.text($0.name)) }
        var form = FormView(action: id.map { AdminRoute.component($0).path } ?? AdminRoute.newComponent.path, csrf: admin.csrf, rows: [
            admin.languagePair("name", multiLine: false, values: { admin.typed("name.\($0)", else: existing?.name[$0] ?? "") },
                               errors: messages, languages: languages),
            admin.languagePair("description", multiLine: true,
                               values: { admin.typed("description.\($0)", else: existing?.description[$0] ?? "") },
                               errors: messages, languages: languages),
            .single(FieldView(.input("text"), name: "slug", label: admin.t("admin_field_slug"),
                              value: admin.typed("slug", else: existing?.slug ?? ""), error: messages["slug"],
                              hint: admin.t("admin_slug_hint"))),
            admin.select("group", label: admin.t("admin_field_group"),
                         value: admin.typed("group", else: existing?.groupID.map(String.init) ?? ""), choices: groupChoices, errors: messages),
            .single(FieldView(.checkbox, name: "hidden", label: admin.t("admin_field_hidden"),
                              value: admin.form.fields.isEmpty ? (existing?.isHidden == true ? "1" : "") : (admin.form["hidden"] ?? ""))),
        ], buttons: [ButtonView(admin.t("admin_save"))])
        let shown = Set(["slug", "group"] + languages.flatMap { ["name.\($0)", "description.\($0)"] })
        form.formNotices = admin.errorNotice(errors, shownFields: shown)
        var block = BlockView()
        block.form = form
        let heading = existing.map { admin.text($0.name) } ?? admin.t("admin_new_component")
        return adminPage(AdminPageView(heading: heading, blocks: [block]), admin, status: status)
    }

    func saveComponent(_ admin: AdminRequest, id: Int64?) throws -> Response {
        let languages = self.languages
        let groupText = admin.value("group")
        let groupID = groupText.isEmpty ? nil : AdminRoute.id(groupText)
        if !groupText.isEmpty && groupID == nil {
            return try componentPage(admin, id: id, errors: [FieldError(field: "group", code: .invalid)], status: 422)
        }
        let draft = ComponentDraft(slug: admin.value("slug"), groupID: groupID, name: admin.localized("name", languages: languages),
                                   description: admin.localized("description", languages: languages), isHidden: admin.form.has("hidden"))
        return try adminWrite({
            if let id { try publishing.updateComponent(id: id, draft, by: admin.actor, at: admin.now) } else {
                _ = try publishing.createComponent(draft, by: admin.actor, at: admin.now)
            }
        }, invalid: { try componentPage(admin, id: id, errors: $0, status: 422) }, done: { adminRedirect(.components, notice: "saved") })
    }

    func changeComponent(_ admin: AdminRequest, id: Int64, change: AdminRoute.ComponentChange) throws -> Response {
        switch change {
        case .move:
            let up = admin.form["direction"] != "down"
            try publishing.moveComponent(id: id, up: up, by: admin.actor, at: admin.now)
            return adminRedirect(.components, notice: "moved")
        case .visibility:
            guard let component = try reads.component(id: id) else { throw AdminRefusal.notFound }
            let draft = ComponentDraft(slug: component.slug, groupID: component.groupID, name: component.name,
                                       description: component.description, isHidden: admin.form["hidden"] == "1")
            try publishing.updateComponent(id: id, draft, by: admin.actor, at: admin.now)
            return adminRedirect(.components, notice: "saved")
        case .delete:
            let force = admin.form["confirm"] == "1"
            try publishing.deleteComponent(id: id, force: force, by: admin.actor, at: admin.now)
            return adminRedirect(.components, notice: "deleted")
        }
    }

    func groupPage(_ admin: AdminRequest, id: Int64?, errors: [FieldError] = [], status: Int = 200) throws -> Response {
        let existing = try id.flatMap { try reads.group(id: $0) }
        if id != nil && existing == nil { throw AdminRefusal.notFound }
        let languages = self.languages
        let messages = admin.messages(errors)
        var form = FormView(action: id.map { AdminRoute.group($0).path } ?? AdminRoute.newGroup.path, csrf: admin.csrf, rows: [
            admin.languagePair("name", multiLine: false, values: { admin.typed("name.\($0)", else: existing?.name[$0] ?? "") },
                               errors: messages, languages: languages),
            admin.languagePair("description", multiLine: true,
                               values: { admin.typed("description.\($0)", else: existing?.description[$0] ?? "") },
                               errors: messages, languages: languages),
            .single(FieldView(.checkbox, name: "collapsed", label: admin.t("admin_field_collapsed"),
                              value: admin.form.fields.isEmpty ? (existing?.isCollapsed == true ? "1" : "") : (admin.form["collapsed"] ?? ""))),
        ], buttons: [ButtonView(admin.t("admin_save"))])
        form.formNotices = admin.errorNotice(errors, shownFields: Set(languages.flatMap { ["name.\($0)", "description.\($0)"] }))
        var block = BlockView()
        block.form = form
        let heading = existing.map { admin.text($0.name) } ?? admin.t("admin_new_group")
        return adminPage(AdminPageView(heading: heading, blocks: [block]), admin, status: status)
    }

    func saveGroup(_ admin: AdminRequest, id: Int64?) throws -> Response {
        let languages = self.languages
        let draft = GroupDraft(name: admin.localized("name", languages: languages),
                               description: admin.localized("description", languages: languages), isCollapsed: admin.form.has("collapsed"))
        return try adminWrite({
            if let id { try publishing.updateGroup(id: id, draft, by: admin.actor, at: admin.now) } else {
                _ = try publishing.createGroup(draft, by: admin.actor, at: admin.now)
            }
        }, invalid: { try groupPage(admin, id: id, errors: $0, status: 422) }, done: { adminRedirect(.components, notice: "saved") })
    }

    func changeGroup(_ admin: AdminRequest, id: Int64, change: AdminRoute.GroupChange) throws -> Response {
        if change == .move {
            let up = admin.form["direction"] != "down"
            try publishing.moveGroup(id: id, up: up, by: admin.actor, at: admin.now)
            return adminRedirect(.components, notice: "moved")
        }
        // Deleting a group ungroups its components: asked to confirm like a component delete.
        guard admin.form["confirm"] == "1" else { throw AdminRefusal.confirmationNeeded }
        try publishing.deleteGroup(id: id, by: admin.actor, at: admin.now)
        return adminRedirect(.components, notice: "deleted")
    }
}
