import Foundation

/// Writes header fields: folding long lines at spaces and RFC 2047 encoded-words for text that
/// is not plain printable ASCII.
enum HeaderEncoding {
    /// Header lines (and encoded-words) are kept within this many characters.
    static let maxLineLength = 76
    private static let wordPrefix = "=?UTF-8?B?"
    private static let wordSuffix = "?="

    /// Throws when `value` contains a line break: the classic header injection.
    static func refuseLineBreaks(_ value: String, in field: String) throws(OutboundError) {
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw .invalidInput("The \(field) header value contains a line break (header injection refused).")
        }
    }

    /// Throws unless `name` is a valid field name (printable ASCII, no colon or space).
    static func validateName(_ name: String) throws(OutboundError) {
        let valid = !name.isEmpty && name.utf8.allSatisfy { (33...126).contains($0) && $0 != UInt8(ascii: ":") }
        if !valid { throw .invalidInput("\"\(name)\" is not a valid header field name.") }
    }

    /// Whether `text` must be sent as encoded-words: anything outside printable ASCII, or
    /// something a reader would mistake for an encoded-word.
    static func needsEncoding(_ text: String) -> Bool {
        text.unicodeScalars.contains { !(0x20...0x7E).contains($0.value) } || text.contains("=?")
    }

    /// `Name: value` plus CRLF for unstructured text, folded at spaces, encoded when needed.
    static func unstructuredField(_ name: String, _ value: String) -> String {
        let prefix = name + ": "
        if !needsEncoding(value), let folded = foldedAtSpaces(prefix: prefix, value) {
            return folded + "\r\n"
        }
        return prefix + encodedWords(value, firstLineUsed: prefix.count).joined(separator: "\r\n ") + "\r\n"
    }

    /// `prefix + value` folded before spaces so lines stay within the limit where the words
    /// allow; nil when a single word would make a line longer than RFC 5322's 998 characters.
    static func foldedAtSpaces(prefix: String, _ value: String) -> String? {
        var result = prefix
        var lineLength = prefix.count
        for (index, word) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if word.count + 1 > 998 - 2 { return nil }
            if index == 0 {
                result += word
                lineLength += word.count
            } else if lineLength + 1 + word.count > maxLineLength, !word.isEmpty, lineLength > 1 {
                // Fold: the CRLF goes before the space, so unfolding restores the text exactly.
                result += "\r\n " + word
                lineLength = 1 + word.count
            } else {
                result += " " + word
                lineLength += 1 + word.count
            }
        }
        return lineLength <= 998 ? result : nil
    }

    /// RFC 2047 "B" encoded-words for `text`, each holding whole characters, the first fitting
    /// after `firstLineUsed` characters and the rest after a folding space.
    static func encodedWords(_ text: String, firstLineUsed: Int) -> [String] {
        let overhead = wordPrefix.count + wordSuffix.count
        func capacity(forLineRoom room: Int) -> Int { max(room - overhead, 4) / 4 * 3 }
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = capacity(forLineRoom: maxLineLength - firstLineUsed)
        func flush() {
            words.append(wordPrefix + Data(chunk).base64EncodedString() + wordSuffix)
            chunk = []
            limit = capacity(forLineRoom: maxLineLength - 1)
        }
        for piece in characterPieces(of: text, maxBytes: capacity(forLineRoom: maxLineLength - 1)) {
            if !chunk.isEmpty, chunk.count + piece.count > limit { flush() }
            chunk += piece
        }
        if !chunk.isEmpty || words.isEmpty { flush() }
        return words
    }

    /// The UTF-8 of each character; a character longer than `maxBytes` (a long emoji sequence)
    /// is split between its scalars, which RFC 2047 allows.
    private static func characterPieces(of text: String, maxBytes: Int) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        for character in text {
            let bytes = Array(character.utf8)
            if bytes.count <= maxBytes {
                pieces.append(bytes)
            } else {
                pieces += character.unicodeScalars.map { Array(String($0).utf8) }
            }
        }
        return pieces
    }
}
