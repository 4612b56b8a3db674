import Foundation

/// An independent reader for what MailMessage writes, so the tests check the bytes against
/// the RFCs rather than against the encoder's own helpers.
struct ReadMessage {
    /// Unfolded header fields in order.
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

enum MIMEReader {
    static let crlf: [UInt8] = [13, 10]

    /// Splits at the first empty line; unfolds continuation lines (RFC 5322 §2.2.3).
    static func read(_ bytes: [UInt8]) throws -> ReadMessage {
        guard let split = find([13, 10, 13, 10], in: bytes) else { throw SocketError(description: "no header end") }
        let headerText = String(decoding: bytes[..<split], as: UTF8.self)
        var headers: [(name: String, value: String)] = []
        for line in headerText.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let last = headers.popLast() {
                headers.append((last.name, last.value + line))
            } else if let colon = line.firstIndex(of: ":") {
                let value = line[line.index(after: colon)...].drop { $0 == " " }
                headers.append((String(line[..<colon]), String(value)))
            }
        }
        return ReadMessage(headers: headers, body: Array(bytes[(split + 4)...]))
    }

    /// The parts between `--boundary` lines (the CRLF before a delimiter belongs to it).
    static func parts(of body: [UInt8], boundary: String) -> [[UInt8]] {
        let delimiter = crlf + Array("--\(boundary)".utf8)
        let text = crlf + body
        var parts: [[UInt8]] = []
        var rest = text[...]
        guard let first = find(delimiter, in: Array(rest)) else { return [] }
        rest = rest.dropFirst(first + delimiter.count)
        while !rest.starts(with: Array("--".utf8)) {
            rest = rest.dropFirst(2) // CRLF after the delimiter
            guard let next = find(delimiter, in: Array(rest)) else { break }
            parts.append(Array(rest.prefix(next)))
            rest = rest.dropFirst(next + delimiter.count)
        }
        return parts
    }

    static func decodeQuotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count {
                if bytes[index + 1] == 13, bytes[index + 2] == 10 {
                    index += 3
                    continue
                }
                let hex = String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self)
                if let value = UInt8(hex, radix: 16) {
                    output.append(value)
                    index += 3
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return output
    }

    /// Decodes RFC 2047 "B" and "Q" words for UTF-8; whitespace between two words is dropped.
    static func decodeEncodedWords(_ value: String) -> String {
        let pattern = try! NSRegularExpression(pattern: "=\\?UTF-8\\?([BbQq])\\?([^?]*)\\?=", options: [.caseInsensitive])
        let ns = value as NSString
        var result = ""
        var position = 0
        var previousWasWord = false
        for match in pattern.matches(in: value, range: NSRange(location: 0, length: ns.length)) {
            let between = ns.substring(with: NSRange(location: position, length: match.range.location - position))
            if !(previousWasWord && between.allSatisfy(\.isWhitespace)) { result += between }
            let encoding = ns.substring(with: match.range(at: 1)).uppercased()
            let payload = ns.substring(with: match.range(at: 2))
            let bytes: [UInt8] = encoding == "B"
                ? Array(Data(base64Encoded: payload) ?? Data())
                : decodeQuotedPrintable(Array(payload.replacingOccurrences(of: "_", with: " ").utf8))
            result += String(decoding: bytes, as: UTF8.self)
            position = match.range.location + match.range.length
            previousWasWord = true
        }
        result += ns.substring(from: position)
        return result
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }

    /// The lines of `bytes` split at CRLF; nil if a bare CR or LF occurs.
    static func crlfLines(_ bytes: [UInt8]) -> [[UInt8]]? {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 {
                guard index + 1 < bytes.count, bytes[index + 1] == 10 else { return nil }
                lines.append(current)
                current = []
                index += 2
                continue
            }
            if byte == 10 { return nil }
            current.append(byte)
            index += 1
        }
        lines.append(current)
        return lines
    }
}
