#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address to listen on, parsed from the configured host.
enum ListenAddress {
    case v4(in_addr)
    case v6(in6_addr)

    /// Accepts IP literals and "localhost" (as 127.0.0.1); no DNS, so start-up never waits on it.
    init(host: String) throws(ServerError) {
        let literal = host == "localhost" ? "127.0.0.1" : host
        // "[::1]" is how IPv6 hosts appear in URLs; accept it too.
        let bare = literal.hasPrefix("[") && literal.hasSuffix("]") ? String(literal.dropFirst().dropLast()) : literal
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            self = .v4(v4)
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, bare, &v6) == 1 {
            self = .v6(v6)
            return
        }
        throw .invalidHost(host)
    }

    var isIPv6: Bool {
        if case .v6 = self { return true }
        return false
    }

    /// The same host as seen from this machine: a wildcard (0.0.0.0, ::) is reached on loopback.
    var reachableLocally: ListenAddress {
        switch self {
        case .v4(let ip) where ip.s_addr == 0: return .v4(in_addr(s_addr: UInt32(0x7F00_0001).bigEndian))
        case .v6(let ip) where withUnsafeBytes(of: ip, { $0.allSatisfy { $0 == 0 } }): return .v6(in6addr_loopback)
        default: return self
        }
    }

    /// Calls `body` with this address and `port` as a `sockaddr` and its length (for bind, connect).
    func withSocketAddress<T>(port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        switch self {
        case .v4(let ip):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = UInt16(port).bigEndian
            sin.sin_addr = ip
            return withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6(let ip):
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = UInt16(port).bigEndian
            sin6.sin6_addr = ip
            return withUnsafePointer(to: &sin6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }
}

/// Creates, binds and listens on a TCP socket, so that failures carry the system's reason
/// ("address already in use") instead of libmicrohttpd's bare failure.
enum ListeningSocket {
    static func open(address: ListenAddress, host: String, port: Int, backlog: Int32) throws(ServerError) -> Int32 {
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw .startFailed("cannot create a socket for \(display(host, port)): \(errorText(errno))")
        }
        var yes: Int32 = 1
        // Lets a restarted server bind while old connections sit in TIME_WAIT.
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))

        let bound = address.withSocketAddress(port: port) { bind(fd, $0, $1) }
        guard bound == 0, listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw .startFailed("cannot listen on \(display(host, port)): \(errorText(code))")
        }
        // MHD's epoll loop (with MHD_USE_TURBO) accepts opportunistically; it must never block.
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        return fd
    }

    /// "127.0.0.1:8080" or "[::1]:8080".
    static func display(_ host: String, _ port: Int) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// "address already in use" — strerror, lowercased to read well after a colon.
    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}
