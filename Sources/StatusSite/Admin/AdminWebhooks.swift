import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// Webhook subscriptions (admins): list, create (the secret is shown once), delete.
extension AdminUI {
    func webhookList(_ admin: AdminRequest, errors: [FieldError] = [], created: String? = nil, status: Int = 200) throws -> Response {
        let webhooks = try reads.webhooks()
        let components = try reads.components().sorted { $0.position < $1.position }
        let names = Dictionary(components.map { ($0.id, admin.text($0.name)) }, uniquingKeysWith: { first, _ in first })
        let items = webhooks.map { webhook in
            let filter: String = switch webhook.filter {
            case .all: admin.t("admin_subscribers_all_components")
            case .only(let ids):
                ids.isEmpty ? admin.t("admin_subscribers_components_gone")
                    : ids.compactMap { names[$0] }.sorted().joined(separator: ", ")
            }
            var lines = [webhook.url]
            if !webhook.description.isEmpty { lines.append(webhook.description) }
            lines += [admin.t("admin_webhooks_format_\(webhook.format.rawValue)"), admin.t("language_name_\(webhook.language.rawValue)"), filter,
                      admin.t("admin_created_at", ["time": admin.time(webhook.createdAt)])]
            return ItemView(webhook.description.isEmpty ? webhook.url : webhook.description, lines: lines, actions: [
                admin.actionForm(.deleteWebhook(webhook.id), label: admin.t("admin_delete"), style: "button--danger",
                                 confirmLabel: admin.t("admin_webhooks_confirm_delete")),
            ])
        }
        // After a successful create the form starts empty again.
        let typedIn = created == nil ? admin : admin.withoutForm
        let messages = admin.messages(errors)
        let languageChoices = languages.map { ($0.rawValue, admin.t("language_name_\($0.rawValue)")) }
        let formatChoices = WebhookFormat.allCases.map { ($0.rawValue, admin.t("admin_webhooks_format_\($0.rawValue)")) }
        let checkboxes = components.map { component in
            FieldView(.checkbox, name: "component.\(component.id)", label: admin.text(component.name),
                      value: typedIn.form["component.\(component.id)"] ?? "")
        }
        var create = FormView(action: AdminRoute.webhooks.path, csrf: admin.csrf, rows: [
            .single(FieldView(.input("url"), name: "url", label: admin.t("admin_webhooks_field_url"), value: typedIn.typed("url", else: ""),
                              error: messages["url"], hint: admin.t("admin_webhooks_url_hint"), autocomplete: "off")),
            .single(FieldView(.input("text"), name: "description", label: admin.t("admin_webhooks_field_description"),
                              value: typedIn.typed("description", else: ""), error: messages["description"])),
            typedIn.select("format", label: admin.t("admin_webhooks_field_format"),
                        value: typedIn.typed("format", else: WebhookFormat.driftstatus.rawValue), choices: formatChoices,
                        errors: messages, hint: admin.t("admin_webhooks_format_hint")),
            typedIn.select("language", label: admin.t("admin_webhooks_field_language"),
                        value: typedIn.typed("language", else: settings.defaultLanguage.rawValue), choices: languageChoices,
                        errors: messages),
            .group(FieldsetView(legend: admin.t("admin_webhooks_field_components"), legendError: messages["components"] ?? "",
                                hasLegendError: messages["components"] != nil, legendErrorID: "components-error",
                                fieldsetHint: admin.t("admin_webhooks_components_hint"), members: checkboxes)),
            .single(FieldView(.input("text"), name: "secret", label: admin.t("admin_webhooks_field_secret"),
                              value: typedIn.typed("secret", else: ""), error: messages["secret"],
                              hint: admin.t("admin_webhooks_secret_hint"), autocomplete: "off")),
        ], buttons: [ButtonView(admin.t("admin_webhooks_create"))])
        create.formNotices = admin.errorNotice(errors, shownFields: ["url", "description", "format", "language", "components", "secret"])

        var blocks: [BlockView] = []
        if let created {
            var shown = BlockView(admin.t("admin_webhooks_created"))
            shown.blockNotices = [NoticeView(.warning, admin.t("admin_webhooks_secret_once"))]
            shown.secret = created
            blocks.append(shown)
        }
        var intro = BlockView()
        intro.paragraphs = [admin.t("admin_webhooks_intro")]
        var add = BlockView(admin.t("admin_webhooks_create"))
        add.form = create
        blocks += [intro, .list(nil, items: items, empty: admin.t("admin_webhooks_none")), add]
        return adminPage(AdminPageView(heading: admin.t("admin_webhooks_heading"), blocks: blocks), admin, status: status)
    }

    /// Answers with the page itself (no redirect): the secret is shown this once.
    func createWebhook(_ admin: AdminRequest) throws -> Response {
        var ids: [Int64] = []
        var errors: [FieldError] = []
        for (suffix, value) in admin.form.suffixed("component.") where !value.isEmpty {
            if let id = AdminRoute.id(suffix) { ids.append(id) } else { errors.append(FieldError(field: "components", code: .unknownComponent)) }
        }
        guard let language = LanguageCode(admin.value("language")) else {
            return try webhookList(admin, errors: errors + [FieldError(field: "language", code: .notAllowed)], status: 422)
        }
        guard let format = WebhookFormat(rawValue: admin.value("format").isEmpty ? WebhookFormat.driftstatus.rawValue : admin.value("format")) else {
            return try webhookList(admin, errors: errors + [FieldError(field: "format", code: .notAllowed)], status: 422)
        }
        guard errors.isEmpty else { return try webhookList(admin, errors: errors, status: 422) }
        let secret = admin.value("secret")
        let draft = WebhookDraft(url: admin.value("url"), secret: secret.isEmpty ? nil : secret, language: language, componentIDs: ids,
                                 description: admin.value("description"), format: format)
        return try adminWrite({ try webhooks.create(draft, by: admin.actor, at: admin.now) },
                              invalid: { try webhookList(admin, errors: $0, status: 422) },
                              done: { try webhookList(admin, created: $0.secret) })
    }

    func deleteWebhook(_ admin: AdminRequest, id: Int64) throws -> Response {
        guard admin.form["confirm"] == "1" else { throw AdminRefusal.confirmationNeeded }
        try webhooks.delete(id: id, by: admin.actor, at: admin.now)
        return adminRedirect(.webhooks, notice: "deleted")
    }
}
