import Foundation
import Testing
@testable import Outbound

/// Sends one message through a real relay when asked to, e.g. aiosmtpd with STARTTLS:
///   OUTBOUND_LIVE_SMTP=127.0.0.1:8025:startTLS OUTBOUND_LIVE_SMTP_CA=/tmp/cert.pem \
///   swift test --filter OutboundTests.LiveRelayTests
/// Skipped otherwise, so the normal suite needs no mail server.
@Suite("SMTPRelay against a live relay", .enabled(if: liveRelayConfiguration() != nil, "set OUTBOUND_LIVE_SMTP=host:port:security"))
struct LiveRelayTests {
    static var target: SMTPRelayConfiguration? { liveRelayConfiguration() }

    @Test("two messages go through the live relay on one connection")
    func sendsTwo() throws {
        let configuration = try #require(Self.target)
        let relay = try SMTPRelay(configuration: configuration)
        for _ in 0..<2 {
            try relay.send(MailMessageTests.message(), envelopeFrom: "bounces@example.se", recipients: ["kund@example.com"])
        }
    }

    @Test("an untrusted certificate is refused as a transient TLS failure")
    func untrustedCertificate() throws {
        var configuration = try #require(Self.target)
        try #require(configuration.security != .plain)
        configuration.caFilePath = nil // the system store does not know the test CA
        let relay = try SMTPRelay(configuration: configuration)
        let error = try #require(throws: OutboundError.self) {
            try relay.send(MailMessageTests.message(), envelopeFrom: "bounces@example.se", recipients: ["kund@example.com"])
        }
        #expect(error.kind == .tlsFailed && !error.isPermanent)
    }
}

/// The relay named by OUTBOUND_LIVE_SMTP (and _CA, _USER, _PASSWORD), if any.
func liveRelayConfiguration() -> SMTPRelayConfiguration? {
    guard let spec = ProcessInfo.processInfo.environment["OUTBOUND_LIVE_SMTP"] else { return nil }
    let fields = spec.split(separator: ":").map(String.init)
    guard fields.count == 3, let port = Int(fields[1]),
          let security = SMTPRelayConfiguration.Security(rawValue: fields[2]) else { return nil }
    let environment = ProcessInfo.processInfo.environment
    return SMTPRelayConfiguration(
        host: fields[0], port: port, security: security,
        username: environment["OUTBOUND_LIVE_SMTP_USER"], password: environment["OUTBOUND_LIVE_SMTP_PASSWORD"],
        timeoutSeconds: 10, caFilePath: environment["OUTBOUND_LIVE_SMTP_CA"], ehloName: "status.example.se")
}
