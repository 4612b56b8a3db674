import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// The postmortem of a resolved incident: one form with both languages side by side, Preview,
/// Save draft and Publish (optionally notifying subscribers).
extension SiteApplication {
    /// The block on the incident's admin page. `form` is the request when this form was the one
    /// posted (typed text and errors go back into it), otherwise an empty one.
    func postmortemBlock(_ admin: AdminRequest, incident: Incident, form: AdminRequest, errors: [String: String],
                         notices: [NoticeView]) throws -> BlockView {
        let draft = try store.postmortemDraft(incidentID: incident.id)
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
        var postmortem = FormView(action: "/admin/incidents/\(incident.id)/postmortem", csrf: admin.csrf, rows: [
            form.languagePair("body", multiLine: true, values: { form.typed("body.\($0)", else: draft?.body[$0] ?? "") },
                              errors: errors, languages: adminLanguages, labelKey: "admin_field_postmortem", isPost: true),
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
    func postPostmortem(_ admin: AdminRequest, id: Int64) -> Response {
        let languages = adminLanguages
        let body = admin.localized("body", languages: languages)
        let warnings = StatusModel.missingTranslations(["body": body], languages: languages)
        if admin.isPreview {
            do {
                guard var incident = try store.incident(id: id) else { return adminMessagePage(404, admin) }
                let errors = PostmortemRules.validate(body, languages: languages)
                incident.postmortem = Postmortem(body: body, publishedAt: incident.postmortem?.publishedAt ?? admin.now,
                                                 lastPublishedAt: admin.now)
                let components = try store.components()
                let preview = admin.previews(languages: languages) {
                    try renderer.incidentPreview(incident, components: components, language: $0)
                }
                return incidentPage(admin, id: id, errors: errors, extra: [preview], warnings: warnings, status: errors.isEmpty ? 200 : 422)
            } catch {
                return adminFailure(error, admin)
            }
        }
        let publishing = admin.form["action"] == "publish"
        let notify = admin.form.has("notify")
        return adminWrite(admin, {
            // What staff see in the form is what gets published: the typed text is saved first.
            _ = try self.publishing.savePostmortem(incidentID: id, body: body, by: admin.actor, at: admin.now)
            if publishing { _ = try self.publishing.publishPostmortem(incidentID: id, notify: notify, by: admin.actor, at: admin.now) }
        }, invalid: { incidentPage(admin, id: id, errors: $0, warnings: warnings, status: 422) },
        done: { adminRedirect("/admin/incidents/\(id)", notice: publishing ? "published" : "saved") })
    }
}
