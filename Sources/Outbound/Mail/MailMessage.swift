import Foundation

/// One email: a plain-text body and optionally an HTML alternative, ready to be encoded as
/// RFC 5322 + MIME bytes for SMTP.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var textBody: String
    /// When set, the message is multipart/alternative (text first, HTML preferred by clients).
    public var htmlBody: String?
    /// Caller-chosen, globally unique, with angle brackets: "<event-42.sub-7@status.example>".
    /// Keep it when retrying so receivers can drop duplicates.
    public var messageID: String
    public var date: Date
    /// Further fields in this order (List-Unsubscribe, List-Unsubscribe-Post, Auto-Submitted,
    /// X-...). Values that are not printable ASCII are sent as encoded-words. Fields this type
    /// writes itself (From, To, Subject, Date, Message-ID, MIME-Version, Content-*) are refused.
    public var extraHeaders: [(name: String, value: String)]

    public init(
        from: MailAddress,
        to: MailAddress,
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        messageID: String,
        date: Date,
        extraHeaders: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.messageID = messageID
        self.date = date
        self.extraHeaders = extraHeaders
    }

    /// The message as sent in SMTP DATA: CRLF line ends, every line within 78 characters
    /// except unbreakable header words, bodies quoted-printable UTF-8. Each call picks a new
    /// random MIME boundary. Throws `OutboundError` (`.invalidInput`, permanent) for a line break
    /// in any header value or address, a malformed address, header name or Message-ID.
    public func encoded() throws(OutboundError) -> [UInt8] {
        try encoded(boundary: Self.randomBoundary())
    }

    func encoded(boundary: String) throws(OutboundError) -> [UInt8] {
        try validate()
        var head = "Date: \(RFC5322Date.format(date))\r\n"
        head += Self.mailboxField("From", from)
        head += Self.mailboxField("To", to)
        head += HeaderEncoding.unstructuredField("Subject", subject)
        head += "Message-ID: \(messageID)\r\n"
        head += "MIME-Version: 1.0\r\n"
        for (name, value) in extraHeaders {
            head += HeaderEncoding.unstructuredField(name, value)
        }
        var bytes = Array(head.utf8)
        guard let htmlBody else {
            bytes += Array(Self.textPartHeaders(subtype: "plain").utf8) + [13, 10]
            bytes += QuotedPrintable.encode(textBody)
            // SMTP DATA must end with a line end; add one unless the text already had it.
            if bytes.suffix(2) != [13, 10] { bytes += [13, 10] }
            return bytes
        }
        bytes += Array("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n\r\n".utf8)
        for (subtype, body) in [("plain", textBody), ("html", htmlBody)] {
            bytes += Array("--\(boundary)\r\n".utf8)
            bytes += Array(Self.textPartHeaders(subtype: subtype).utf8) + [13, 10]
            bytes += QuotedPrintable.encode(body) + [13, 10]
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return bytes
    }

    private func validate() throws(OutboundError) {
        try MailAddress.validate(from.address, role: "From")
        try MailAddress.validate(to.address, role: "To")
        try HeaderEncoding.refuseLineBreaks(from.displayName ?? "", in: "From")
        try HeaderEncoding.refuseLineBreaks(to.displayName ?? "", in: "To")
        try HeaderEncoding.refuseLineBreaks(subject, in: "Subject")
        try HeaderEncoding.refuseLineBreaks(messageID, in: "Message-ID")
        let idIsPlain = messageID.utf8.allSatisfy { (0x21...0x7E).contains($0) }
        if !idIsPlain || !messageID.hasPrefix("<") || !messageID.hasSuffix(">") || !messageID.contains("@") {
            throw .invalidInput("The Message-ID \"\(messageID)\" is not of the form <unique@domain>.")
        }
        for (name, value) in extraHeaders {
            try HeaderEncoding.validateName(name)
            try HeaderEncoding.refuseLineBreaks(value, in: name)
            let lowercased = name.lowercased()
            if Self.ownFields.contains(lowercased) || lowercased.hasPrefix("content-") {
                throw .invalidInput("The \(name) header is written by MailMessage itself and cannot be added.")
            }
        }
    }

    private static let ownFields: Set<String> = ["date", "from", "to", "subject", "message-id", "mime-version"]

    private static func textPartHeaders(subtype: String) -> String {
        "Content-Type: text/\(subtype); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
    }

    /// `From: "Name" <address>` or `From: =?UTF-8?B?...?= <address>` or `From: address`.
    static func mailboxField(_ name: String, _ mailbox: MailAddress) -> String {
        let prefix = name + ": "
        guard let displayName = mailbox.displayName, !displayName.isEmpty else {
            return prefix + mailbox.address + "\r\n"
        }
        let angleAddress = "<\(mailbox.address)>"
        if !HeaderEncoding.needsEncoding(displayName) {
            let quoted = "\"" + displayName.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"") + "\""
            let line = prefix + quoted + " " + angleAddress
            if line.count <= HeaderEncoding.maxLineLength { return line + "\r\n" }
        }
        let words = HeaderEncoding.encodedWords(displayName, firstLineUsed: prefix.count)
        var field = prefix + words.joined(separator: "\r\n ")
        let lastLineLength = (words.count == 1 ? prefix.count : 1) + (words.last?.count ?? 0)
        field += lastLineLength + 1 + angleAddress.count > HeaderEncoding.maxLineLength ? "\r\n " : " "
        return field + angleAddress + "\r\n"
    }

    /// "=_ds_" + 32 random hex digits. "=_" cannot occur in quoted-printable output, so the
    /// boundary cannot occur in either body whatever they contain.
    static func randomBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return "=_ds_" + String(high, radix: 16).leftPadded(to: 16) + String(low, radix: 16).leftPadded(to: 16)
    }
}

private extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
