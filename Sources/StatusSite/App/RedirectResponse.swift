import HTTPServer

extension Response {
    /// A redirect with its target also as the plain-text body (for clients that show bodies).
    /// Shared by the public site and the admin UI.
    static func redirect(to location: String, status: Int, extraHeaders: [(String, String)] = []) -> Response {
        var headers = HTTPHeaders()
        headers.add("Location", location)
        headers.add("Content-Type", "text/plain; charset=utf-8")
        for (name, value) in extraHeaders { headers.add(name, value) }
        return Response(status: status, headers: headers, body: ResponseBody("\(location)\n"))
    }
}
