#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Server {
    /// Whether the running daemon answers a connection to its own listening address within
    /// `timeoutSeconds`: a watchdog's proof of life that needs more than a live process.
    ///
    /// It sends a request line libmicrohttpd refuses by itself (400, or a TLS handshake failure),
    /// so the probe reaches neither the handler, the request log nor the metrics. The kernel
    /// accepts connections into the backlog even when every server thread is stuck, so only an
    /// answer (bytes, a close or a reset) counts, never a mere connect.
    public func answersOwnConnection(timeoutSeconds: Double = 2) -> Bool {
        guard isRunning, let address = try? ListenAddress(host: host).reachableLocally else { return false }
        let fd = socket(address.isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: Int(timeoutSeconds), tv_usec: Int((timeoutSeconds - timeoutSeconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard address.withSocketAddress(port: port, { connect(fd, $0, $1) }) == 0 else { return false }
        let probe = Array("PROBE\r\n\r\n".utf8)
        guard send(fd, probe, probe.count, Int32(MSG_NOSIGNAL)) == probe.count else { return false }
        var answer = [UInt8](repeating: 0, count: 64)
        while true {
            let received = recv(fd, &answer, answer.count, 0)
            // Bytes, or the daemon closed the connection (a TLS daemon resets it, the probe unread).
            if received >= 0 || errno == ECONNRESET { return true }
            if errno != EINTR { return false }  // timed out
        }
    }
}
