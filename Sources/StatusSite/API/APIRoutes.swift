import HTTPServer

extension SiteApplication {
    /// `/api/v1/...`: the token-authenticated write API (built by the API work).
    func handleAPI(_ request: Request) -> Response {
        errorPage(404, language: negotiated(request))
    }
}
