/// Why a server could not start.
public enum ServerError: Error, Equatable, CustomStringConvertible {
    /// The host is neither an IP literal nor "localhost".
    case invalidHost(String)
    /// A configuration value is out of range; the text says which.
    case invalidConfiguration(String)
    /// Binding or starting failed; the text is a complete one-line explanation.
    case startFailed(String)
    /// `start()` was called on a server that is already running.
    case alreadyRunning

    public var description: String {
        switch self {
        case .invalidHost(let host):
            return "invalid host \"\(host)\": expected an IPv4 or IPv6 address or \"localhost\""
        case .invalidConfiguration(let reason):
            return "invalid server configuration: \(reason)"
        case .startFailed(let reason):
            return reason
        case .alreadyRunning:
            return "the server is already running"
        }
    }
}
