#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What libmicrohttpd's callbacks need: the handler, the limits and the count of requests in
/// progress. The C callbacks reach it through an unretained pointer (`cls`); `Server` owns it
/// and stops the daemon before letting it go.
final class ServerCore: Sendable {
    let handler: @Sendable (Request) -> Response
    let maxRequestBodyBytes: Int
    let maxURLLength: Int
    private let activity = Locked(Activity())

    private struct Activity {
        var requestsInProgress = 0
        /// Set by `stop()`: responses then carry `Connection: close` so keep-alive clients leave.
        var draining = false
    }

    init(configuration: ServerConfiguration, handler: @escaping @Sendable (Request) -> Response) {
        self.handler = handler
        maxRequestBodyBytes = configuration.maxRequestBodyBytes
        maxURLLength = configuration.maxURLLength
    }

    /// Called when a request context is created (the request line has arrived).
    func requestBegan() {
        activity.withLock { $0.requestsInProgress += 1 }
    }

    /// Called when MHD reports the request finished (sent, failed or timed out).
    func requestEnded() {
        activity.withLock { $0.requestsInProgress -= 1 }
    }

    var activeRequests: Int {
        activity.withLock { $0.requestsInProgress }
    }

    var isDraining: Bool {
        activity.withLock { $0.draining }
    }

    func beginDraining() {
        activity.withLock { $0.draining = true }
    }

    func resetDraining() {
        activity.withLock { $0.draining = false }
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
    /// Length of the request target as sent (path and query), for the 414 check.
    let rawURILength: Int
    var headersSeen = false
    var body: [UInt8] = []
    /// Body bytes received so far, kept or not.
    var bytesReceived = 0
    /// Set when the request is refused (413) while its body is still arriving.
    var rejectionStatus: Int?
    var answered = false

    init(rawURILength: Int) {
        self.rawURILength = rawURILength
    }
}
