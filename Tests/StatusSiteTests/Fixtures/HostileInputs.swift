/// One hostile text and the name a failing test reports it by.
struct HostileInput: Sendable {
    let name: String
    let text: String

    /// Line breaks are refused in titles and names, so such an input only goes into bodies and descriptions.
    var isMultiLine: Bool { text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" } }
}

/// The corpus every text field of the admin UI and the write API is fed with. Each entry is valid
/// text (the rules accept it), so it must be stored exactly and shown as inert text everywhere.
/// Inputs that must be refused (overlong, invalid UTF-8, lone surrogates) have their own tests.
enum HostileInputs {
    static let all: [HostileInput] = markup + attributes + urls + templating + entities + unicode + sql + formats + lineBreaks

    static let markup: [HostileInput] = [
        .init(name: "script", text: "<script>alert(1)</script>"),
        .init(name: "mixed-case script", text: "<ScRiPt>alert(1)</sCrIpT>"),
        .init(name: "title breakout", text: "</title><script>alert(1)</script>"),
        .init(name: "textarea breakout", text: "</textarea><script>alert(1)</script>"),
        .init(name: "nested script", text: "<<script>script>alert(1)<</script>/script>"),
        .init(name: "svg onload", text: "<svg onload=alert(1)>"),
        .init(name: "svg inside", text: "<svg><script>alert(1)</script></svg>"),
        .init(name: "iframe", text: "<iframe src=\"https://evil.example\"></iframe>"),
        .init(name: "body onload", text: "<body onload=alert(1)>"),
        .init(name: "style", text: "<style>body{display:none}</style>"),
        .init(name: "comment open", text: "<!-- hide the rest"),
        .init(name: "cdata end", text: "]]><x>y</x><![CDATA["),
        .init(name: "xml declaration", text: "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;"),
        .init(name: "math", text: "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>"),
        .init(name: "fullwidth brackets", text: "\u{FF1C}script\u{FF1E}alert(1)\u{FF1C}/script\u{FF1E}"),
    ]

    static let attributes: [HostileInput] = [
        .init(name: "double-quote breakout", text: "\" onmouseover=\"alert(1)"),
        .init(name: "single-quote breakout", text: "' autofocus onfocus='alert(1)"),
        .init(name: "img onerror", text: "\"><img src=x onerror=alert(1)>"),
        .init(name: "backtick", text: "`onerror=alert(1)` `"),
        .init(name: "input autofocus", text: "<input onfocus=alert(1) autofocus>"),
        // A combining mark joins the quote into one Character: escaping Character by Character misses it.
        .init(name: "quote with combining mark", text: "\"\u{0301} onmouseover=alert(1) x=\"\u{0301}"),
        .init(name: "bracket with combining mark", text: "<\u{0338}b>x</b\u{0338}>"),
        .init(name: "apostrophe with combining mark", text: "'\u{0308} onfocus=alert(1) '\u{0308}"),
    ]

    static let urls: [HostileInput] = [
        .init(name: "javascript url", text: "javascript:alert(1)"),
        .init(name: "mixed-case javascript url", text: "JaVaScRiPt:alert(document.cookie)"),
        .init(name: "link with javascript", text: "<a href=\"javascript:alert(1)\">click</a>"),
        .init(name: "data url", text: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
        .init(name: "vbscript url", text: "vbscript:msgbox(1)"),
    ]

    static let templating: [HostileInput] = [
        .init(name: "mustache variable", text: "{{x}}"),
        .init(name: "mustache triple", text: "{{{x}}}"),
        .init(name: "mustache section and partial", text: "{{#t}}{{/t}}{{> layout}}{{! c}}{{=<% %>=}}"),
        .init(name: "template literals", text: "${7*7} #{7*7} <%= 7*7 %> \\(x)"),
    ]

    static let entities: [HostileInput] = [
        .init(name: "entities", text: "&amp; &#x3C; &lt; &#60; &quot; &#39;"),
        .init(name: "bare ampersands", text: "a & b && c &; &#; &#xZZ;"),
        .init(name: "entity-encoded script", text: "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ]

    static let unicode: [HostileInput] = [
        .init(name: "RTL override", text: "invoice\u{202E}fdp.exe"),
        .init(name: "zero-width characters", text: "a\u{200D}b\u{200B}c\u{200C}d\u{2060}e"),
        .init(name: "BOM", text: "\u{FEFF}BOM first"),
        .init(name: "homoglyphs", text: "\u{0430}dmin p\u{0430}yp\u{0430}l \u{0455}cript"),
        .init(name: "combining marks", text: "Z\u{0351}\u{036B}\u{0343}\u{036A}a\u{0358}\u{0300}l\u{0489}g\u{0301}o e\u{0301} vs \u{00E9}"),
        .init(name: "emoji ZWJ sequences", text: "👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇸🇪"),
        .init(name: "line and paragraph separators", text: "a\u{2028}b\u{2029}c"),
        .init(name: "astral plane", text: "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 𠜎"),
        .init(name: "C1 controls and DEL", text: "next\u{0085}line \u{007F} \u{009B}31m"),
        .init(name: "tab", text: "a\tb"),
        .init(name: "swedish", text: "Åsa Öberg är ärlig"),
    ]

    static let sql: [HostileInput] = [
        .init(name: "drop table", text: "'; DROP TABLE incident; --"),
        .init(name: "or 1=1", text: "\" OR 1=1 --"),
        .init(name: "like wildcards", text: "100% _under_ back\\slash \\\\ \\0 \\n"),
        .init(name: "quote games", text: "' OR ''=' Robert'); DROP TABLE component;--"),
        .init(name: "stacked and comments", text: "1; DELETE FROM staff_user /* */ -- x"),
    ]

    static let formats: [HostileInput] = [
        .init(name: "printf", text: "%n%s%x%@%d %p %%"),
        .init(name: "format placeholders", text: "{0} {1} {name} %1$s"),
        .init(name: "json-looking", text: "{\"title\": \"x\", \"\\u0000\": null}"),
    ]

    static let lineBreaks: [HostileInput] = [
        .init(name: "CRLF header injection", text: "x\r\nSet-Cookie: x=1\r\nX-Injected: 1"),
        .init(name: "LF lines", text: "line 1\nline 2\n\nline 4"),
        .init(name: "lone CR", text: "before\rafter"),
    ]
}
