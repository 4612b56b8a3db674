import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One TCP connection to the server under test. Send several requests on it to exercise
/// keep-alive; it closes its socket when released.
public final class HTTPTestConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let hostHeader: String
    private let timeoutSeconds: Int

    init(host: String, port: Int, timeoutSeconds: Int, sourceAddress: String? = nil) throws {
        let literal = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        let family: Int32
        if inet_pton(AF_INET, literal, &v4.sin_addr) == 1 {
            family = AF_INET
        } else if inet_pton(AF_INET6, literal, &v6.sin6_addr) == 1 {
            family = AF_INET6
        } else {
            throw HTTPTestClientError.invalidHost(host)
        }
        #if canImport(Glibc)
        let stream = Int32(SOCK_STREAM.rawValue)
        #else
        let stream = SOCK_STREAM
        #endif
        fd = socket(family, stream, 0)
        guard fd >= 0 else { throw HTTPTestClientError.connectFailed(String(cString: strerror(errno))) }
        self.timeoutSeconds = timeoutSeconds
        hostHeader = family == AF_INET6 ? "[\(literal)]:\(port)" : "\(literal):\(port)"

        // Receive and send timeouts make every blocking call give up, so a test cannot hang.
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif

        if let sourceAddress, family == AF_INET {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            guard inet_pton(AF_INET, sourceAddress, &local.sin_addr) == 1 else { throw HTTPTestClientError.invalidHost(sourceAddress) }
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { throw HTTPTestClientError.connectFailed("bind \(sourceAddress): " + String(cString: strerror(errno))) }
        }
        let connected: Int32
        if family == AF_INET {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = UInt16(port).bigEndian
            connected = withUnsafePointer(to: &v4) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        } else {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = UInt16(port).bigEndian
            connected = withUnsafePointer(to: &v6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        guard connected == 0 else {
            // No close here: every stored property is set, so throwing runs `deinit`, which
            // closes the socket. Closing it twice closed whatever file reused the number
            // (database files, pipes) in concurrently running tests.
            throw HTTPTestClientError.connectFailed(String(cString: strerror(errno)))
        }
    }

    deinit {
        closeSocket(fd)
    }

    /// Sends one request and reads its response. Adds `Host`, and `Content-Length` when there is
    /// a body and neither it nor `Transfer-Encoding` was given.
    public func send(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) throws -> HTTPTestResponse {
        var head = "\(method) \(path) HTTP/1.1\r\n"
        let names = Set(headers.map { $0.0.lowercased() })
        if !names.contains("host") { head += "Host: \(hostHeader)\r\n" }
        if !body.isEmpty, !names.contains("content-length"), !names.contains("transfer-encoding") {
            head += "Content-Length: \(body.count)\r\n"
        }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let sendError = writeAll(Array(head.utf8) + body)
        do {
            return try readResponse(isHead: method == "HEAD")
        } catch {
            // A server may answer and close before reading all we sent (413); prefer its answer,
            // and report the write failure only if there was none.
            if let sendError { throw sendError }
            throw error
        }
    }

    /// Sends bytes exactly as given (malformed requests welcome) and reads one response; nil
    /// when the server closed the connection without answering.
    public func sendRaw(_ bytes: [UInt8], isHead: Bool = false) throws -> HTTPTestResponse? {
        _ = writeAll(bytes)
        do {
            return try readResponse(isHead: isHead)
        } catch HTTPTestClientError.closedBeforeResponse where buffer.isEmpty {
            return nil
        }
    }

    /// Writes without reading a response (e.g. half a request).
    public func write(_ bytes: [UInt8]) throws {
        if let error = writeAll(bytes) { throw error }
    }

    /// Half-closes the connection: the server reads end-of-stream but may still answer.
    public func shutdownWrite() {
        #if canImport(Glibc)
        _ = shutdown(fd, Int32(SHUT_WR))
        #else
        _ = shutdown(fd, SHUT_WR)
        #endif
    }

    /// What the server sends until it closes the connection, or, once something has arrived,
    /// until it has been quiet for `quietMilliseconds` (a keep-alive connection may stay open
    /// after answering). `closed` tells which; nothing received and not closed means the
    /// server neither answered nor closed within the receive timeout.
    public func readUntilClosedOrQuiet(quietMilliseconds: Int32 = 200) -> (bytes: [UInt8], closed: Bool) {
        var received = buffer
        buffer.removeAll()
        let deadline = Date().addingTimeInterval(TimeInterval(timeoutSeconds))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            let wait = received.isEmpty ? remaining : min(remaining, quietMilliseconds)
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, wait) > 0 else { return (received, false) }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received.append(contentsOf: chunk[..<count])
            } else if count == 0 || errno != EINTR {
                // End of stream, or a reset: either way the server is done with us.
                return (received, true)
            }
        }
    }

    /// True when the server has closed its side (a read would return end-of-stream now).
    public func isClosedByPeer(waitingMilliseconds: Int32 = 200) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, waitingMilliseconds) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK)) <= 0
    }

    /// Reads one response (skipping 1xx interim responses).
    public func readResponse(isHead: Bool = false) throws -> HTTPTestResponse {
        while true {
            let headEnd = try readUntilHeadEnd()
            let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
            buffer.removeFirst(headEnd + 4)
            var lines = headText.components(separatedBy: "\r\n")
            guard !lines.isEmpty else { throw HTTPTestClientError.malformedResponse("empty head") }
            let statusLine = lines.removeFirst()
            let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
                throw HTTPTestClientError.malformedResponse("status line \"\(statusLine)\"")
            }
            let reason = parts.count > 2 ? String(parts[2]) : ""
            var fields: [(name: String, value: String)] = []
            for line in lines where !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else {
                    throw HTTPTestClientError.malformedResponse("header line \"\(line)\"")
                }
                let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
                fields.append((name: String(line[..<colon]), value: String(value)))
            }
            if (100..<200).contains(status) { continue }
            let partial = HTTPTestResponse(status: status, reason: reason, headerFields: fields, body: [])
            let body = try readBody(of: partial, isHead: isHead)
            return HTTPTestResponse(status: status, reason: reason, headerFields: fields, body: body)
        }
    }

    private func readBody(of response: HTTPTestResponse, isHead: Bool) throws -> [UInt8] {
        if isHead || response.status == 204 || response.status == 304 { return [] }
        if response.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            return try readChunkedBody()
        }
        if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText), length >= 0 else {
                throw HTTPTestClientError.malformedResponse("Content-Length \(lengthText)")
            }
            try fill(atLeast: length)
            let body = Array(buffer[..<length])
            buffer.removeFirst(length)
            return body
        }
        // No length: the body runs until the server closes.
        while try readMore() {}
        defer { buffer.removeAll() }
        return buffer
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let lineEnd = try readUntil([0x0D, 0x0A])
            let sizeText = String(decoding: buffer[..<lineEnd], as: UTF8.self)
            buffer.removeFirst(lineEnd + 2)
            let hex = sizeText.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(hex.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw HTTPTestClientError.malformedResponse("chunk size \"\(sizeText)\"")
            }
            if size == 0 {
                // Skip trailers up to the empty line.
                while true {
                    let end = try readUntil([0x0D, 0x0A])
                    buffer.removeFirst(end + 2)
                    if end == 0 { return body }
                }
            }
            try fill(atLeast: size + 2)
            body.append(contentsOf: buffer[..<size])
            buffer.removeFirst(size + 2)
        }
    }

    private func readUntilHeadEnd() throws -> Int {
        try readUntil([0x0D, 0x0A, 0x0D, 0x0A])
    }

    /// Index of `marker` in the buffer, reading more until it appears.
    private func readUntil(_ marker: [UInt8]) throws -> Int {
        var searchFrom = 0
        while true {
            if buffer.count >= marker.count {
                for index in searchFrom...(buffer.count - marker.count)
                where buffer[index..<(index + marker.count)].elementsEqual(marker) {
                    return index
                }
                searchFrom = buffer.count - marker.count + 1
            }
            guard try readMore() else { throw HTTPTestClientError.closedBeforeResponse }
        }
    }

    private func fill(atLeast count: Int) throws {
        while buffer.count < count {
            guard try readMore() else { throw HTTPTestClientError.closedBeforeResponse }
        }
    }

    /// Reads what is available; false at end of stream.
    private func readMore() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if received > 0 {
            buffer.append(contentsOf: chunk[..<received])
            return true
        }
        if received == 0 { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw HTTPTestClientError.timedOut }
        if errno == ECONNRESET { return false }
        throw HTTPTestClientError.connectFailed(String(cString: strerror(errno)))
    }

    /// Writes everything; returns the error instead of throwing so callers can still read.
    private func writeAll(_ bytes: [UInt8]) -> HTTPTestClientError? {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { pointer in
                sendBytes(fd, pointer.baseAddress, pointer.count)
            }
            if sent <= 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { return .timedOut }
                return .connectFailed("send: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
        return nil
    }
}

// `close` and `send` are shadowed by methods of the same name above; these reach libc's.
private func closeSocket(_ fd: Int32) {
    _ = close(fd)
}

private func sendBytes(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return send(fd, pointer, count, Int32(MSG_NOSIGNAL))
    #else
    return send(fd, pointer, count, 0)
    #endif
}
