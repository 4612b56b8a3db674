import Testing
import TestSupport
@testable import PostMarkup

/// Random posts built from Markdown and HTML fragments: the output is always well-formed (every
/// tag closed in order, `<br>` the only void one), holds only the subset's tags, no attribute but
/// `href` on `<a>` with an allowed scheme, and no raw `<`, `>` or quote outside the tags.
@Suite struct PostMarkupFuzzTests {
    static let allowedTags: Set<String> = ["p", "br", "h3", "h4", "ul", "ol", "li", "a", "em", "strong", "code"]
    static let fragments = ["# ", "## ", "### ", "- ", "* ", "+ ", "1. ", "2) ", "*", "**", "_", "__", "`", "``", "[", "]", "(", ")",
                            "[x](https://a.se/?q=1&r=\"2\")", "[y](javascript:alert(1))", "](mailto:a@b.se)", "<https://b.se>",
                            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:x\">", "\\", "\\*",
                            "&amp;", "\"", "'", "\n", "\n\n", "\r\n", "\r", "   ", "\t", "\u{301}", "\"\u{301}", "<\u{338}", "word", "snake_case"]

    @Test func outputIsWellFormedAndStrict() {
        var random = FuzzRandom.seeded("PostMarkupFuzzTests", salt: 0x90_57)
        for iteration in 0..<3000 {
            var source = ""
            for _ in 0..<random.int(0...40) {
                source += random.chance(70) ? random.pick(Self.fragments) : String(random.scalar())
            }
            let html = PostMarkup.html(source)
            let problems = Self.problems(in: html)
            #expect(problems.isEmpty, "iteration \(iteration): \(problems) in \(html.debugDescription) from \(source.debugDescription)")
            if !problems.isEmpty { return }
            _ = PostMarkup.plainText(source)
        }
    }

    /// Walks the output by Unicode scalar, as a browser's tokenizer does.
    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        var stack: [String] = []
        let scalars = Array(html.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == ">" || scalar == "\"" || scalar == "'" { problems.append("raw \(scalar)"); index += 1; continue }
            guard scalar == "<" else { index += 1; continue }
            guard let end = scalars[index...].firstIndex(of: ">") else { problems.append("unclosed <"); break }
            let tag = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            index = end + 1
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                if stack.popLast() != name { problems.append("</\(name)> out of order") }
                continue
            }
            let parts = tag.split(separator: " ", maxSplits: 1)
            let name = String(parts.first ?? "")
            guard allowedTags.contains(name) else { problems.append("tag <\(tag)>"); continue }
            if parts.count > 1 {
                let attribute = String(parts[1])
                let valid = name == "a" && attribute.hasPrefix("href=\"") && attribute.hasSuffix("\"")
                    && !attribute.dropFirst(6).dropLast().unicodeScalars.contains { $0 == "\"" || $0 == "<" || $0 == ">" }
                    && InlineRenderer.allowedSchemes.contains { attribute.dropFirst(6).lowercased().hasPrefix($0) }
                if !valid { problems.append("attribute in <\(tag)>") }
            } else if name == "a" {
                problems.append("<a> without href")
            }
            if name != "br" { stack.append(name) }
        }
        if !stack.isEmpty { problems.append("unclosed \(stack)") }
        return problems
    }
}
