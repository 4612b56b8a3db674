/// One HTTP request as the handler sees it: fully read, immutable.
public struct Request: Sendable {
    /// Uppercase as sent: "GET", "HEAD", "POST", ...
    public let method: String
    /// The URL path, percent-decoded by libmicrohttpd, without the query string.
    public let path: String
    /// Decoded query arguments in the order they were sent; a name without `=` has value "".
    public let query: [(name: String, value: String)]
    public let headers: HTTPHeaders
    public let body: [UInt8]
    /// The client's IP address as text ("127.0.0.1", "::1"); "" when unknown. Behind a trusted proxy
    /// (`ServerConfiguration.trustedProxies`) the client the proxy names, else the connection's peer.
    public let remoteAddress: String
    /// Whether the connection is TLS.
    public let isSecure: Bool
    /// This request's number, also reported in `CompletedRequest.id`.
    public let id: RequestID

    public init(
        method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        remoteAddress: String = "",
        isSecure: Bool = false,
        id: RequestID = RequestID(0)
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
        self.id = id
    }

    /// The first value of the query argument `name`, or nil.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// All values of the query argument `name`, in order.
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }

    /// The body decoded as UTF-8 (invalid bytes become U+FFFD).
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }
}
