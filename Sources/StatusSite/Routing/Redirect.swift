import HTTPServer

/// A redirect answer: the location in the header and, for clients that show bodies, as text.
enum Redirect {
    static func response(to location: String, status: Int, extraHeaders: [(String, String)] = []) -> Response {
        var headers = HTTPHeaders()
        headers.add("Location", location)
        headers.add("Content-Type", "text/plain; charset=utf-8")
        for (name, value) in extraHeaders { headers.add(name, value) }
        return Response(status: status, headers: headers, body: ResponseBody("\(location)\n"))
    }
}
