import Foundation
import HTTPServer
import StatusModel
import StatusPages
import StatusStore

extension AdminUI {
    /// Notices a redirect may ask for with `?notice=`; anything else is ignored (no reflected text).
    static let adminNotices: Set<String> = [
        "published", "saved", "deleted", "resolved", "cancelled", "completed", "extended", "rescheduled", "moved", "revoked", "added",
        "removed", "signed_out", "dst_adjusted",
    ]

    func adminChrome(_ admin: AdminRequest) -> AdminChrome {
        AdminChrome(language: admin.language, now: admin.now, userName: admin.principal?.actor.name, isAdmin: admin.isAdmin,
                    csrfToken: admin.csrf, path: admin.path, assetVersion: assetVersion)
    }

    /// Renders an admin page; a `?notice=` from the redirect that led here is shown on top.
    func adminPage(_ page: AdminPageView, _ admin: AdminRequest, status: Int = 200) -> Response {
        var page = page
        if admin.request.method != "POST", let notice = admin.request.queryValue("notice"), Self.adminNotices.contains(notice) {
            page.notices.insert(NoticeView(.success, admin.t("admin_notice_\(notice)")), at: 0)
        }
        do {
            let html = try renderer.adminPage(template: "page", title: page.heading, page: page, chrome: adminChrome(admin))
            return adminHTML(html, status: status, language: admin.language)
        } catch {
            return adminHTML("<!doctype html><title>500</title><h1>500</h1>", status: 500, language: admin.language)
        }
    }

    func adminHTML(_ html: String, status: Int, language: LanguageCode) -> Response {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/html; charset=utf-8")
        headers.add("Content-Language", language.rawValue)
        return Response(status: status, headers: headers, body: ResponseBody(html))
    }

    /// An error page in the staff member's language; `detail` says what to do about it.
    func adminMessagePage(_ status: Int, _ admin: AdminRequest, detail: String? = nil) -> Response {
        let key = [400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503].contains(status) ? "admin_error_\(status)" : "admin_error_500"
        var block = BlockView()
        block.paragraphs = [admin.t("\(key)_text")] + (detail.map { [$0] } ?? [])
        block.links = [LinkItem(href: (admin.principal == nil ? AdminRoute.login : .dashboard).path, label:
            admin.t(admin.principal == nil ? "admin_sign_in" : "admin_nav_dashboard"))]
        return adminPage(AdminPageView(heading: admin.t("\(key)_title"), blocks: [block]), admin, status: status)
    }

    func adminMessagePage(_ status: Int, language: LanguageCode, now: Date) -> Response {
        let request = Request(method: "GET", path: AdminRoute.dashboard.path)
        let admin = AdminRequest(request: request, principal: nil, language: language, now: now, form: FormData(fields: []),
                                 route: .dashboard, renderer: renderer)
        return adminMessagePage(status, admin)
    }

    /// After a successful POST: to a page that shows the result (Post/Redirect/Get).
    func adminRedirect(_ route: AdminRoute, notice: String) -> Response {
        Redirect.response(to: route.path(query: [("notice", notice)]), status: 303)
    }
}

extension AdminRequest {
    /// "Högst 200 tecken" next to the field, in the staff member's language.
    func fieldMessage(_ error: FieldError) -> String {
        t("admin_error_\(error.code.rawValue)", ["limit": error.limit.map(String.init) ?? ""])
    }

    func conflictText(_ why: String) -> String {
        t("admin_error_409_detail")
    }

    /// The first message per field name.
    func messages(_ errors: [FieldError]) -> [String: String] {
        var result: [String: String] = [:]
        for error in errors where result[error.field] == nil { result[error.field] = fieldMessage(error) }
        return result
    }

    /// The top-of-form summary: that something needs fixing, and errors no field shows.
    func errorNotice(_ errors: [FieldError], shownFields: Set<String>) -> [NoticeView] {
        guard !errors.isEmpty else { return [] }
        let unplaced = errors.filter { !shownFields.contains($0.field) }.map { "\($0.field): \(fieldMessage($0))" }
        return [NoticeView(.error, t("admin_form_has_errors"), items: unplaced)]
    }

    /// "Text saknas på engelska: rubrik, meddelande" per language, from names like "title.en".
    func missingTranslationNotice(_ missing: [String]) -> [NoticeView] {
        guard !missing.isEmpty else { return [] }
        var byLanguage: [(String, [String])] = []
        // In the order the form shows the fields: title before message.
        let order = ["title", "name", "body", "description"]
        let sorted = missing.sorted { a, b in
            let fa = a.split(separator: ".").first.map(String.init) ?? a, fb = b.split(separator: ".").first.map(String.init) ?? b
            return (order.firstIndex(of: fa) ?? order.count, a) < (order.firstIndex(of: fb) ?? order.count, b)
        }
        for entry in sorted {
            let parts = entry.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let field = t("admin_missing_field_\(parts[0])")
            if let index = byLanguage.firstIndex(where: { $0.0 == parts[1] }) {
                byLanguage[index].1.append(field)
            } else {
                byLanguage.append((parts[1], [field]))
            }
        }
        let items = byLanguage.map { code, fields in
            t("admin_missing_translation", ["language": t("language_name_\(code)"), "fields": fields.joined(separator: ", ")])
        }
        return [NoticeView(.warning, t("admin_missing_translation_title"), items: items)]
    }

    /// A text field's value as typed: trimmed at both ends, the rest kept.
    func value(_ name: String) -> String {
        (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// One localized text from fields "<field>.<language>".
    func localized(_ field: String, languages: [LanguageCode]) -> LocalizedText {
        LocalizedText(Dictionary(uniqueKeysWithValues: languages.map { ($0, value("\(field).\($0)")) }))
    }
}
