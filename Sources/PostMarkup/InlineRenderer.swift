/// Emphasis, strong, code spans, links and line breaks inside one block.
///
/// Delimiters are matched with a stack, CommonMark style: a closer pairs with the nearest open
/// opener of the same kind and every opener above it stays literal, so the tags always nest.
enum InlineRenderer {
    static func html(_ text: String) -> String {
        render(tokens(text, allowLinks: true), html: true)
    }

    static func plainText(_ text: String) -> String {
        render(tokens(text, allowLinks: true), html: false)
    }

    /// Schemes a link may have; anything else (javascript:, data:, relative paths) stays text.
    static let allowedSchemes = ["http://", "https://", "mailto:"]
    /// Limits that keep a text full of `[` or `` ` `` linear enough.
    static let maximumLinkTextLength = 1000
    static let maximumURLLength = 2000

    enum Token {
        case text(String)
        case delimiter(Character, count: Int, canOpen: Bool, canClose: Bool)
        case code(String)
        case link(href: String, inner: [Token])
        case lineBreak
    }

    // MARK: - Tokenizing

    static func tokens(_ text: String, allowLinks: Bool) -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var pending = ""
        func flushText() { if !pending.isEmpty { tokens.append(.text(pending)); pending = "" } }

        var index = 0
        while index < chars.count {
            let char = chars[index]
            switch char {
            case "\n":
                flushText(); tokens.append(.lineBreak); index += 1
            case "\\" where index + 1 < chars.count && isEscapable(chars[index + 1]):
                pending.append(chars[index + 1]); index += 2
            case "`":
                let run = runLength(chars, from: index, of: "`")
                if let close = findBacktickRun(chars, from: index + run, length: run) {
                    flushText()
                    tokens.append(.code(codeContent(chars[(index + run)..<close])))
                    index = close + run
                } else {
                    pending += String(repeating: "`", count: run); index += run
                }
            case "*", "_":
                let run = runLength(chars, from: index, of: char)
                let before = index > 0 ? chars[index - 1] : " "
                let after = index + run < chars.count ? chars[index + run] : " "
                var canOpen = !after.isWhitespace
                var canClose = !before.isWhitespace
                if char == "_" {
                    // snake_case words stay words.
                    canOpen = canOpen && !(before.isLetter || before.isNumber)
                    canClose = canClose && !(after.isLetter || after.isNumber)
                }
                flushText()
                if run <= 2 {
                    tokens.append(.delimiter(char, count: run, canOpen: canOpen, canClose: canClose))
                } else {
                    tokens.append(.text(String(repeating: char, count: run)))
                }
                index += run
            case "[" where allowLinks:
                if let (link, end) = inlineLink(chars, from: index) {
                    flushText(); tokens.append(link); index = end
                } else {
                    pending.append(char); index += 1
                }
            case "<" where allowLinks:
                if let (link, end) = autolink(chars, from: index) {
                    flushText(); tokens.append(link); index = end
                } else {
                    pending.append(char); index += 1
                }
            default:
                pending.append(char); index += 1
            }
        }
        flushText()
        return tokens
    }

    static func isEscapable(_ char: Character) -> Bool {
        char.isASCII && (char.isPunctuation || char.isSymbol)
    }

    static func runLength(_ chars: [Character], from start: Int, of char: Character) -> Int {
        var end = start
        while end < chars.count && chars[end] == char { end += 1 }
        return end - start
    }

    static func findBacktickRun(_ chars: [Character], from start: Int, length: Int) -> Int? {
        var index = start
        while index < chars.count {
            if chars[index] == "`" {
                let run = runLength(chars, from: index, of: "`")
                if run == length { return index }
                index += run
            } else {
                index += 1
            }
        }
        return nil
    }

    /// A code span's content: line breaks as spaces, one surrounding space stripped from each side.
    static func codeContent(_ slice: ArraySlice<Character>) -> String {
        var content = String(slice.map { $0 == "\n" ? " " : $0 })
        if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
            content = String(content.dropFirst().dropLast())
        }
        return content
    }

    /// `[text](url)` with an allowed scheme; returns the token and the index after `)`.
    static func inlineLink(_ chars: [Character], from start: Int) -> (Token, Int)? {
        var depth = 0
        var index = start
        var closeBracket: Int?
        while index < chars.count && index - start <= maximumLinkTextLength {
            switch chars[index] {
            case "\\": index += 1
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { closeBracket = index }
            default: break
            }
            if closeBracket != nil { break }
            index += 1
        }
        guard let close = closeBracket, close > start + 1, close + 1 < chars.count, chars[close + 1] == "(",
              let end = urlEnd(chars, from: close + 2, closer: ")", opener: "(") else { return nil }
        let url = String(chars[(close + 2)..<end])
        guard isAllowedURL(url) else { return nil }
        let inner = tokens(String(chars[(start + 1)..<close]), allowLinks: false)
        return (.link(href: url, inner: inner), end + 1)
    }

    /// `<https://example.com>`: the URL is also the link text.
    static func autolink(_ chars: [Character], from start: Int) -> (Token, Int)? {
        guard let end = urlEnd(chars, from: start + 1, closer: ">", opener: "<") else { return nil }
        let url = String(chars[(start + 1)..<end])
        guard isAllowedURL(url) else { return nil }
        let shown = url.lowercased().hasPrefix("mailto:") ? String(url.dropFirst("mailto:".count)) : url
        return (.link(href: url, inner: [.text(shown)]), end + 1)
    }

    /// The index of `closer` ending a URL that starts at `start`: no whitespace, no second `opener`.
    static func urlEnd(_ chars: [Character], from start: Int, closer: Character, opener: Character) -> Int? {
        var end = start
        while end < chars.count && chars[end] != closer && end - start <= maximumURLLength {
            if chars[end].isWhitespace || chars[end] == opener { return nil }
            end += 1
        }
        return end < chars.count && chars[end] == closer ? end : nil
    }

    static func isAllowedURL(_ url: String) -> Bool {
        let lowered = url.lowercased()
        guard let scheme = allowedSchemes.first(where: { lowered.hasPrefix($0) }), url.count > scheme.count else { return false }
        return !url.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "<" || $0 == ">" }
    }

    // MARK: - Rendering

    /// Pairs openers with closers; the result marks each delimiter token as an open tag, a close tag or text.
    static func pairs(_ tokens: [Token]) -> [Int: Bool] {
        var matched: [Int: Bool] = [:] // token index -> true for opening, false for closing
        var stack: [Int] = []
        for (index, token) in tokens.enumerated() {
            guard case .delimiter(let char, let count, let canOpen, let canClose) = token else { continue }
            if canClose, let position = stack.lastIndex(where: { opener in
                if case .delimiter(char, count, _, _) = tokens[opener] { return true } else { return false }
            }) {
                matched[stack[position]] = true
                matched[index] = false
                stack.removeSubrange(position...)
            } else if canOpen {
                stack.append(index)
            }
        }
        return matched
    }

    static func render(_ tokens: [Token], html: Bool) -> String {
        let matched = pairs(tokens)
        var out = ""
        for (index, token) in tokens.enumerated() {
            switch token {
            case .text(let text):
                out += html ? PostMarkup.escape(text) : text
            case .lineBreak:
                out += html ? "<br>\n" : "\n"
            case .code(let code):
                out += html ? "<code>" + PostMarkup.escape(code) + "</code>" : code
            case .delimiter(let char, let count, _, _):
                if let opening = matched[index] {
                    guard html else { continue }
                    let tag = count == 2 ? "strong" : "em"
                    out += opening ? "<\(tag)>" : "</\(tag)>"
                } else {
                    out += String(repeating: char, count: count)
                }
            case .link(let href, let inner):
                let text = render(inner, html: html)
                if html {
                    out += "<a href=\"" + PostMarkup.escape(href) + "\">" + text + "</a>"
                } else {
                    let shown = href.lowercased().hasPrefix("mailto:") ? String(href.dropFirst("mailto:".count)) : href
                    out += text == shown || text == href ? text : "\(text) (\(shown))"
                }
            }
        }
        return out
    }
}
