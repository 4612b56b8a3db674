import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// The postmortem of a resolved incident: one form with both languages side by side, Preview,
/// Save draft and Publish (optionally notifying subscribers).
extension AdminUI {
    /// The block on the incident's admin page. `form` is the request when this form was the one
    /// posted (typed text and errors go back into it), otherwise an empty one.
    func postmortemBlock(_ admin: AdminRequest, incident: Incident, form: AdminRequest, errors: [String: String],
                         notices: [NoticeView]) throws -> BlockView {
        let draft = try reads.postmortemDraft(incidentID: incident.id)
        var status: [String] = []
        if let draft {
            if let published = draft.published {
                status.append(admin.t("admin_postmortem_status_published", ["time": admin.time(published.lastPublishedAt)]))
                if draft.hasUnpublishedChanges { status.append(admin.t("admin_postmortem_status_changes")) }
            } else {
                status.append(admin.t("admin_postmortem_status_draft", ["time": admin.time(draft.savedAt)]))
            }
        } else {
            status.append(admin.t("admin_postmortem_status_none"))
        }
        var postmortem = FormView(action: AdminRoute.incidentForm(incident.id, .postmortem).path, csrf: admin.csrf, rows: [
            form.languagePair("body", multiLine: true, values: { form.typed("body.\($0)", else: draft?.body[$0] ?? "") },
                              errors: errors, languages: languages, labelKey: "admin_field_postmortem", isPost: true),
            form.notifyRow(default: false, hintKey: "admin_postmortem_notify"),
        ], buttons: [ButtonView(admin.t("admin_preview"), value: "preview", style: "button--secondary"),
                     ButtonView(admin.t("admin_save_draft"), value: "save", style: "button--secondary"),
                     ButtonView(admin.t("admin_publish"), value: "publish")], idPrefix: "postmortem-")
        postmortem.formNotices = notices
        var block = BlockView(admin.t("admin_postmortem_heading"))
        block.paragraphs = [admin.t("admin_postmortem_intro")] + status
        block.form = postmortem
        return block
    }

    /// Preview, save the draft, or save and publish it.
    func postPostmortem(_ admin: AdminRequest, id: Int64) throws -> Response {
        let languages = self.languages
        let body = admin.localized("body", languages: languages)
        let warnings = StatusModel.missingTranslations(["body": body], languages: languages)
        if admin.isPreview {
            guard var incident = try reads.incident(id: id) else { throw AdminRefusal.notFound }
            let errors = PostmortemRules.validate(body, languages: languages)
            incident.postmortem = Postmortem(body: body, publishedAt: incident.postmortem?.publishedAt ?? admin.now,
                                             lastPublishedAt: admin.now)
            let components = try reads.components()
            let preview = admin.previews(languages: languages) {
                try renderer.incidentPreview(incident, components: components, language: $0)
            }
            return try incidentPage(admin, id: id, errors: errors, extra: [preview], warnings: warnings, status: errors.isEmpty ? 200 : 422)
        }
        let publishing = admin.form["action"] == "publish"
        let notify = admin.form.has("notify")
        return try adminWrite({
            // What staff see in the form is what gets published: the typed text is saved first.
            _ = try self.publishing.savePostmortem(incidentID: id, body: body, by: admin.actor, at: admin.now)
            if publishing { _ = try self.publishing.publishPostmortem(incidentID: id, notify: notify, by: admin.actor, at: admin.now) }
        }, invalid: { try incidentPage(admin, id: id, errors: $0, warnings: warnings, status: 422) },
        done: { adminRedirect(.incident(id), notice: publishing ? "published" : "saved") })
    }
}
