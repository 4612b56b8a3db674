import CCurl
import Foundation

/// Sends mail through one SMTP relay with libcurl, blocking until the relay has accepted or
/// refused the message.
///
/// Threads: calls are serialised by a lock, so any thread may call `send`, but only one send
/// runs at a time (a second caller waits). That is also what keeps the connection: the relay
/// holds one libcurl handle whose cached connection the next send reuses (MAIL FROM again,
/// no new EHLO or TLS handshake) until the server or libcurl's idle limit closes it.
public final class SMTPRelay: @unchecked Sendable {
    // @unchecked: `easy` is only touched while holding `lock`; the configuration is immutable.
    public let configuration: SMTPRelayConfiguration
    private let lock = NSLock()
    private let easy: CurlEasy

    public init(configuration: SMTPRelayConfiguration) throws(OutboundError) {
        self.configuration = configuration
        easy = try CurlEasy()
    }

    /// Encodes `message` and sends it. `envelopeFrom` is the SMTP MAIL FROM (where bounces go),
    /// `recipients` the RCPT TO list (usually just `message.to.address`).
    /// Throws `OutboundError`; `isPermanent` when the relay answered 5xx or the input is invalid.
    public func send(_ message: MailMessage, envelopeFrom: String, recipients: [String]) throws(OutboundError) {
        try send(rawMessage: message.encoded(), envelopeFrom: envelopeFrom, recipients: recipients)
    }

    /// Sends bytes already encoded (as from `MailMessage.encoded()`), for an outbox that stores
    /// the exact message so every retry sends the same bytes. They must use CRLF line ends;
    /// libcurl does the SMTP dot-stuffing.
    public func send(rawMessage: [UInt8], envelopeFrom: String, recipients: [String]) throws(OutboundError) {
        try MailAddress.validate(envelopeFrom, role: "envelope sender")
        guard !recipients.isEmpty else { throw .invalidInput("A message needs at least one recipient.") }
        for recipient in recipients {
            try MailAddress.validate(recipient, role: "recipient")
        }
        let recipientList = try CurlStringList(recipients.map { "<\($0)>" })
        let source = CurlUploadSource(rawMessage)

        lock.lock()
        defer { lock.unlock() }
        try configure(envelopeFrom: envelopeFrom, recipients: recipientList)
        let context = Unmanaged.passUnretained(source).toOpaque()
        try easy.set(CURLOPT_READFUNCTION, callback: CurlUploadSource.callback)
        try easy.set(CURLOPT_READDATA, pointer: context)
        let code = withExtendedLifetime((source, recipientList)) { easy.perform() }
        // The relay's handle must not keep pointers to the list and source freed after return.
        try easy.set(CURLOPT_MAIL_RCPT, pointer: nil)
        try easy.set(CURLOPT_READDATA, pointer: nil)
        guard code == CURLE_OK else { throw failure(code) }
    }

    private func configure(envelopeFrom: String, recipients: CurlStringList) throws(OutboundError) {
        try easy.reset()
        try easy.set(CURLOPT_URL, configuration.url)
        try easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        try easy.set(CURLOPT_MAIL_FROM, "<\(envelopeFrom)>")
        try easy.set(CURLOPT_MAIL_RCPT, recipients)
        try easy.set(CURLOPT_UPLOAD, 1)
        let timeout = max(1, Int(configuration.timeoutSeconds * 1000))
        try easy.set(CURLOPT_TIMEOUT_MS, timeout)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, timeout)
        if configuration.security == .startTLS {
            try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        }
        try easy.set(CURLOPT_SSL_VERIFYPEER, configuration.verifyPeer ? 1 : 0)
        try easy.set(CURLOPT_SSL_VERIFYHOST, configuration.verifyPeer ? 2 : 0)
        if let caFilePath = configuration.caFilePath {
            try easy.set(CURLOPT_CAINFO, caFilePath)
        }
        if let username = configuration.username, let password = configuration.password {
            try easy.set(CURLOPT_USERNAME, username)
            try easy.set(CURLOPT_PASSWORD, password)
        }
    }

    /// RFC 4954 replies that say the relay wants a login or encryption first (530, 534, 535,
    /// 538): about our configuration, not the message, so they are not permanent for it.
    private static let relayConfigurationReplies: Set<Int> = [530, 534, 535, 538]

    /// Classifies a failed send: the relay's 5xx is permanent; 4xx, refused connections,
    /// timeouts, TLS and login failures are transient (a login failure is a configuration
    /// problem that affects every message, so the outbox should keep them until it is fixed).
    private func failure(_ code: CURLcode) -> OutboundError {
        let reply = easy.responseCode
        let reason = easy.reason(for: code)
        var kind = OutboundError.kind(of: code)
        let relay = "\(configuration.host):\(configuration.port)"
        if Self.relayConfigurationReplies.contains(reply) { kind = .authenticationFailed }
        if kind == .authenticationFailed {
            return OutboundError(
                kind: kind, message: "The SMTP relay \(relay) refused the login or requires encryption first (reply \(reply)): \(reason)",
                isPermanent: false, smtpReplyCode: reply > 0 ? reply : nil, curlCode: Int(code.rawValue))
        }
        if (400...599).contains(reply), kind == .transferFailed { kind = .rejected }
        let isPermanent = kind == .rejected && (500...599).contains(reply)
        let message: String
        switch kind {
        case .rejected: message = "The SMTP relay \(relay) refused the message with \(reply): \(reason)"
        case .connectionFailed: message = "Could not connect to the SMTP relay \(relay): \(reason)"
        case .timedOut: message = "The SMTP relay \(relay) did not answer in time: \(reason)"
        case .tlsFailed: message = "TLS with the SMTP relay \(relay) failed: \(reason)"
        default: message = "Sending through the SMTP relay \(relay) failed: \(reason)"
        }
        return OutboundError(
            kind: kind, message: message, isPermanent: isPermanent,
            smtpReplyCode: reply > 0 ? reply : nil, curlCode: Int(code.rawValue))
    }
}
