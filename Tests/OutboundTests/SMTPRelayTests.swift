import Foundation
import TestSupport
import Testing
@testable import Outbound

@Suite("SMTPRelay against a fake SMTP server")
struct SMTPRelayTests {
    static func relay(port: Int, timeout: Double = 5, username: String? = nil, password: String? = nil) throws -> SMTPRelay {
        try SMTPRelay(configuration: SMTPRelayConfiguration(
            host: "127.0.0.1", port: port, security: .plain,
            username: username, password: password, timeoutSeconds: timeout, ehloName: "status.example.se"))
    }

    static func withServer<R>(credentials: (String, String)? = nil, _ body: (FakeSMTPServer) throws -> R) throws -> R {
        let server = try FakeSMTPServer(credentials: credentials.map { (username: $0.0, password: $0.1) })
        defer { server.stop() }
        return try body(server)
    }

    @Test("the server receives the exact message and envelope; dot lines survive stuffing")
    func sendsExactMessage() throws {
        try Self.withServer { server in
            let relay = try Self.relay(port: server.port)
            let bytes = try MailMessageTests.message().encoded()
            try relay.send(rawMessage: bytes, envelopeFrom: "bounces@example.se", recipients: ["kund@example.com"])
            let received = server.received
            try #require(received.count == 1)
            #expect(received[0].envelopeFrom == "bounces@example.se")
            #expect(received[0].recipients == ["kund@example.com"])
            #expect(received[0].data == bytes)
        }
    }

    @Test("a body line that is just a dot, and one starting with dots, arrive intact")
    func dotOnlyLine() throws {
        try Self.withServer { server in
            let relay = try Self.relay(port: server.port)
            var message = MailMessageTests.message()
            message.htmlBody = nil
            message.textBody = "före\n.\n..två punkter\n.\n"
            let bytes = try message.encoded()
            try relay.send(rawMessage: bytes, envelopeFrom: "bounces@example.se", recipients: ["kund@example.com"])
            #expect(server.received.first?.data == bytes)
        }
    }

    @Test("send(MailMessage) delivers to every recipient and reuses the connection")
    func reusesConnection() throws {
        try Self.withServer { server in
            let relay = try Self.relay(port: server.port)
            let message = MailMessageTests.message()
            try relay.send(message, envelopeFrom: "bounces@example.se", recipients: ["a@example.com", "b@example.com"])
            try relay.send(message, envelopeFrom: "bounces@example.se", recipients: ["c@example.com"])
            #expect(server.received.map(\.recipients) == [["a@example.com", "b@example.com"], ["c@example.com"]])
            #expect(server.connections == 1)
        }
    }

    @Test("550 to RCPT is a permanent rejection with the reply code")
    func permanentRejection() throws {
        try Self.withServer { server in
            server.fail(.rcpt, with: "550 5.1.1 No such user")
            let relay = try Self.relay(port: server.port)
            let error = try #require(throws: OutboundError.self) {
                try relay.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["nobody@example.com"])
            }
            #expect(error.kind == .rejected)
            #expect(error.isPermanent)
            #expect(error.smtpReplyCode == 550)
            #expect(error.message.contains("550"))
            #expect(server.received.isEmpty)
        }
    }

    @Test("4xx at MAIL, RCPT, DATA or after the data is transient; the next send on the same relay works",
          arguments: [FakeSMTPServer.Stage.mailFrom, .rcpt, .dataCommand, .endOfData])
    func transientRejection(stage: FakeSMTPServer.Stage) throws {
        try Self.withServer { server in
            server.fail(stage, with: "451 4.7.1 Try again later")
            let relay = try Self.relay(port: server.port)
            let message = MailMessageTests.message()
            let error = try #require(throws: OutboundError.self) {
                try relay.send(message, envelopeFrom: "b@example.se", recipients: ["kund@example.com"])
            }
            #expect(error.kind == .rejected)
            #expect(!error.isPermanent)
            #expect(error.smtpReplyCode == 451)

            server.fail(stage, with: nil)
            try relay.send(message, envelopeFrom: "b@example.se", recipients: ["kund@example.com"])
            #expect(server.received.count == 1)
        }
    }

    @Test("550 after the data is permanent")
    func permanentAfterData() throws {
        try Self.withServer { server in
            server.fail(.endOfData, with: "554 5.7.1 Message rejected as spam")
            let relay = try Self.relay(port: server.port)
            let error = try #require(throws: OutboundError.self) {
                try relay.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["kund@example.com"])
            }
            #expect(error.isPermanent)
            #expect(error.smtpReplyCode == 554)
        }
    }

    @Test("nothing listening is a transient connection failure")
    func refused() throws {
        let relay = try Self.relay(port: TestSockets.unusedPort())
        let error = try #require(throws: OutboundError.self) {
            try relay.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["kund@example.com"])
        }
        #expect(error.kind == .connectionFailed)
        #expect(!error.isPermanent)
        #expect(error.smtpReplyCode == nil)
    }

    @Test("a reply code from an earlier send is not reported for a later connection failure")
    func noStaleReplyCode() throws {
        let server = try FakeSMTPServer()
        server.fail(.rcpt, with: "550 5.1.1 No such user")
        let relay = try Self.relay(port: server.port)
        #expect(throws: OutboundError.self) {
            try relay.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["x@example.com"])
        }
        server.stop()
        let error = try #require(throws: OutboundError.self) {
            try relay.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["x@example.com"])
        }
        #expect(error.kind == .connectionFailed)
        #expect(!error.isPermanent)
        #expect(error.smtpReplyCode == nil)
    }

    @Test("a server that accepts but never greets times out, transiently, within the timeout")
    func silentServer() throws {
        let (listener, port) = try TestSockets.listen()
        defer { close(listener) }
        let relay = try Self.relay(port: port, timeout: 1)
        let start = Date()
        let error = try #require(throws: OutboundError.self) {
            try relay.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["kund@example.com"])
        }
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(error.kind == .timedOut)
        #expect(!error.isPermanent)
    }

    @Test("credentials are sent with AUTH PLAIN; a refused login is transient")
    func authentication() throws {
        try Self.withServer(credentials: ("relay-user", "hemligt")) { server in
            do {
                // Scoped: the fake serves one connection at a time, and this relay keeps its
                // connection until it is released (libcurl then sends QUIT).
                let good = try Self.relay(port: server.port, username: "relay-user", password: "hemligt")
                try good.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["kund@example.com"])
                #expect(server.received.count == 1)
            }

            let bad = try Self.relay(port: server.port, username: "relay-user", password: "fel")
            let error = try #require(throws: OutboundError.self) {
                try bad.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["kund@example.com"])
            }
            #expect(error.kind == .authenticationFailed)
            #expect(!error.isPermanent)
            #expect(server.logins == ["relay-user:hemligt", "relay-user:fel"])
        }
    }

    @Test("530 (encryption or login required) at MAIL FROM is a configuration problem: transient")
    func relayWantsLogin() throws {
        try Self.withServer { server in
            server.fail(.mailFrom, with: "530 5.7.0 Must issue a STARTTLS command first")
            let relay = try Self.relay(port: server.port)
            let error = try #require(throws: OutboundError.self) {
                try relay.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["kund@example.com"])
            }
            #expect(error.kind == .authenticationFailed)
            #expect(!error.isPermanent)
            #expect(error.smtpReplyCode == 530)
        }
    }

    @Test("STARTTLS required but not offered fails as a transient TLS failure, before MAIL FROM")
    func startTLSNotOffered() throws {
        try Self.withServer { server in
            let relay = try SMTPRelay(configuration: SMTPRelayConfiguration(
                host: "127.0.0.1", port: server.port, security: .startTLS, timeoutSeconds: 5))
            let error = try #require(throws: OutboundError.self) {
                try relay.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["kund@example.com"])
            }
            #expect(error.kind == .tlsFailed)
            #expect(!error.isPermanent)
            #expect(server.received.isEmpty)
        }
    }

    @Test("envelope addresses with line breaks or brackets are refused before connecting",
          arguments: ["b@example.se\r\nRCPT TO:<x@y>", "<b@example.se>", "", "b"])
    func envelopeInjection(sender: String) throws {
        let relay = try Self.relay(port: 1)
        let error = try #require(throws: OutboundError.self) {
            try relay.send(MailMessageTests.message(), envelopeFrom: sender, recipients: ["kund@example.com"])
        }
        #expect(error.kind == .invalidInput && error.isPermanent)
        #expect(throws: OutboundError.self) {
            try relay.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["kund@example.com\r\nDATA"])
        }
        #expect(throws: OutboundError.self) {
            try relay.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: [])
        }
    }

    @Test("the relay can be shared across threads: sends are serialised on its one connection")
    func concurrentSends() throws {
        try Self.withServer { server in
            let relay = try Self.relay(port: server.port)
            let failures = Shared<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 6) { index in
                do {
                    try relay.send(MailMessageTests.message(), envelopeFrom: "b@example.se", recipients: ["k\(index)@example.com"])
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.current.isEmpty)
            #expect(Set(server.received.flatMap(\.recipients)) == Set((0..<6).map { "k\($0)@example.com" }))
            #expect(server.connections == 1)
        }
    }
}
