import Foundation
import Testing
@testable import Outbound

@Suite("MailMessage encoding")
struct MailMessageTests {
    /// 2026-09-26 16:00:00 UTC, a Saturday.
    static let date = Date(timeIntervalSince1970: 1_790_438_400)

    static let text = """
        Hej! Bankkopplingen fungerar inte just nu – vi undersöker.
        Åäö ÅÄÖ, emoji 👩‍👩‍👧 and 🚦.
        .A line that starts with a dot
        A line with trailing spaces   
        Equals = signs =41 and a tab\tinside
        \(String(repeating: "lång rad med åäö och 🙂 ", count: 20))
        \(String(repeating: "x", count: 300))

        The end.
        """

    static let html = "<p>Hej! <b>Bankkopplingen</b> är nere.</p>\n<p>\(String(repeating: "ö", count: 200))</p>\n"

    static func message(
        subject: String = "Störning: Bankkopplingen 🏦",
        fromName: String? = "Driftstatus Exempel AB",
        extraHeaders: [(name: String, value: String)] = []
    ) -> MailMessage {
        MailMessage(
            from: MailAddress("status@example.se", displayName: fromName),
            to: MailAddress("kund@example.com"),
            subject: subject,
            textBody: text,
            htmlBody: html,
            messageID: "<event-42.sub-7@status.example.se>",
            date: date,
            extraHeaders: extraHeaders)
    }

    static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\r\n")
    }

    @Test("every line ends in CRLF and none is longer than 76 characters")
    func lineShape() throws {
        let bytes = try Self.message(subject: String(repeating: "Åtgärdat fel i synkroniseringen ", count: 5)).encoded()
        let lines = try #require(MIMEReader.crlfLines(bytes), "bare CR or LF in the output")
        #expect(bytes.suffix(2) == [13, 10])
        for line in lines {
            #expect(line.count <= 76, "line too long: \(String(decoding: line, as: UTF8.self))")
            #expect(line.allSatisfy { $0 < 128 }, "8-bit byte in \(String(decoding: line, as: UTF8.self))")
        }
    }

    @Test("headers: Date, From, To, Message-ID, MIME-Version and the extra fields in order")
    func headers() throws {
        let extra = [
            (name: "List-Unsubscribe", value: "<https://status.example.se/unsubscribe?t=abc>, <mailto:unsub@example.se?subject=t-abc>"),
            (name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click"),
            (name: "Auto-Submitted", value: "auto-generated"),
            (name: "X-Driftstatus-Event-Id", value: "42"),
        ]
        let read = try MIMEReader.read(Self.message(extraHeaders: extra).encoded())
        #expect(read.header("Date") == "Sat, 26 Sep 2026 16:00:00 +0000")
        #expect(read.header("From") == "\"Driftstatus Exempel AB\" <status@example.se>")
        #expect(read.header("To") == "kund@example.com")
        #expect(read.header("Message-ID") == "<event-42.sub-7@status.example.se>")
        #expect(read.header("MIME-Version") == "1.0")
        let names = read.headers.map(\.name)
        let extraNames = names.filter { extra.map(\.name).contains($0) }
        #expect(extraNames == extra.map(\.name))
        for field in extra {
            // Unfolding keeps the space the fold was made before, so the value comes back whole.
            #expect(read.header(field.name) == field.value)
        }
    }

    @Test("a single-digit day is written with two digits")
    func dateFormat() {
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 1_772_323_199)) == "Sat, 28 Feb 2026 23:59:59 +0000")
    }

    @Test("multipart/alternative: text/plain then text/html, both decode to the original UTF-8")
    func bodiesRoundTrip() throws {
        let bytes = try Self.message().encoded()
        let read = try MIMEReader.read(bytes)
        let contentType = try #require(read.header("Content-Type"))
        #expect(contentType.hasPrefix("multipart/alternative; boundary=\""))  // unfolded
        let boundary = String(contentType.split(separator: "\"")[1])
        #expect(!boundary.isEmpty && boundary.count <= 70)

        let parts = MIMEReader.parts(of: read.body, boundary: boundary)
        try #require(parts.count == 2)
        let plain = try MIMEReader.read(parts[0])
        let html = try MIMEReader.read(parts[1])
        #expect(plain.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(html.header("Content-Type") == "text/html; charset=utf-8")
        #expect(plain.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(html.header("Content-Transfer-Encoding") == "quoted-printable")

        let decodedText = String(decoding: MIMEReader.decodeQuotedPrintable(plain.body), as: UTF8.self)
        let decodedHTML = String(decoding: MIMEReader.decodeQuotedPrintable(html.body), as: UTF8.self)
        #expect(decodedText == Self.crlf(Self.text))
        #expect(decodedHTML == Self.crlf(Self.html))
        // The boundary cannot occur inside either encoded body.
        for part in parts {
            #expect(MIMEReader.find(Array(boundary.utf8), in: part) == nil)
        }
        // The dot line stays a literal dot line, so SMTP dot-stuffing is exercised end to end.
        #expect(MIMEReader.find(Array("\r\n.A line".utf8), in: bytes) != nil)
    }

    @Test("each encoding picks a new boundary")
    func randomBoundary() throws {
        let first = try MIMEReader.read(Self.message().encoded()).header("Content-Type")
        let second = try MIMEReader.read(Self.message().encoded()).header("Content-Type")
        #expect(first != second)
    }

    @Test("a text-only message is a single text/plain part")
    func textOnly() throws {
        var message = Self.message()
        message.htmlBody = nil
        message.textBody = "Kort.\n"
        let read = try MIMEReader.read(message.encoded())
        #expect(read.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(String(decoding: MIMEReader.decodeQuotedPrintable(read.body), as: UTF8.self) == "Kort.\r\n")
    }

    @Test("non-ASCII subjects and display names become folded encoded-words that decode exactly",
          arguments: [
              "Störning: Bankkopplingen 🏦",
              "Underhåll " + String(repeating: "åäö 👩‍👩‍👧 ", count: 12),
              "Plain ASCII that mentions =?UTF-8?B?x?= literally",
          ])
    func encodedSubject(subject: String) throws {
        let name = "Åsa Öberg på Drift & Status " + String(repeating: "ä", count: 40)
        let bytes = try Self.message(subject: subject, fromName: name).encoded()
        let read = try MIMEReader.read(bytes)
        let rawSubject = try #require(read.header("Subject"))
        #expect(rawSubject.hasPrefix("=?UTF-8?B?"))
        #expect(MIMEReader.decodeEncodedWords(rawSubject) == subject)
        let from = try #require(read.header("From"))
        #expect(from.hasSuffix(" <status@example.se>"))
        #expect(MIMEReader.decodeEncodedWords(String(from.dropLast(" <status@example.se>".count))) == name)
    }

    @Test("a long ASCII subject is folded at spaces, not encoded")
    func longASCIISubject() throws {
        let subject = String(repeating: "Resolved: bank synchronisation is working again ", count: 4) + "end"
        let read = try MIMEReader.read(Self.message(subject: subject).encoded())
        #expect(read.header("Subject") == subject)
    }

    @Test("line breaks in any header value or address are refused",
          arguments: [
              { (message: inout MailMessage) in message.subject = "Hej\r\nBcc: victim@example.com" },
              { message in message.subject = "Hej\nBcc: victim@example.com" },
              { message in message.from.displayName = "Status\r\nBcc: victim@example.com" },
              { message in message.to.displayName = "Kund\rBcc: victim@example.com" },
              { message in message.to.address = "kund@example.com\r\nBcc: victim@example.com" },
              { message in message.from.address = "status@example.se\n" },
              { message in message.messageID = "<x@y>\r\nBcc: victim@example.com" },
              { message in message.extraHeaders = [("List-Unsubscribe", "<https://x>\r\nBcc: victim@example.com")] },
              { message in message.extraHeaders = [("X-Evil\r\nBcc", "victim@example.com")] },
          ] as [@Sendable (inout MailMessage) -> Void])
    func headerInjection(mutate: @Sendable (inout MailMessage) -> Void) {
        var message = Self.message()
        mutate(&message)
        #expect {
            _ = try message.encoded()
        } throws: { error in
            guard let error = error as? OutboundError else { return false }
            return error.kind == .invalidInput && error.isPermanent
        }
    }

    @Test("malformed addresses, Message-IDs and reserved extra headers are refused",
          arguments: [
              { (message: inout MailMessage) in message.to.address = "no-at-sign" },
              { message in message.to.address = "kund@exämple.se" },
              { message in message.to.address = "a b@example.com" },
              { message in message.to.address = "<kund@example.com>" },
              { message in message.messageID = "no-brackets@example.com" },
              { message in message.extraHeaders = [("Content-Type", "text/plain")] },
              { message in message.extraHeaders = [("Subject", "again")] },
              { message in message.extraHeaders = [("Bad Name", "x")] },
          ] as [@Sendable (inout MailMessage) -> Void])
    func malformedInput(mutate: @Sendable (inout MailMessage) -> Void) {
        var message = Self.message()
        mutate(&message)
        #expect(throws: OutboundError.self) { _ = try message.encoded() }
    }
}
