#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What libmicrohttpd's callbacks need: the handler, the limits, the hooks and the counters.
/// The C callbacks reach it through an unretained pointer (`cls`); `Server` owns it and stops
/// the daemon before letting it go.
final class ServerCore: Sendable {
    let reply: @Sendable (Request) -> Reply
    let maxRequestBodyBytes: Int
    let maxURLLength: Int
    let connectionLimit: Int
    /// The daemon is either all TLS or all plain, so every connection shares this.
    let isSecure: Bool
    let onRequestCompleted: (@Sendable (CompletedRequest) -> Void)?
    let trustedProxies: TrustedProxies
    /// Answers `Reply.delayed` holds back.
    let delayedAnswers: DelayedAnswers
    private let activity = Locked(Activity())
    private let libraryMessages = Locked(LibraryMessages())

    private struct Activity {
        var requestsInProgress = 0
        var openConnections = 0
        var lastRequestID: UInt64 = 0
        /// Connections waiting for a pool's answer; libmicrohttpd must not stop while any is.
        var suspended = 0
        /// Set by `stop()`: responses then carry `Connection: close` so keep-alive clients leave.
        var draining = false
    }

    /// libmicrohttpd's own log lines, kept only while the daemon starts (to explain a refusal).
    private struct LibraryMessages {
        var capturing = false
        var lines: [String] = []
    }

    init(configuration: ServerConfiguration, reply: @escaping @Sendable (Request) -> Reply) {
        self.reply = reply
        maxRequestBodyBytes = configuration.maxRequestBodyBytes
        maxURLLength = configuration.maxURLLength
        connectionLimit = configuration.connectionLimit
        isSecure = configuration.tls != nil
        onRequestCompleted = configuration.onRequestCompleted
        trustedProxies = configuration.trustedProxies
        delayedAnswers = DelayedAnswers(limit: configuration.maxDelayedAnswers)
    }

    /// Called when a request context is created (the request line has arrived); returns the
    /// request's id.
    func requestBegan() -> RequestID {
        activity.withLock {
            $0.requestsInProgress += 1
            $0.lastRequestID &+= 1
            return RequestID($0.lastRequestID)
        }
    }

    /// Called when MHD reports the request finished (sent, failed or timed out).
    func requestEnded() {
        activity.withLock { $0.requestsInProgress -= 1 }
    }

    func connectionSuspended() {
        activity.withLock { $0.suspended += 1 }
    }

    func connectionResumed() {
        activity.withLock { $0.suspended -= 1 }
    }

    /// While stopping, responses tell keep-alive clients to leave.
    func finishing(_ response: Response) -> Response {
        guard isDraining else { return response }
        var closing = response
        closing.headers.replace("Connection", "close")
        return closing
    }

    func connectionOpened() {
        activity.withLock { $0.openConnections += 1 }
    }

    func connectionClosed() {
        activity.withLock { $0.openConnections -= 1 }
    }

    var activeRequests: Int {
        activity.withLock { $0.requestsInProgress }
    }

    var openConnections: Int {
        activity.withLock { $0.openConnections }
    }

    var isDraining: Bool {
        activity.withLock { $0.draining }
    }

    /// Held answers go out now (with `Connection: close`), before the wait for suspended ones.
    func beginDraining() {
        activity.withLock { $0.draining = true }
        delayedAnswers.releaseAll()
    }

    func resetDraining() {
        activity.withLock { $0.draining = false }
        delayedAnswers.resume()
    }

    /// Starts or stops keeping libmicrohttpd's log lines; starting clears the old ones.
    func captureLibraryMessages(_ capturing: Bool) {
        libraryMessages.withLock {
            $0.capturing = capturing
            if capturing { $0.lines = [] }
        }
    }

    var isCapturingLibraryMessages: Bool {
        libraryMessages.withLock { $0.capturing }
    }

    func recordLibraryMessage(_ line: String) {
        libraryMessages.withLock {
            // A start logs a handful of lines at most; the bound only guards against surprises.
            if $0.capturing, $0.lines.count < 20 { $0.lines.append(line) }
        }
    }

    var capturedLibraryMessages: [String] {
        libraryMessages.withLock { $0.lines }
    }

    /// Waits, without a time limit, until every suspended connection has been resumed: stopping
    /// libmicrohttpd with one suspended is undefined behaviour, and pool work always ends.
    func waitUntilNoneSuspended() {
        while activity.withLock({ $0.suspended }) > 0 { usleep(2_000) }
    }

    /// Waits until no request is in progress or the timeout passes; true when idle.
    func waitUntilIdle(timeoutSeconds: Int) -> Bool {
        let stepMicroseconds: UInt32 = 5_000
        var waited = 0
        let limit = timeoutSeconds * 1_000_000
        while activeRequests > 0 {
            if waited >= limit { return false }
            usleep(stepMicroseconds)
            waited += Int(stepMicroseconds)
        }
        return true
    }
}

/// Per-request state kept in MHD's `*con_cls` between access-handler calls.
///
/// Only the thread serving its connection touches it, one call at a time, so it needs no lock.
final class RequestContext {
    let id: RequestID
    /// `MonotonicTime.nanoseconds()` when the request line arrived.
    let startedAt: UInt64
    /// Length of the request target as sent (path and query), for the 414 check.
    let rawURILength: Int
    /// Whether the path part of the target holds "%00": decoded, its NUL would cut the path short.
    let pathEncodesNUL: Bool
    /// Until the handler's view replaces them: "" and the undecoded path part of the target.
    var method = ""
    var path: String
    var remoteAddress = ""
    var isHead = false
    var headersSeen = false
    var body: [UInt8] = []
    /// Body bytes received so far, kept or not.
    var bytesReceived = 0
    /// Set when the request is refused (413) while its body is still arriving.
    var rejectionStatus: Int?
    /// Set while a pool works on this request's answer (the connection is suspended).
    var deferred: DeferredAnswer?
    var answered = false
    /// The status and body size of the response queued by us; 0 while none is.
    var status = 0
    var bytesSent = 0
    /// The queued response's `tag`.
    var tag: Int?

    init(id: RequestID, rawURI: UnsafePointer<CChar>?, keepPath: Bool) {
        self.id = id
        startedAt = MonotonicTime.nanoseconds()
        rawURILength = rawURI.map { strlen($0) } ?? 0
        pathEncodesNUL = rawURI.map(Self.encodesNULInPath) ?? false
        path = keepPath ? rawURI.map(Self.pathPart) ?? "" : ""
    }

    private static func encodesNULInPath(_ uri: UnsafePointer<CChar>) -> Bool {
        var index = 0
        while true {
            switch uri[index] {
            case 0, 0x3F: return false // the end, or "?" where the query starts
            case 0x25 where uri[index + 1] == 0x30 && uri[index + 2] == 0x30: return true // "%00"
            default: index += 1
            }
        }
    }

    /// The target up to "?", decoded lossily (it may hold any bytes the client sent).
    private static func pathPart(_ uri: UnsafePointer<CChar>) -> String {
        let count = strcspn(uri, "?")
        return String(decoding: UnsafeRawBufferPointer(start: uri, count: count), as: UTF8.self)
    }
}
