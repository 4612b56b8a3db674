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
