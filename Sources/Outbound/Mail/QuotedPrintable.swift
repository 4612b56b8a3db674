/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text bodies.
enum QuotedPrintable {
    /// Encoded lines, soft breaks included, stay within this many characters.
    static let maxLineLength = 76

    /// Encodes `text` with CRLF line ends. Any line end in `text` (LF, CR or CRLF) becomes a
    /// hard CRLF break; long lines get soft breaks (`=` CRLF). `=` is always followed by two hex
    /// digits or a line end, which is why a boundary containing "=_" can never occur in the output.
    static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        for (index, line) in MailText.lines(of: text).enumerated() {
            if index > 0 { output += [13, 10] }
            encodeLine(line, into: &output)
        }
        return output
    }

    private static func encodeLine(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var column = 0
        for index in line.indices {
            let byte = line[index]
            let isLast = index == line.index(before: line.endIndex)
            let token = tokenFor(byte, isLastInLine: isLast)
            // Room for the soft-break "=" unless this token ends the line.
            let limit = isLast ? maxLineLength : maxLineLength - 1
            if column + token.count > limit {
                output += [UInt8(ascii: "="), 13, 10]
                column = 0
            }
            output += token
            column += token.count
        }
    }

    private static func tokenFor(_ byte: UInt8, isLastInLine: Bool) -> [UInt8] {
        let isPrintable = (33...126).contains(byte) && byte != UInt8(ascii: "=")
        // Trailing blanks are stripped by some transports, so a blank at the line end is encoded.
        let isBlankInside = (byte == 32 || byte == 9) && !isLastInLine
        if isPrintable || isBlankInside { return [byte] }
        return [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}

/// Line handling shared by the body encoders.
enum MailText {
    /// The UTF-8 lines of `text`, split at LF, CR or CRLF, without the line ends. A text ending
    /// in a line end yields a last empty line, so joining with CRLF keeps the final break.
    static func lines(of text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 || byte == 10 {
                lines.append(bytes[start..<index])
                if byte == 13, index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
                start = index + 1
            }
            index += 1
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }
}
