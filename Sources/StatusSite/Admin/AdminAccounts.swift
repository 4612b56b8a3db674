import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// Staff accounts and API tokens (admins only).
extension AdminUI {
    var roleChoices: (AdminRequest) -> [(String, String)] {
        { admin in StaffRole.allCases.map { ($0.rawValue, admin.t("admin_role_\($0.rawValue)")) } }
    }

    func userList(_ admin: AdminRequest, errors: [FieldError] = [], status: Int = 200) throws -> Response {
        let users = try reads.users()
        let messages = admin.messages(errors)
        let items = users.map { user in
            let language = (user.language ?? settings.defaultLanguage).rawValue
            return ItemView(user.name, lines: [user.email, admin.t("admin_role_\(user.role.rawValue)"),
                                               admin.t("admin_user_language", ["language": admin.t("language_name_\(language)")])],
                            actions: [languageForm(user, admin)] + (user.id == admin.actor.id ? [] : [
                                admin.actionForm(.deleteUser(user.id), label: admin.t("admin_remove_user"),
                                                 style: "button--danger", confirmLabel: admin.t("admin_confirm_remove_user")),
                            ]))
        }
        var form = FormView(action: AdminRoute.users.path, csrf: admin.csrf, rows: [
            .single(FieldView(.input("email"), name: "email", label: admin.t("admin_field_email"), value: admin.typed("email", else: ""),
                              error: messages["email"], autocomplete: "off")),
            .single(FieldView(.input("text"), name: "name", label: admin.t("admin_field_person_name"), value: admin.typed("name", else: ""),
                              error: messages["name"])),
            admin.select("role", label: admin.t("admin_field_role"), value: admin.typed("role", else: "editor"),
                         choices: roleChoices(admin), errors: messages),
            .single(FieldView(.input("password"), name: "password", label: admin.t("admin_field_password"), error: messages["password"],
                              hint: admin.t("admin_password_hint"), autocomplete: "new-password")),
            admin.select("language", label: admin.t("admin_field_language"),
                         value: admin.typed("language", else: settings.defaultLanguage.rawValue),
                         choices: languageChoices(admin), errors: messages, hint: admin.t("admin_language_hint")),
        ], buttons: [ButtonView(admin.t("admin_add_user"))])
        form.formNotices = admin.errorNotice(errors, shownFields: ["email", "name", "role", "password", "language"])
        var add = BlockView(admin.t("admin_add_user"))
        add.form = form
        return adminPage(AdminPageView(heading: admin.t("admin_users_heading"), blocks: [
            .list(nil, items: items, empty: admin.t("admin_none")), add,
        ]), admin, status: status)
    }

    func addUser(_ admin: AdminRequest) throws -> Response {
        guard let role = StaffRole(rawValue: admin.form["role"] ?? "") else {
            return try userList(admin, errors: [FieldError(field: "role", code: .invalid)], status: 422)
        }
        guard let language = chosenLanguage(admin) else {
            return try userList(admin, errors: [FieldError(field: "language", code: .invalid)], status: 422)
        }
        let draft = UserDraft(email: admin.value("email"), name: admin.value("name"), role: role, password: admin.form["password"] ?? "",
                              language: language)
        return try adminWrite({ try auth.addUser(draft, by: admin.actor, now: admin.now) },
                              invalid: { try userList(admin, errors: $0, status: 422) },
                              done: { _ in adminRedirect(.users, notice: "added") })
    }

    /// The language of a staff member's emails: the site's languages only (emails are written in those).
    func setUserLanguage(_ admin: AdminRequest, id: Int64) throws -> Response {
        guard let language = chosenLanguage(admin) else {
            return try userList(admin, errors: [FieldError(field: "language", code: .invalid)], status: 422)
        }
        return try adminWrite({ try auth.setUserLanguage(id: id, language: language, by: admin.actor, now: admin.now) },
                              invalid: { try userList(admin, errors: $0, status: 422) },
                              done: { _ in adminRedirect(.users, notice: "saved") })
    }

    private func languageChoices(_ admin: AdminRequest) -> [(String, String)] {
        settings.languages.map { ($0.rawValue, admin.t("language_name_\($0.rawValue)")) }
    }

    /// The form's `language` when it is a site language (a missing field means the site's first); nil when it is not.
    private func chosenLanguage(_ admin: AdminRequest) -> LanguageCode? {
        guard let raw = admin.form["language"], !raw.isEmpty else { return settings.defaultLanguage }
        return LanguageCode(raw).flatMap { settings.languages.contains($0) ? $0 : nil }
    }

    private func languageForm(_ user: StaffUser, _ admin: AdminRequest) -> FormView {
        let choices = languageChoices(admin)
        return FormView(action: AdminRoute.userLanguage(user.id).path, csrf: admin.csrf, rows: [
            .single(FieldView(.select(choices), name: "language", label: admin.t("admin_field_language"),
                              value: (user.language ?? settings.defaultLanguage).rawValue)),
        ], buttons: [ButtonView(admin.t("admin_save_language"), style: "button--secondary")], inline: true,
           idPrefix: "users-\(user.id)-language-")
    }

    func removeUser(_ admin: AdminRequest, id: Int64) throws -> Response {
        guard admin.form["confirm"] == "1" else { throw AdminRefusal.confirmationNeeded }
        // Removing yourself would lock the last admin out mid-session; another admin can do it.
        guard id != admin.actor.id else { throw AdminRefusal(409, detailKey: "admin_cannot_remove_self") }
        try auth.removeUser(id: id, by: admin.actor, now: admin.now)
        return adminRedirect(.users, notice: "removed")
    }

    func tokenList(_ admin: AdminRequest, errors: [FieldError] = [], created: String? = nil, status: Int = 200) throws -> Response {
        let tokens = try reads.tokens()
        let messages = admin.messages(errors)
        let items = tokens.map { token in
            var lines = [token.prefix + "…", admin.t("admin_role_\(token.role.rawValue)"),
                         admin.t("admin_created_at", ["time": admin.time(token.createdAt)])]
            lines.append(token.lastUsedAt.map { admin.t("admin_last_used", ["time": admin.time($0)]) } ?? admin.t("admin_never_used"))
            if let revokedAt = token.revokedAt { lines.append(admin.t("admin_revoked_at", ["time": admin.time(revokedAt)])) }
            return ItemView(token.name, lines: lines, actions: token.isRevoked ? [] : [
                admin.actionForm(.revokeToken(token.id), label: admin.t("admin_revoke"), style: "button--danger"),
            ])
        }
        var form = FormView(action: AdminRoute.tokens.path, csrf: admin.csrf, rows: [
            .single(FieldView(.input("text"), name: "name", label: admin.t("admin_field_token_name"),
                              value: created == nil ? admin.typed("name", else: "") : "", error: messages["name"])),
            admin.select("role", label: admin.t("admin_field_role"), value: admin.typed("role", else: "editor"),
                         choices: roleChoices(admin), errors: messages),
        ], buttons: [ButtonView(admin.t("admin_create_token"))])
        form.formNotices = admin.errorNotice(errors, shownFields: ["name", "role"])
        var blocks: [BlockView] = []
        if let created {
            var shown = BlockView(admin.t("admin_token_created"))
            shown.blockNotices = [NoticeView(.warning, admin.t("admin_token_once"))]
            shown.secret = created
            blocks.append(shown)
        }
        var add = BlockView(admin.t("admin_create_token"))
        add.form = form
        blocks += [.list(nil, items: items, empty: admin.t("admin_none")), add]
        return adminPage(AdminPageView(heading: admin.t("admin_tokens_heading"), blocks: blocks), admin, status: status)
    }

    /// Answers with the page itself (no redirect): the token is shown this once and never stored.
    func createToken(_ admin: AdminRequest) throws -> Response {
        guard let role = StaffRole(rawValue: admin.form["role"] ?? "") else {
            return try tokenList(admin, errors: [FieldError(field: "role", code: .invalid)], status: 422)
        }
        return try adminWrite({ try auth.createToken(name: admin.value("name"), role: role, by: admin.actor, now: admin.now) },
                              invalid: { try tokenList(admin, errors: $0, status: 422) },
                              done: { try tokenList(admin, created: $0.token) })
    }

    func revokeToken(_ admin: AdminRequest, id: Int64) throws -> Response {
        try auth.revokeToken(id: id, by: admin.actor, now: admin.now)
        return adminRedirect(.tokens, notice: "revoked")
    }
}
