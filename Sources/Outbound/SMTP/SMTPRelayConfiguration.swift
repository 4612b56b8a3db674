import Foundation

/// Where and how to hand mail to the relay (the organisation's mail server or a provider).
public struct SMTPRelayConfiguration: Sendable, Equatable {
    public enum Security: String, Sendable, Equatable, CaseIterable {
        /// No TLS at all: only for a relay on localhost or a trusted network.
        case plain
        /// Connect in clear text (usually port 587) and require STARTTLS before anything else;
        /// the send fails if the server does not offer it.
        case startTLS
        /// TLS from the first byte (SMTPS, usually port 465).
        case implicitTLS
    }

    /// Host name or IP literal (IPv6 without brackets).
    public var host: String
    public var port: Int
    public var security: Security
    /// Both set: authenticate (libcurl picks the best mechanism the server offers). With
    /// `.plain` the password crosses the network in the clear.
    public var username: String?
    public var password: String?
    /// Limit for connecting and for the whole exchange of one message.
    public var timeoutSeconds: Double
    /// Check the server certificate and host name. Turn off only for a test relay.
    public var verifyPeer: Bool
    /// A PEM file of CA certificates to trust instead of the system store (private CA).
    public var caFilePath: String?
    /// The name this host gives in EHLO; nil lets libcurl choose. Relays and spam filters
    /// look at it, so production should set the site's host name.
    public var ehloName: String?

    public init(
        host: String,
        port: Int,
        security: Security,
        username: String? = nil,
        password: String? = nil,
        timeoutSeconds: Double = 30,
        verifyPeer: Bool = true,
        caFilePath: String? = nil,
        ehloName: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.timeoutSeconds = timeoutSeconds
        self.verifyPeer = verifyPeer
        self.caFilePath = caFilePath
        self.ehloName = ehloName
    }

    /// smtp://host:port/ehlo-name or smtps://...; libcurl takes the EHLO name from the path.
    var url: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let ehlo = ehloName.map { $0.addingPercentEncodingForPath() } ?? ""
        return "\(scheme)://\(hostPart):\(port)/\(ehlo)"
    }
}

private extension String {
    /// Keeps unreserved URL characters; everything else percent-encoded.
    func addingPercentEncodingForPath() -> String {
        var result = ""
        for byte in utf8 {
            let isUnreserved = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte)
                || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            result += isUnreserved ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        return result
    }
}
