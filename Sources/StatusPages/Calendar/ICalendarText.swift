import Foundation

/// The lexical rules of RFC 5545 section 3: content lines end in CRLF and are folded at 75
/// octets (never inside a UTF-8 sequence), TEXT values escape `\`, `;`, `,` and line breaks, and
/// times in UTC are written `19980119T070000Z`.
enum ICalendarText {
    static let maximumLineOctets = 75

    /// A TEXT value (section 3.3.11): backslash, semicolon and comma escaped, every line break `\n`.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: break  // controls are not allowed in TEXT
            default: out.unicodeScalars.append(scalar)
            }
            previousWasCR = scalar == "\r"
        }
        return out
    }

    /// One content line, folded (section 3.1): at most 75 octets a line, continuation lines start
    /// with one space, and a break never falls inside a character's UTF-8 bytes.
    static func folded(_ line: String) -> String {
        guard line.utf8.count > maximumLineOctets else { return line + "\r\n" }
        // By scalar, not by Character: a long combining sequence must not push a line past 75 octets.
        var out = String.UnicodeScalarView()
        var current = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if current + size > maximumLineOctets {
                out.append(contentsOf: "\r\n ".unicodeScalars)
                current = 1
            }
            out.append(scalar)
            current += size
        }
        return String(out) + "\r\n"
    }

    /// "20261025T010000Z".
    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
