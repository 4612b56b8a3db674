/// A per-request number, unique within one running `Server` and increasing in the order
/// request lines arrive. Shown as 16 lowercase hex digits so log lines and responses can
/// carry it ("X-Request-Id").
public struct RequestID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// "000000000000002a", written in place: every request's log line carries one.
    public var description: String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            for position in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: rawValue >> (UInt64(15 - position) * 4)) & 0xF
                buffer[position] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return 16
        }
    }

    public static func < (lhs: RequestID, rhs: RequestID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// What `ServerConfiguration.onRequestCompleted` is told about each answered request, once the
/// connection is done with it (the response was sent, or sending it failed).
public struct CompletedRequest: Sendable {
    public let id: RequestID
    /// "GET", ...; "" when libmicrohttpd answered before the headers were complete (431, 400).
    public let method: String
    /// The decoded path the handler saw; for requests the handler never saw, the path part of
    /// the request target as sent (not decoded).
    public let path: String
    public let status: Int
    /// From the request line's arrival to the end of the response, on a monotonic clock.
    public let duration: Duration
    /// Response body bytes queued (0 for HEAD and for answers libmicrohttpd made itself).
    /// When `completedNormally` is false the client may have received fewer.
    public let bytesSent: Int
    /// The client's IP address as text; "" when unknown.
    public let remoteAddress: String
    /// False when the connection failed, timed out or was closed by a stop before the response
    /// was fully sent.
    public let completedNormally: Bool
    /// The answering `Response.tag`; nil when the handler set none or never answered.
    public let tag: Int?

    public init(
        id: RequestID, method: String, path: String, status: Int, duration: Duration,
        bytesSent: Int, remoteAddress: String, completedNormally: Bool, tag: Int? = nil
    ) {
        self.id = id
        self.method = method
        self.path = path
        self.status = status
        self.duration = duration
        self.bytesSent = bytesSent
        self.remoteAddress = remoteAddress
        self.completedNormally = completedNormally
        self.tag = tag
    }

    /// `duration` in seconds.
    public var durationSeconds: Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
