/// How a `Server` listens and what it accepts.
public struct ServerConfiguration: Sendable {
    /// An IPv4 or IPv6 literal ("127.0.0.1", "0.0.0.0", "::1", "::") or "localhost".
    public var host: String = "127.0.0.1"
    /// 0 picks a free port; `Server.port` tells which after `start()`.
    public var port: Int = 8080
    /// Worker threads, each with its own epoll loop; a slow handler blocks only its own thread.
    public var threadCount: Int = 4
    /// Connections open at once. Further connections are accepted and closed at once (the
    /// client sees the connection close or reset), so an overloaded server fails fast and
    /// clients can retry, instead of hanging in the accept queue. Approximate by a few under
    /// concurrent accepts.
    public var connectionLimit: Int = 4096
    /// Connections on which nothing arrives for this long are closed (stalled requests too).
    /// It is an idle timeout: libmicrohttpd has no deadline for a whole request, so a client
    /// that sends a byte every second keeps its connection (measured in SlowClientTests).
    public var connectionTimeoutSeconds: Int = 30
    /// Larger request bodies are answered with 413 without reading them.
    public var maxRequestBodyBytes: Int = 1 << 20
    /// Per-connection memory for the request line and headers (MHD's connection memory limit).
    /// libmicrohttpd itself answers requests whose headers do not fit: 431 when a header field
    /// is too large, 414 when the request line is; the handler is not called.
    public var maxHeaderBytes: Int = 32 * 1024
    /// Longer request targets (path plus query, as sent) are answered with 414.
    public var maxURLLength: Int = 8 * 1024
    /// How long `stop()` waits for requests in progress before closing connections anyway.
    public var shutdownGracePeriodSeconds: Int = 10
    /// Serve HTTPS with this certificate and key instead of plain HTTP.
    public var tls: TLSConfiguration?
    /// Called once per answered request when the connection is done with it, on a server
    /// thread (keep it quick; it delays that thread's other connections). Covers handler
    /// answers, the server's own 413/414, and answers libmicrohttpd makes after the request
    /// line has arrived (431, 400 for bad headers). Not covered: requests whose request line
    /// never completed (garbage, or a line too long for `maxHeaderBytes`, which libmicrohttpd
    /// answers with 414 by itself) and requests abandoned before any answer (timeouts, aborts).
    public var onRequestCompleted: (@Sendable (CompletedRequest) -> Void)?
    /// Peers whose `X-Forwarded-For` / `Forwarded` name the client (`Request.remoteAddress`);
    /// from any other peer those headers are ignored.
    public var trustedProxies: TrustedProxies = .none
    /// Answers held back at once (`Reply.delayed`), each keeping its connection open; further
    /// ones are sent without delay, so holding can never take the connections readers need.
    public var maxDelayedAnswers: Int = 256

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        threadCount: Int = 4,
        connectionLimit: Int = 4096,
        connectionTimeoutSeconds: Int = 30,
        maxRequestBodyBytes: Int = 1 << 20,
        maxHeaderBytes: Int = 32 * 1024,
        maxURLLength: Int = 8 * 1024,
        shutdownGracePeriodSeconds: Int = 10,
        tls: TLSConfiguration? = nil,
        onRequestCompleted: (@Sendable (CompletedRequest) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.threadCount = threadCount
        self.connectionLimit = connectionLimit
        self.connectionTimeoutSeconds = connectionTimeoutSeconds
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxURLLength = maxURLLength
        self.shutdownGracePeriodSeconds = shutdownGracePeriodSeconds
        self.tls = tls
        self.onRequestCompleted = onRequestCompleted
    }

    /// A one-line reason when a value is out of range, else nil.
    func validationProblem() -> String? {
        if !(0...65535).contains(port) { return "port \(port) is not between 0 and 65535" }
        if threadCount < 1 { return "threadCount must be at least 1 (got \(threadCount))" }
        if connectionLimit < 1 { return "connectionLimit must be at least 1 (got \(connectionLimit))" }
        if connectionTimeoutSeconds < 0 {
            return "connectionTimeoutSeconds must not be negative (got \(connectionTimeoutSeconds))"
        }
        if maxRequestBodyBytes < 0 { return "maxRequestBodyBytes must not be negative (got \(maxRequestBodyBytes))" }
        if maxHeaderBytes < 1024 { return "maxHeaderBytes must be at least 1024 (got \(maxHeaderBytes))" }
        if maxURLLength < 1 { return "maxURLLength must be at least 1 (got \(maxURLLength))" }
        if shutdownGracePeriodSeconds < 0 {
            return "shutdownGracePeriodSeconds must not be negative (got \(shutdownGracePeriodSeconds))"
        }
        return nil
    }
}
