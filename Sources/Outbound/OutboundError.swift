/// Why a message or a POST did not go out, and whether trying again later can help.
public struct OutboundError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The message, an address or a header cannot be sent as given (header injection,
        /// malformed address). Never retried: the same input fails the same way.
        case invalidInput
        /// The SMTP server answered a command with a failure reply (see `smtpReplyCode`).
        case rejected
        /// Could not resolve or connect to the server.
        case connectionFailed
        /// The connection or the whole exchange took longer than the configured timeout.
        case timedOut
        /// The TLS handshake or certificate check failed, or STARTTLS was not offered.
        case tlsFailed
        /// The relay refused the username and password.
        case authenticationFailed
        /// The address a name resolved to is one the address policy refuses (loopback,
        /// private, ...). Never retried.
        case addressRefused
        /// Anything else libcurl reported (connection dropped mid-way, out of memory, ...).
        case transferFailed
    }

    public let kind: Kind
    /// A human-readable reason, with libcurl's own detail when it gave one.
    public let message: String
    /// True when retrying the same message cannot succeed (SMTP 5xx, invalid input).
    public let isPermanent: Bool
    /// The last SMTP reply code when the server answered (e.g. 550, 451), else nil.
    public let smtpReplyCode: Int?
    /// libcurl's CURLcode, for logs; nil when libcurl was not involved.
    public let curlCode: Int?

    public init(kind: Kind, message: String, isPermanent: Bool, smtpReplyCode: Int? = nil, curlCode: Int? = nil) {
        self.kind = kind
        self.message = message
        self.isPermanent = isPermanent
        self.smtpReplyCode = smtpReplyCode
        self.curlCode = curlCode
    }

    static func invalidInput(_ message: String) -> OutboundError {
        OutboundError(kind: .invalidInput, message: message, isPermanent: true)
    }

    public var description: String { message }
}
