import CMicroHTTPD

/// What a handler answers: status, header fields and a (shareable) body.
///
/// `Content-Length` and `Date` are set by the server; header values containing CR, LF or NUL are
/// dropped when sending (they would split the response).
public struct Response: Sendable {
    // Any change drops the prepared form, so it can never disagree with the value.
    public var status: Int { didSet { prepared = nil } }
    public var headers: HTTPHeaders { didSet { prepared = nil } }
    public var body: ResponseBody { didSet { prepared = nil } }
    /// This response already in libmicrohttpd's form (see `prepare()`), or nil.
    public private(set) var prepared: PreparedResponse?
    /// A number the handler chooses and gets back in `CompletedRequest.tag` (a route's label for
    /// metrics and logs, known when answering, so completion need not work it out again). The
    /// server never reads it, and setting it keeps the prepared form.
    public var tag: Int?

    /// Builds libmicrohttpd's form of this response once, for a response that will be sent many
    /// times unchanged (a render cache's entries): sending it then allocates and copies nothing.
    public mutating func prepare() {
        prepared = PreparedResponse(self)
    }

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

/// A response in libmicrohttpd's form, queued on any number of connections (libmicrohttpd counts
/// references under its own lock) and destroyed when the last `Response` holding it goes.
public final class PreparedResponse: @unchecked Sendable {
    let pointer: OpaquePointer
    let status: Int
    let bodyCount: Int

    init?(_ response: Response) {
        guard let pointer = makeMHDResponse(response) else { return nil }
        self.pointer = pointer
        status = (100...599).contains(response.status) ? response.status : 500
        bodyCount = response.body.count
    }

    deinit { MHD_destroy_response(pointer) }
}
