/// XML 1.0 allows only some characters at all (section 2.2): escaping cannot save a
/// U+0000–U+001F control (other than tab, LF, CR) or U+FFFE/U+FFFF, so they are dropped.
enum XMLText {
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00...0x1F: false
        case 0xFFFE, 0xFFFF: false
        default: true
        }
    }

    /// `text` without the characters XML 1.0 forbids; untouched (no copy) when it has none.
    static func removingIllegalCharacters(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy(isAllowed) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter(isAllowed))
        return String(scalars)
    }
}
