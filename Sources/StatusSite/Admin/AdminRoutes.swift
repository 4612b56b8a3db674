import HTTPServer

extension SiteApplication {
    /// `/admin/...`: the staff UI (built by the admin UI work).
    func handleAdmin(_ request: Request) -> Response {
        errorPage(404, language: negotiated(request))
    }
}
