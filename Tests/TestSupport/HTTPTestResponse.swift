/// A response as the test client received it, byte for byte.
public struct HTTPTestResponse: Sendable {
    public let status: Int
    public let reason: String
    /// Header fields in the order received.
    public let headerFields: [(name: String, value: String)]
    public let body: [UInt8]

    public init(status: Int, reason: String, headerFields: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headerFields = headerFields
        self.body = body
    }

    /// The body as UTF-8 (invalid bytes become U+FFFD).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The first value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers(name).first
    }

    /// Every value of a header, in order, compared case-insensitively.
    public func headers(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return headerFields.filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}

public enum HTTPTestClientError: Error, CustomStringConvertible {
    case invalidHost(String)
    case connectFailed(String)
    case timedOut
    case closedBeforeResponse
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .invalidHost(let host): return "invalid host \(host)"
        case .connectFailed(let reason): return "connect failed: \(reason)"
        case .timedOut: return "no answer within the receive timeout"
        case .closedBeforeResponse: return "the server closed the connection before a complete response"
        case .malformedResponse(let reason): return "malformed response: \(reason)"
        }
    }
}
