import StatusModel

/// The per-post "notify subscribers" checkbox. Browsers send nothing for an unchecked box, so a
/// posted form without `notify` means "off"; only a form not posted yet shows the default.
extension AdminRequest {
    /// Whether this form asks to notify: the default on a fresh form, the box itself once posted.
    /// (Every posted admin form carries at least its CSRF token, so an empty form was not posted.)
    func notifyChoice(default on: Bool) -> Bool {
        form.fields.isEmpty ? on : form.has("notify")
    }

    /// The checkbox row; `hintKey` says what notifying means for this kind of post.
    func notifyRow(default on: Bool, hintKey: String = "admin_notify_hint") -> FormRowView {
        .single(FieldView(.checkbox, name: "notify", label: t("admin_notify_label"), value: notifyChoice(default: on) ? "1" : "",
                          hint: t(hintKey)))
    }
}
