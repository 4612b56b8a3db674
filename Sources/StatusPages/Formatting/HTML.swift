import Mustache
import PostMarkup

/// The only HTML the Swift code writes itself: escaping for `{{{ }}}` slots, and staff posts
/// through `PostMarkup` (its strict Markdown subset; raw HTML stays text).
///
/// Works on Unicode scalars, as a browser's tokenizer reads: a `"` or `<` followed by a combining
/// mark is one Swift Character, so escaping Character by Character would let it through raw.
public enum HTML {
    public static func escape(_ text: String) -> String { PostMarkup.escape(text) }

    /// A staff post (update, maintenance description, postmortem) as HTML blocks.
    static func post(_ text: String) -> String { PostMarkup.html(text) }

}

/// Mustache's own `{{ }}` escaping has the same Character-by-Character flaw, so every template is
/// loaded with this content type instead (see `TemplateLoader`). It also serves the XML feeds:
/// the five references it writes are XML's predefined ones (`&#39;` is a character reference).
struct ScalarHTMLContentType: MustacheContentType {
    static let name = "DRIFTSTATUS_HTML"
    func escapeText(_ text: String) -> String { HTML.escape(text) }
}
