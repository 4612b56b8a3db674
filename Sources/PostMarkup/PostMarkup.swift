/// The small Markdown subset staff write posts in (incident updates, maintenance descriptions,
/// postmortems), rendered strictly: paragraphs, `#`/`##` headings, `-`/`*`/`+` and `1.` lists,
/// `[text](url)` links to http:, https: and mailto: only, `*em*`, `**strong**` and `` `code` ``.
/// Raw HTML is never passed through: every `<`, `>`, `&` and quote the author typed is escaped,
/// so the output holds no tag but `p br h3 h4 ul ol li a em strong code` and no attribute but
/// `href` on `<a>`. A text without Markdown renders as before: paragraphs with `<br>` line breaks.
///
/// Pure functions, no I/O. (Ink 0.6.0 passes raw HTML and any link scheme through, so it is not used.)
public enum PostMarkup {
    /// The post as HTML, blocks separated by a newline.
    public static func html(_ source: String) -> String {
        BlockParser.parse(source).map(\.html).joined(separator: "\n")
    }

    /// The post as plain text (email text parts, Statuspage JSON `body`): markers taken out, lists as
    /// `- item` / `1. item`, links as `text (url)`, one blank line between blocks.
    public static func plainText(_ source: String) -> String {
        BlockParser.parse(source).map(\.plainText).joined(separator: "\n\n")
    }

    /// Escapes the five characters that matter in HTML text and attribute values, by Unicode scalar
    /// (as a browser's tokenizer reads: a `"` followed by a combining mark is still a quote).
    public static func escape(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { appendEscaped(scalar, to: &result) }
        return String(result)
    }

    static func appendEscaped(_ scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) {
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
