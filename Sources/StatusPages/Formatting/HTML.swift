import Mustache

/// The only HTML the Swift code writes itself: escaping and line breaks for `{{{ }}}` slots.
///
/// Works on Unicode scalars, as a browser's tokenizer reads: a `"` or `<` followed by a combining
/// mark is one Swift Character, so escaping Character by Character would let it through raw.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { append(scalar, to: &result) }
        return String(result)
    }

    /// Escapes, and turns each line break (\n, \r\n, \r) into `<br>` followed by a newline.
    static func escapedWithLineBreaks(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\n" where afterCR: continue // the LF of a CRLF: its break is already written
            case "\r", "\n": result.append(contentsOf: "<br>\n".unicodeScalars)
            default: append(scalar, to: &result)
            }
        }
        return String(result)
    }

    private static func append(_ scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) {
        switch scalar {
        case "&": result.append(contentsOf: "&amp;".unicodeScalars)
        case "<": result.append(contentsOf: "&lt;".unicodeScalars)
        case ">": result.append(contentsOf: "&gt;".unicodeScalars)
        case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
        case "'": result.append(contentsOf: "&#39;".unicodeScalars)
        default: result.append(scalar)
        }
    }
}

/// Mustache's own `{{ }}` escaping has the same Character-by-Character flaw, so every template is
/// loaded with this content type instead (see `TemplateLoader`). It also serves the XML feeds:
/// the five references it writes are XML's predefined ones (`&#39;` is a character reference).
struct ScalarHTMLContentType: MustacheContentType {
    static let name = "DRIFTSTATUS_HTML"
    func escapeText(_ text: String) -> String { HTML.escape(text) }
}
