/// What a handler answers: status, header fields and a (shareable) body.
///
/// `Content-Length` and `Date` are set by the server; header values containing CR, LF or NUL are
/// dropped when sending (they would split the response).
public struct Response: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: ResponseBody

    public init(status: Int = 200, headers: HTTPHeaders = [:], body: ResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Int = 200) -> Response {
        Response(
            status: status,
            headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: ResponseBody(text)
        )
    }
}
