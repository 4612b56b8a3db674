import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import StatusModel
import Testing
import TestSupport
@testable import StatusPages

/// Random staff text (markup, controls, combining marks, line breaks) through the page and feed
/// renderers: every tag in the output is one the templates write, all other `<` and `>` are
/// escaped, line breaks become `<br>`, and feeds stay well-formed XML.
/// Bounded by iteration counts, not by wall-clock limits (performance lives in bench/).
@Suite struct RenderingFuzzTests {
    /// The shared seeded generator (`FUZZ_SEED` replays a run) plus the text this suite needs.
    struct Random: RandomNumberGenerator {
        var base: FuzzRandom
        init(_ test: String) { base = FuzzRandom.seeded(test, salt: 0xFEED) }
        mutating func next() -> UInt64 { base.next() }

        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

        /// Text built from markup fragments, line breaks, controls and scalars from awkward ranges.
        mutating func text(maxLength: Int, lineBreaks: Bool) -> String {
            let fragments = ["<", ">", "&", "\"", "'", "<script>alert(1)</script>", "<br>", "</p>", "<img src=x onerror=alert(1)>", "&amp;", "&#60;",
                             "\" onmouseover=\"x", "\"\u{301}", "<\u{338}", ">\u{301}", "&\u{301}", "'\u{308}", "]]>", "<!--", "{{x}}", "\u{202E}",
                             "\u{200D}", "\u{2028}", "\u{FEFF}", "\u{FFFE}", "\u{0}", "\u{1B}[31m", "\u{7F}", "\u{85}", "\t", "👩‍👩‍👧"]
            let breaks = ["\n", "\r\n", "\r", "\n\n"]
            var result = String.UnicodeScalarView()
            for _ in 0..<int(1...maxLength) {
                switch int(0...9) {
                case 0...3: result.append(contentsOf: fragments[int(0...(fragments.count - 1))].unicodeScalars)
                case 4 where lineBreaks: result.append(contentsOf: breaks[int(0...(breaks.count - 1))].unicodeScalars)
                default:
                    let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x00...0x1F, 0x80...0xFF, 0x300...0x36F, 0x2000...0x206F, 0x1F600...0x1F64F]
                    let range = ranges[int(0...(ranges.count - 1))]
                    result.append(Unicode.Scalar(UInt32.random(in: range, using: &self)) ?? "?")
                }
            }
            return String(result)
        }
    }

    /// Tag names the templates write (and the Swift-written icons and `<br>`).
    static let allowedTags: Set<String> = {
        // Plus the tags of posts' Markdown subset (PostMarkup).
        var names: Set<String> = ["svg", "circle", "rect", "path", "br", "p", "h3", "h4", "ul", "ol", "li", "a", "em", "strong", "code"]
        let files = FileManager.default.enumerator(at: Fixtures.repositoryRoot.appendingPathComponent("templates"), includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "mustache", let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for match in text.matches(of: /<\/?([a-zA-Z][a-zA-Z0-9]*)/) { names.insert(match.output.1.lowercased()) }
        }
        return names
    }()

    /// Problems in `html`: a tag the templates do not write, an odd or event-handler attribute, or a
    /// `<`/`>` left over once the template's tags are taken out. Matching works on Unicode scalars,
    /// as a browser reads, so a quote carrying a combining mark still counts as a quote.
    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        let tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[ \t\n\r\f]+[^ \t\n\r\f\/>=]+(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:"[^"]*"|'[^']*'|[^ \t\n\r\f>]+))?)*)[ \t\n\r\f]*\/?>/
            .matchingSemantics(.unicodeScalar)
        let attribute = /[ \t\n\r\f]+([^ \t\n\r\f\/>=]+)(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:"[^"]*"|'[^']*'|[^ \t\n\r\f>]+))?/.matchingSemantics(.unicodeScalar)
        var rest = html.replacing(/<!--.*?-->/.dotMatchesNewlines().matchingSemantics(.unicodeScalar), with: "")
            .replacing(/<!DOCTYPE html>/.matchingSemantics(.unicodeScalar), with: "")
        for match in rest.matches(of: tag) {
            let name = match.output.2.lowercased()
            if !allowedTags.contains(name) || name == "script" { problems.append("tag <\(name)>") }
            for attributeMatch in String(match.output.3).matches(of: attribute) {
                let attributeName = attributeMatch.output.1.lowercased()
                if attributeName.hasPrefix("on") || attributeName.wholeMatch(of: /[a-z][a-z0-9:-]*/) == nil {
                    problems.append("attribute \(attributeName.debugDescription) on <\(name)>")
                }
            }
        }
        rest = rest.replacing(tag, with: "")
        if rest.unicodeScalars.contains(where: { $0 == "<" || $0 == ">" }) {
            let index = rest.unicodeScalars.firstIndex { $0 == "<" || $0 == ">" } ?? rest.unicodeScalars.startIndex
            problems.append("raw < or > in text near \(String(rest.unicodeScalars[index...].prefix(60)).debugDescription)")
        }
        return problems
    }

    /// The escaped text back as typed (line breaks as LF). Scalar by scalar: Foundation's string
    /// search matches whole Characters, so it misses "&quot;" when a combining mark follows.
    static func unescape(_ html: String) -> String {
        let references: [(String, String)] = [("<br>\n", "\n"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")]
        let s = Array(html.unicodeScalars)
        var result = String.UnicodeScalarView()
        var i = 0
        scanning: while i < s.count {
            for (reference, character) in references {
                let r = Array(reference.unicodeScalars)
                if i + r.count <= s.count, Array(s[i..<(i + r.count)]) == r {
                    result.append(contentsOf: character.unicodeScalars)
                    i += r.count
                    continue scanning
                }
            }
            result.append(s[i])
            i += 1
        }
        return String(result)
    }

    /// The case the fuzzing found: a markup character and a combining mark make one Character.
    @Test func combiningMarksDoNotHideMarkupCharacters() throws {
        let text = "\"\u{301} onmouseover=alert(1) <\u{338}b>'\u{308}&\u{301}\r\u{31A}"
        #expect(HTML.escape(text) == "&quot;\u{301} onmouseover=alert(1) &lt;\u{338}b&gt;&#39;\u{308}&amp;\u{301}\r\u{31A}")
        #expect(HTML.post(text).hasSuffix("&amp;\u{301}<br>\n\u{31A}</p>"))
        // Mustache's `{{ }}` slots too (the page title and the heading come from the incident title).
        var incident = Fixtures.activeIncident
        incident.title = Fixtures.text(text, text)
        let page = try Fixtures.renderer().incident(incident, components: Fixtures.components, context: Fixtures.context(.english))
        #expect(!page.contains("\"\u{301}") && page.contains("&quot;\u{301} onmouseover"))
        #expect(Self.problems(in: page).isEmpty)
    }

    /// Posts without Markdown markers: escaped, line breaks as `<br>`, nothing else is markup
    /// (PostMarkupFuzzTests covers texts full of markers).
    @Test func lineBreaksBecomeBrAndNothingElseIsMarkup() {
        var random = Random("line breaks")
        for iteration in 0..<1_500 {
            let text = String(String.UnicodeScalarView(random.text(maxLength: 40, lineBreaks: false).unicodeScalars.filter {
                !"#-*+_`[]\\0123456789\n\r\t ".unicodeScalars.contains($0)
            }))
            guard !text.isEmpty else { continue }
            let html = HTML.post(text + "\n" + text)
            #expect(html == "<p>" + HTML.escape(text) + "<br>\n" + HTML.escape(text) + "</p>", "iteration \(iteration): \(text.debugDescription)")
            // By scalar: "<p>" followed by a combining mark ends in a Character of two scalars.
            let inner = String(String.UnicodeScalarView(html.unicodeScalars.dropFirst(3).dropLast(4)))
            #expect(Self.unescape(inner) == text + "\n" + text, "iteration \(iteration)")
        }
    }

    @Test func randomPostsRenderAsTextOnPagesAndFeeds() throws {
        var random = Random("page and feed rendering")
        let renderer = try Fixtures.renderer()
        let feeds = try FeedRenderer(siteDirectory: Fixtures.repositoryRoot, pages: renderer)
        for iteration in 0..<60 {
            func text(_ max: Int, lines: Bool) -> LocalizedText {
                LocalizedText([.swedish: random.text(maxLength: max, lineBreaks: lines), .english: random.text(maxLength: max, lineBreaks: lines)])
            }
            let component = Component(id: 1, slug: "c", name: text(8, lines: false), description: text(12, lines: true), position: 0,
                                      createdAt: Fixtures.created)
            let body = text(30, lines: true)
            let incident = Incident(id: 7, title: text(10, lines: false), impact: .major, status: .identified,
                                    startedAt: Fixtures.date("2026-11-23T08:00:00Z"), componentIDs: [1],
                                    updates: [IncidentUpdate(id: 1, incidentID: 7, status: .identified, body: body, createdAt: Fixtures.date("2026-11-23T08:00:00Z"),
                                                             componentChanges: [ComponentStatusChange(componentID: 1, status: .majorOutage)])])
            let maintenance = Maintenance(id: 8, title: text(10, lines: false), body: text(20, lines: true), startsAt: Fixtures.date("2026-11-23T10:00:00Z"),
                                          endsAt: Fixtures.date("2026-11-23T12:00:00Z"), componentIDs: [1], createdAt: Fixtures.created)
            let snapshot = StatusSnapshot(groups: [], components: [component], incidents: [incident], maintenances: [maintenance],
                                          windowStart: Fixtures.date("2026-08-25T00:00:00Z"), takenAt: Fixtures.now)
            let language: LanguageCode = iteration.isMultiple(of: 2) ? .swedish : .english
            let context = Fixtures.context(language)
            let pages = [("home", try renderer.home(snapshot, context: context)),
                         ("incident", try renderer.incident(incident, components: [component], context: context)),
                         ("maintenance", try renderer.maintenance(maintenance, components: [component], context: context))]
            for (name, html) in pages {
                let found = Self.problems(in: html)
                #expect(found.isEmpty, "iteration \(iteration) \(name): \(found.prefix(5))")
            }
            let bodyText = try #require(body[language])
            #expect(pages[1].1.contains(HTML.post(bodyText)), "iteration \(iteration): the body as a post")
            for format in [FeedAddress.Format.rss, .atom] {
                let xml = try feeds.render(FeedAddress(language: language, format: format), incidents: [incident], maintenances: [maintenance],
                                           components: [component], now: Fixtures.now)
                let parser = XMLParser(data: Data(xml.utf8))
                #expect(parser.parse(), "iteration \(iteration) \(format): \(parser.parserError.map { "\($0)" } ?? "")")
            }
        }
    }
}
