import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A minimal SMTP server on 127.0.0.1 for tests: EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA,
/// RSET, NOOP, QUIT on a background thread, one connection at a time. It records each
/// accepted transaction (envelope and un-dot-stuffed data) and can be told to fail a stage.
final class FakeSMTPServer: @unchecked Sendable {
    // @unchecked: the mutable state lives in `state` (a lock); `listener` and `port` are fixed.
    enum Stage: Hashable, Sendable {
        case mailFrom, rcpt, dataCommand, endOfData
    }

    struct Transaction: Sendable, Equatable {
        var envelopeFrom = ""
        var recipients: [String] = []
        var data: [UInt8] = []
    }

    struct State {
        var failures: [Stage: String] = [:]
        var received: [Transaction] = []
        var connections = 0
        var logins: [String] = []
        var stopping = false
    }

    let port: Int
    /// Username and password accepted by AUTH PLAIN; when nil, AUTH is not offered.
    let credentials: (username: String, password: String)?
    private let listener: Int32
    private let state = Shared(State())
    private let finished = DispatchSemaphore(value: 0)

    init(credentials: (username: String, password: String)? = nil) throws {
        (listener, port) = try TestSockets.listen()
        self.credentials = credentials
        let thread = Thread { [self] in
            acceptLoop()
            finished.signal()
        }
        thread.start()
    }

    /// Answer `reply` (e.g. "550 5.1.1 No such user") at `stage` from now on; nil to succeed again.
    func fail(_ stage: Stage, with reply: String?) {
        state.withLock { $0.failures[stage] = reply }
    }

    var received: [Transaction] { state.current.received }
    var connections: Int { state.current.connections }
    var logins: [String] { state.current.logins }

    func stop() {
        state.withLock { $0.stopping = true }
        finished.wait()
        close(listener)
    }

    private var isStopping: Bool { state.current.stopping }

    private func acceptLoop() {
        while !isStopping {
            guard TestSockets.waitReadable(listener, milliseconds: 50) else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            state.withLock { $0.connections += 1 }
            var session = Session(descriptor: connection, server: self)
            session.run()
            close(connection)
        }
    }

    /// One client connection.
    private struct Session {
        let descriptor: Int32
        let server: FakeSMTPServer
        var buffer: [UInt8] = []
        var transaction = Transaction()

        init(descriptor: Int32, server: FakeSMTPServer) {
            self.descriptor = descriptor
            self.server = server
        }

        mutating func run() {
            reply("220 fake.test ESMTP ready")
            while let line = readLine() {
                let upper = line.uppercased()
                if upper.hasPrefix("EHLO") {
                    var lines = ["250-fake.test", "250-8BITMIME", "250-SIZE 10000000"]
                    if server.credentials != nil { lines.append("250-AUTH PLAIN") }
                    lines.append("250 HELP")
                    reply(lines.joined(separator: "\r\n"))
                } else if upper.hasPrefix("HELO") {
                    reply("250 fake.test")
                } else if upper.hasPrefix("AUTH PLAIN") {
                    authenticate(initial: String(line.dropFirst("AUTH PLAIN".count)).trimmingCharacters(in: .whitespaces))
                } else if upper.hasPrefix("MAIL FROM:") {
                    if let failure = failure(.mailFrom) { reply(failure); continue }
                    transaction = Transaction(envelopeFrom: Self.angleContent(line))
                    reply("250 2.1.0 OK")
                } else if upper.hasPrefix("RCPT TO:") {
                    if let failure = failure(.rcpt) { reply(failure); continue }
                    transaction.recipients.append(Self.angleContent(line))
                    reply("250 2.1.5 OK")
                } else if upper == "DATA" {
                    if let failure = failure(.dataCommand) { reply(failure); continue }
                    reply("354 End data with <CR><LF>.<CR><LF>")
                    guard let data = readData() else { return }
                    if let failure = failure(.endOfData) { reply(failure); continue }
                    transaction.data = data
                    let accepted = transaction
                    server.state.withLock { $0.received.append(accepted) }
                    reply("250 2.0.0 Queued")
                } else if upper == "RSET" || upper == "NOOP" {
                    reply("250 2.0.0 OK")
                } else if upper == "QUIT" {
                    reply("221 2.0.0 Bye")
                    return
                } else {
                    reply("502 5.5.2 Unknown command")
                }
            }
        }

        private func failure(_ stage: Stage) -> String? {
            server.state.current.failures[stage]
        }

        private mutating func authenticate(initial: String) {
            var response = initial
            if response.isEmpty {
                reply("334 ")
                guard let line = readLine() else { return }
                response = line
            }
            let decoded = Data(base64Encoded: response).map { [UInt8]($0) } ?? []
            let fields = decoded.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            let login = fields.count == 3 ? "\(fields[1]):\(fields[2])" : "?"
            server.state.withLock { $0.logins.append(login) }
            if let credentials = server.credentials, login == "\(credentials.username):\(credentials.password)" {
                reply("235 2.7.0 Authentication successful")
            } else {
                reply("535 5.7.8 Authentication credentials invalid")
            }
        }

        /// DATA lines up to the lone ".", with a leading dot of each line removed (RFC 5321 §4.5.2).
        private mutating func readData() -> [UInt8]? {
            var data: [UInt8] = []
            while let line = readRawLine() {
                if line == [UInt8(ascii: ".")] { return data }
                let unstuffed = line.first == UInt8(ascii: ".") ? Array(line.dropFirst()) : line
                data += unstuffed + [13, 10]
            }
            return nil
        }

        private mutating func readLine() -> String? {
            readRawLine().map { String(decoding: $0, as: UTF8.self) }
        }

        /// The next CRLF-terminated line without its CRLF; nil at EOF or when the server stops.
        private mutating func readRawLine() -> [UInt8]? {
            while true {
                if let end = MIMEReader.find([13, 10], in: buffer) {
                    let line = Array(buffer[..<end])
                    buffer.removeFirst(end + 2)
                    return line
                }
                if server.isStopping { return nil }
                guard TestSockets.waitReadable(descriptor, milliseconds: 50) else { continue }
                var chunk = [UInt8](repeating: 0, count: 16384)
                let count = read(descriptor, &chunk, chunk.count)
                guard count > 0 else { return nil }
                buffer += chunk[..<count]
            }
        }

        private func reply(_ text: String) {
            let bytes = Array((text + "\r\n").utf8)
            var sent = 0
            while sent < bytes.count {
                let result = bytes[sent...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                guard result > 0 else { return }
                sent += result
            }
        }

        private static func angleContent(_ line: String) -> String {
            guard let open = line.firstIndex(of: "<"), let close = line[open...].firstIndex(of: ">") else { return "" }
            return String(line[line.index(after: open)..<close])
        }
    }
}
