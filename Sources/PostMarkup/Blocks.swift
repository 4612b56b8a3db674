/// One block of a post.
enum Block: Equatable {
    /// Lines kept apart: a single line break in a post is a visible line break.
    case paragraph(String)
    case heading(level: Int, String)
    case list(ordered: Bool, start: Int, items: [String])

    var html: String {
        switch self {
        case .paragraph(let text):
            return "<p>" + InlineRenderer.html(text) + "</p>"
        case .heading(let level, let text):
            // Posts sit under the page's own h1/h2: `#` is an h3, anything deeper an h4.
            let tag = level == 1 ? "h3" : "h4"
            return "<\(tag)>" + InlineRenderer.html(text) + "</\(tag)>"
        case .list(let ordered, _, let items):
            // No `start` attribute: `href` on `<a>` is the only attribute a post may produce.
            let open = ordered ? "<ol>" : "<ul>"
            let lines = items.map { "<li>" + InlineRenderer.html($0) + "</li>" }
            return ([open] + lines + [ordered ? "</ol>" : "</ul>"]).joined(separator: "\n")
        }
    }

    var plainText: String {
        switch self {
        case .paragraph(let text), .heading(_, let text):
            return InlineRenderer.plainText(text)
        case .list(let ordered, let start, let items):
            return items.enumerated().map { index, item in
                let marker = ordered ? "\(start + index). " : "- "
                // Continuation lines line up under the item's text.
                let indent = String(repeating: " ", count: marker.count)
                return marker + InlineRenderer.plainText(item).split(separator: "\n", omittingEmptySubsequences: false)
                    .joined(separator: "\n" + indent)
            }.joined(separator: "\n")
        }
    }
}

/// Splits a post into blocks line by line.
enum BlockParser {
    static func parse(_ source: String) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [Substring] = []
        var list: (ordered: Bool, start: Int, items: [[Substring]])?

        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(paragraph.joined(separator: "\n"))); paragraph = [] }
            if let current = list {
                blocks.append(.list(ordered: current.ordered, start: current.start, items: current.items.map { $0.joined(separator: "\n") }))
                list = nil
            }
        }

        for line in lines(source) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { flush(); continue }
            if let heading = heading(line) {
                flush(); blocks.append(heading); continue
            }
            if let item = listItem(line) {
                if var current = list, current.ordered == item.ordered {
                    current.items.append([item.text]); list = current; continue
                }
                // A numbered list interrupts a paragraph only from 1, so "2024. ..." in prose stays prose.
                if !paragraph.isEmpty && item.ordered && item.number != 1 { paragraph.append(line); continue }
                flush()
                list = (item.ordered, item.number, [[item.text]])
                continue
            }
            if var current = list {
                // A line after an item continues it.
                current.items[current.items.count - 1].append(trimmed); list = current
            } else {
                paragraph.append(line)
            }
        }
        flush()
        return blocks
    }

    /// LF, CRLF and CR all end a line.
    static func lines(_ source: String) -> [Substring] {
        source.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// `# Title` (up to three spaces before, one to six `#`, a space, closing `#`s dropped).
    static func heading(_ line: Substring) -> Block? {
        let indent = line.prefix { $0 == " " }
        guard indent.count <= 3 else { return nil }
        let rest = line.dropFirst(indent.count)
        let hashes = rest.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count) else { return nil }
        let afterHashes = rest.dropFirst(hashes.count)
        guard let first = afterHashes.first, first == " " || first == "\t" else { return nil }
        var text = afterHashes.trimmingSpaces()
        // "## Title ##": the closing sequence is decoration when a space precedes it.
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let before = text.dropLast(closing)
            if before.isEmpty || before.last == " " { text = before.trimmingSpaces() }
        }
        guard !text.isEmpty else { return nil }
        return .heading(level: hashes.count, String(text))
    }

    /// `- item`, `* item`, `+ item`, `1. item` or `1) item`, with up to three spaces before.
    static func listItem(_ line: Substring) -> (ordered: Bool, number: Int, text: Substring)? {
        let indent = line.prefix { $0 == " " }
        guard indent.count <= 3 else { return nil }
        let rest = line.dropFirst(indent.count)
        if let marker = rest.first, marker == "-" || marker == "*" || marker == "+" {
            let after = rest.dropFirst()
            guard after.first == " " || after.first == "\t" else { return nil }
            let text = after.trimmingSpaces()
            // "* * *" and "- - -" are rules in Markdown, not items; keep them as typed.
            guard !text.isEmpty, !text.allSatisfy({ $0 == marker || $0 == " " }) else { return nil }
            return (false, 1, text)
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard (1...9).contains(digits.count), let number = Int(digits) else { return nil }
        let after = rest.dropFirst(digits.count)
        guard let delimiter = after.first, delimiter == "." || delimiter == ")" else { return nil }
        let afterDelimiter = after.dropFirst()
        guard afterDelimiter.first == " " || afterDelimiter.first == "\t" else { return nil }
        let text = afterDelimiter.trimmingSpaces()
        guard !text.isEmpty else { return nil }
        return (true, number, text)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> Substring {
        let text = Substring(self)
        let start = text.firstIndex { $0 != " " && $0 != "\t" } ?? text.endIndex
        let end = text.lastIndex { $0 != " " && $0 != "\t" }.map { text.index(after: $0) } ?? start
        return start < end ? text[start..<end] : text[start..<start]
    }

    func replacingCRLF() -> String {
        var result = String.UnicodeScalarView()
        var afterCR = false
        for scalar in unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n" && afterCR { continue }
            result.append(scalar == "\r" ? "\n" : scalar)
        }
        return String(result)
    }
}
