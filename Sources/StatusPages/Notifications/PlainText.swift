import StatusModel

/// Shapes the plain-text part: tidy blank lines left by template sections and wrap long lines.
enum PlainText {
    /// Lines of text mail are kept under 78 characters (RFC 5322 §2.1.1); 72 leaves room for quoting.
    static let width = 72

    /// Line breaks normalised to LF (the transport writes CRLF), trailing spaces dropped, at most one
    /// blank line in a row, long lines wrapped, one final newline.
    static func tidy(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines: [String] = []
        for raw in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            while line.last == " " || line.last == "\t" { line.removeLast() }
            if line.isEmpty && (lines.last?.isEmpty ?? true) { continue }
            lines += wrap(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Greedy wrapping at spaces. A word longer than the width (a URL) stays whole on its own line,
    /// so links remain clickable; continuation lines keep the indentation, under a "- " item too.
    static func wrap(_ line: String, width: Int = width) -> [String] {
        guard line.count > width else { return [line] }
        let indent = String(line.prefix { $0 == " " })
        let rest = line.dropFirst(indent.count)
        let hanging = indent + (rest.hasPrefix("- ") ? "  " : "")
        var result: [String] = []
        var current = ""
        for word in rest.split(separator: " ") {
            let prefix = result.isEmpty && current.isEmpty ? indent : (current.isEmpty ? hanging : "")
            if current.isEmpty {
                current = prefix + word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                result.append(current)
                current = hanging + word
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// For header values: every run of whitespace and control characters becomes one space; bidi
    /// controls are dropped (a subject has no markup to contain them).
    static func singleLine(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars where !TextRules.isBidiControl(scalar) {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.unicodeScalars.append(" "); pendingSpace = false }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
