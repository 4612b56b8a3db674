/// A tiny synchronous HTTP/1.1 client for integration tests: raw sockets, exact bytes, no
/// redirects, a receive timeout (5 s by default) so no test can hang.
public struct HTTPTestClient: Sendable {
    public let host: String
    public let port: Int
    public var timeoutSeconds: Int
    /// The local IPv4 address to connect from (any of 127.0.0.0/8 reaches a loopback server), so a
    /// test can be several clients; nil lets the system choose.
    public var sourceAddress: String?

    public init(host: String = "127.0.0.1", port: Int, timeoutSeconds: Int = 5, sourceAddress: String? = nil) {
        self.host = host
        self.port = port
        self.timeoutSeconds = timeoutSeconds
        self.sourceAddress = sourceAddress
    }

    /// Sends one request on a new connection and returns the response. Unless `headers` has a
    /// `Connection` field, the request says `Connection: close`.
    public func send(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) throws -> HTTPTestResponse {
        var headers = headers
        if !headers.contains(where: { $0.0.lowercased() == "connection" }) {
            headers.append(("Connection", "close"))
        }
        return try openConnection().send(method, path, headers: headers, body: body)
    }

    /// `send` with a UTF-8 string body.
    public func send(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: String
    ) throws -> HTTPTestResponse {
        try send(method, path, headers: headers, body: Array(body.utf8))
    }

    /// Sends bytes exactly as given on a new connection; nil when the server closed without
    /// answering.
    public func sendRaw(_ bytes: [UInt8], isHead: Bool = false) throws -> HTTPTestResponse? {
        try openConnection().sendRaw(bytes, isHead: isHead)
    }

    public func sendRaw(_ text: String, isHead: Bool = false) throws -> HTTPTestResponse? {
        try sendRaw(Array(text.utf8), isHead: isHead)
    }

    /// A connection for several requests in a row (keep-alive).
    public func openConnection() throws -> HTTPTestConnection {
        try HTTPTestConnection(host: host, port: port, timeoutSeconds: timeoutSeconds, sourceAddress: sourceAddress)
    }
}
