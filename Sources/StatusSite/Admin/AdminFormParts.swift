import Foundation
import StatusModel

/// Building blocks shared by the admin forms: language pairs, status selects, preview buttons.
extension AdminRequest {
    /// One field per site language, side by side: "Rubrik (svenska)" | "Rubrik (engelska)".
    /// `isPost`: a text in the Markdown subset of posts; the first field says which syntax works.
    func languagePair(_ field: String, multiLine: Bool, values: (LanguageCode) -> String, errors: [String: String],
                      languages: [LanguageCode], labelKey: String? = nil, isPost: Bool = false) -> FormRowView {
        let label = t(labelKey ?? "admin_field_\(field)")
        return .languages(languages.map { language in
            let name = "\(field).\(language)"
            return FieldView(multiLine ? .textarea : .input("text"), name: name,
                             label: t("admin_field_in_language", ["field": label, "language": t("language_name_\(language)")]),
                             value: values(language), error: errors[name],
                             hint: isPost && language == languages.first ? t("admin_markdown_hint") : nil, lang: language)
        })
    }

    /// The submitted values when re-showing a form, else `stored`.
    func typed(_ name: String, else stored: String) -> String {
        form.has(name) ? (form[name] ?? "") : stored
    }

    func select(_ name: String, label: String, value: String, choices: [(String, String)], errors: [String: String],
                hint: String? = nil) -> FormRowView {
        .single(FieldView(.select(choices), name: name, label: label, value: value, error: errors[name], hint: hint))
    }

    var impactChoices: [(String, String)] { IncidentImpact.allCases.map { ($0.rawValue, t("impact_\($0.rawValue)")) } }

    func incidentStatusChoices(includeResolved: Bool) -> [(String, String)] {
        IncidentStatus.allCases.filter { includeResolved || $0 != .resolved }.map { ($0.rawValue, t("incident_status_\($0.rawValue)")) }
    }

    /// A select per component: `blank` first (not affected / no change / back to operational), then each status.
    func componentStatusFieldset(_ components: [Component], legendKey: String, blankKey: String, errors: [String: String],
                                 selected: (Component) -> String) -> FormRowView {
        let choices = [("", t(blankKey))] + ComponentStatus.allCases.map { ($0.rawValue, t("component_status_\($0.rawValue)")) }
        let members = components.map { component in
            FieldView(.select(choices), name: "component.\(component.id)", label: text(component.name),
                      value: typed("component.\(component.id)", else: selected(component)))
        }
        return .group(FieldsetView(legend: t(legendKey), legendError: errors["components"] ?? "",
                                   hasLegendError: errors["components"] != nil, legendErrorID: "components-error",
                                   fieldsetHint: nil, members: members))
    }

    /// The component changes chosen in `component.<id>` selects; a bad value is an error on "components".
    func componentChanges() -> ([ComponentStatusChange], [FieldError]) {
        var changes: [ComponentStatusChange] = []
        var errors: [FieldError] = []
        for (suffix, value) in form.suffixed("component.") where !value.isEmpty {
            guard let id = AdminRoute.id(suffix), let status = ComponentStatus(rawValue: value) else {
                errors.append(FieldError(field: "components", code: .invalid))
                continue
            }
            changes.append(ComponentStatusChange(componentID: id, status: status))
        }
        return (changes, errors)
    }

    var previewAndPublish: [ButtonView] {
        [ButtonView(t("admin_preview"), value: "preview", style: "button--secondary"), ButtonView(t("admin_publish"), value: "publish")]
    }

    /// A one-button POST form (delete, move, revoke...), optionally with a confirmation checkbox.
    func actionForm(_ route: AdminRoute, label: String, style: String = "button--secondary", hidden: [HiddenField] = [],
                    confirmLabel: String? = nil) -> FormView {
        let rows = confirmLabel.map { [FormRowView.single(FieldView(.checkbox, name: "confirm", label: $0))] } ?? []
        // Unique per form on a page: "incidents-3-resolve-".
        let prefix = String(route.path.dropFirst(AdminRoute.prefix.count).map { $0.isLetter || $0.isNumber ? $0 : "-" }) + "-"
        return FormView(action: route.path, csrf: csrf, rows: rows, buttons: [ButtonView(label, style: style)], hidden: hidden, inline: true,
                        idPrefix: prefix)
    }

    /// Previews of a post in every site language, rendered by the public templates.
    func previews(languages: [LanguageCode], _ render: (LanguageCode) throws -> String) -> BlockView {
        var block = BlockView(t("admin_preview_heading"))
        block.paragraphs = [t("admin_preview_note")]
        block.previews = languages.compactMap { language in
            guard let html = try? render(language) else { return nil }
            return PreviewView(previewLabel: t("admin_preview_in", ["language": t("language_name_\(language)")]),
                               previewLang: language.rawValue, previewHTML: html)
        }
        return block
    }
}
