import Foundation
import HTTPServer
import StatusModel
import StatusPages

/// One admin request after the common checks: who asks, in which language, with which form.
struct AdminRequest {
    let request: Request
    let principal: Principal?
    let language: LanguageCode
    let now: Date
    var form: FormData
    /// The address asked for; nil for one the admin does not have (answered 404).
    let route: AdminRoute?
    /// Where the staff member's strings come from.
    let renderer: PageRenderer

    var actor: Actor { principal?.actor ?? Actor.system("anonymous") }
    var csrf: String { principal?.csrfToken ?? "" }
    var path: String { request.path }
    var isAdmin: Bool { principal?.allows(.manageUsers) ?? false }
    /// True when the staff member pressed a Preview button: show, never write.
    var isPreview: Bool { form["action"] == "preview" }

    /// The same request without its form: for the forms on a page that were not the one posted.
    var withoutForm: AdminRequest {
        var copy = self
        copy.form = FormData(fields: [])
        return copy
    }

    /// The staff member's string for `key`, `{name}` placeholders filled.
    func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        renderer.localized(key, language, arguments)
    }

    func time(_ date: Date) -> String { renderer.timestamp(date, language) }

    /// A staff text in the staff member's language, else in the first language that has it.
    func text(_ value: LocalizedText) -> String {
        value.resolved(in: language, fallbacks: renderer.languages)?.text ?? t("untitled")
    }
}
