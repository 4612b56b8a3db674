import Foundation
import HTTPServer
import StatusModel

extension AdminUI {
    /// 503 when a worker pool's queue is full: says to wait a moment, signs nothing in or out.
    func busyPage(_ request: Request, signingIn: Bool) -> Response {
        let (language, _) = language(for: request)
        let admin = AdminRequest(request: Request(method: "GET", path: AdminRoute.dashboard.path), principal: nil, language: language,
                                 now: clock(), form: FormData(fields: []), route: .dashboard, renderer: renderer)
        var block = BlockView()
        block.paragraphs = [admin.t(signingIn ? "admin_busy_sign_in_text" : "admin_busy_text")]
        block.links = [LinkItem(href: AdminRoute.login.path, label: admin.t("admin_sign_in"))]
        return adminPage(AdminPageView(heading: admin.t("admin_error_503_title"), blocks: [block]), admin, status: 503)
    }
}

extension AdminUI {
    /// The answer to a sign-in that came back before its Retry-After (`SignInPacing`): 429 in
    /// the reader's language with Retry-After, made once per language and sent prepared.
    func tooEarlyResponse(_ request: Request) -> Response {
        let (language, _) = language(for: request)
        return tooEarlyResponses.response(for: "\(language)") {
            let admin = AdminRequest(request: Request(method: "GET", path: AdminRoute.dashboard.path), principal: nil, language: language,
                                     now: clock(), form: FormData(fields: []), route: .dashboard, renderer: renderer)
            var block = BlockView()
            block.paragraphs = [admin.t("admin_sign_in_too_early_text")]
            block.links = [LinkItem(href: AdminRoute.login.path, label: admin.t("admin_sign_in"))]
            var response = adminPage(AdminPageView(heading: admin.t("admin_sign_in_too_early_title"), blocks: [block]), admin, status: 429)
            response.headers.replace("Cache-Control", "no-store")
            response.headers.replace("Retry-After", String(SiteApplication.busyRetryAfterSeconds))
            return response
        }
    }
}
