import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SiteSettings
import StatusModel
import Testing
@testable import StatusPages

/// RSS and Atom documents built from hand-made values: structure, order, dates, ids, escaping.
@Suite struct FeedTests {
    let renderer: FeedRenderer
    init() throws {
        renderer = try FeedRenderer(siteDirectory: Fixtures.repositoryRoot, pages: try Fixtures.renderer())
    }

    func render(_ language: LanguageCode, _ format: FeedAddress.Format, component: String? = nil,
                incidents: [Incident] = [Fixtures.activeIncident, Fixtures.resolvedIncident],
                maintenances: [Maintenance] = [Fixtures.septemberWindow, Fixtures.upcoming],
                now: Date = Fixtures.now) throws -> String {
        try renderer.render(FeedAddress(language: language, format: format, componentSlug: component), incidents: incidents,
                            maintenances: maintenances, components: Fixtures.components, now: now)
    }

    @Test func rssChannelAndItems() throws {
        let rss = try XMLNode.parse(try render(.swedish, .rss))
        #expect(rss.name == "rss" && rss.attributes["version"] == "2.0")
        let channel = try #require(rss.child("channel"))
        #expect(channel.child("language")?.text == "sv")
        #expect(channel.child("title")?.text == "Driftstatus: driftstörningar och underhåll")
        #expect(channel.child("link")?.text == "https://status.example.se/sv/")
        let selfLink = try #require(channel.child("atom:link"))
        #expect(selfLink.attributes["rel"] == "self" && selfLink.attributes["href"] == "https://status.example.se/sv/feed.rss")
        #expect(channel.child("lastBuildDate")?.text == "Mon, 23 Nov 2026 09:30:00 +0000")

        let items = channel.all("item")
        #expect(items.map { $0.child("link")?.text } == [
            "https://status.example.se/sv/incidents/12", "https://status.example.se/sv/incidents/11",
            "https://status.example.se/sv/maintenance/3", "https://status.example.se/sv/maintenance/5",
        ])
        let first = items[0]
        #expect(first.child("title")?.text == "[Orsaken identifierad] Banksynkroniseringen fungerar inte")
        #expect(first.child("guid")?.text == "tag:status.example.se,2026-11-23:/sv/incidents/12")
        #expect(first.child("guid")?.attributes["isPermaLink"] == "false")
        // pubDate is the latest activity: the second update.
        #expect(first.child("pubDate")?.text == "Mon, 23 Nov 2026 09:30:00 +0000")
        #expect(items[1].child("title")?.text == "[Åtgärdat] Långsam fakturering")
        #expect(items[2].child("title")?.text == "[Slutfört] Uppgradering av databasen")
        #expect(items[3].child("title")?.text == "[Planerat] Planerat serverbyte")
        let rfc822 = #/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/#
        for item in items {
            #expect(try rfc822.wholeMatch(in: item.child("pubDate")?.text ?? "") != nil)
        }
    }

    @Test func atomFeedAndEntries() throws {
        let feed = try XMLNode.parse(try render(.english, .atom))
        #expect(feed.name == "feed" && feed.attributes["xmlns"] == "http://www.w3.org/2005/Atom")
        #expect(feed.attributes["xml:lang"] == "en")
        #expect(feed.child("id")?.text == "https://status.example.se/en/feed.atom")
        #expect(feed.child("title")?.text == "Service status: incidents and maintenance")
        #expect(feed.child("updated")?.text == "2026-11-23T09:30:00Z")
        #expect(feed.child("author")?.child("name")?.text == "Service status")
        #expect(feed.all("link").contains { $0.attributes["rel"] == "self" && $0.attributes["href"] == "https://status.example.se/en/feed.atom" })

        let entries = feed.all("entry")
        #expect(entries.count == 4)
        let first = entries[0]
        #expect(first.child("id")?.text == "tag:status.example.se,2026-11-23:/en/incidents/12")
        #expect(first.child("title")?.text == "[Identified] Bank synchronisation is down")
        #expect(first.child("link")?.attributes["href"] == "https://status.example.se/en/incidents/12")
        #expect(first.child("published")?.text == "2026-11-23T08:05:00Z")
        #expect(first.child("updated")?.text == "2026-11-23T09:30:00Z")
        #expect(first.child("content")?.attributes["type"] == "html")
        let rfc3339 = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/#
        let updated = entries.map { $0.child("updated")?.text ?? "" }
        for entry in entries {
            #expect(try rfc3339.wholeMatch(in: entry.child("updated")?.text ?? "") != nil)
            #expect(try rfc3339.wholeMatch(in: entry.child("published")?.text ?? "") != nil)
        }
        #expect(updated == updated.sorted(by: >), "entries are ordered by latest activity")
    }

    @Test func contentListsUpdatesNewestFirstInSiteTime() throws {
        let feed = try XMLNode.parse(try render(.swedish, .atom))
        let content = try #require(feed.all("entry").first?.child("content")?.text)
        // 09:30Z and 08:05Z are 10:30 and 09:05 in Stockholm (CET).
        let latest = try #require(content.range(of: "kl. 10:30"))
        let first = try #require(content.range(of: "kl. 09:05"))
        #expect(latest.lowerBound < first.lowerBound)
        #expect(content.contains("Orsaken är hittad."))
        #expect(content.contains("Vi undersöker.<br>"))
        #expect(content.contains("Banksynkronisering: Större avbrott"))
        // The hidden component is never named.
        #expect(!content.contains("Hemlig"))
    }

    @Test func userTextIsEscapedAndIllegalCharactersDropped() throws {
        let hostile = "A & B <script>alert(1)</script> \"q\" 'a'\u{0}\u{1}\u{8}\u{B}\u{C}\u{E}\u{1F}\u{FFFE}\u{FFFF}end"
        let text = LocalizedText([.swedish: hostile, .english: hostile])
        let incident = Incident(id: 7, title: text, impact: .major, status: .investigating, startedAt: Fixtures.date("2026-11-23T08:00:00Z"),
                                componentIDs: [1], updates: [IncidentUpdate(id: 1, incidentID: 7, status: .investigating, body: text,
                                                                            createdAt: Fixtures.date("2026-11-23T08:00:00Z"))])
        let maintenance = Maintenance(id: 8, title: text, body: text, startsAt: Fixtures.date("2026-11-24T08:00:00Z"),
                                      endsAt: Fixtures.date("2026-11-24T09:00:00Z"), createdAt: Fixtures.created)
        for language in [LanguageCode.swedish, .english] {
            for format in FeedAddress.Format.allCases {
                let xml = try render(language, format, incidents: [incident], maintenances: [maintenance])
                #expect(!xml.contains("<script"))
                #expect(xml.unicodeScalars.allSatisfy(XMLText.isAllowed))
                let document = try XMLNode.parse(xml)  // well-formed despite everything above
                let entries = format == .rss ? document.child("channel")?.all("item") ?? [] : document.all("entry")
                let clean = "A & B <script>alert(1)</script> \"q\" 'a'end"
                #expect(entries.compactMap { $0.child("title")?.text }.allSatisfy { $0.hasSuffix("] " + clean) })
                // The content is HTML: a reader shows the script tag as text, never runs it.
                let contents = entries.compactMap { $0.child(format == .rss ? "description" : "content")?.text }
                #expect(contents.count == 2)
                #expect(contents.allSatisfy { $0.contains("A &amp; B &lt;script&gt;alert(1)&lt;/script&gt;") && !$0.contains("<script") })
            }
        }
    }

    @Test func idsAreStableAcrossRendersAndDistinctPerLanguage() throws {
        func ids(_ language: LanguageCode, now: Date, incidents: [Incident]) throws -> [String] {
            try XMLNode.parse(try render(language, .atom, incidents: incidents, now: now)).all("entry").compactMap { $0.child("id")?.text }
        }
        var updated = Fixtures.resolvedIncident
        updated.updates.append(IncidentUpdate(id: 9, incidentID: 11, status: .resolved, body: Fixtures.text("Efterhandsanalys.", "Post-mortem."),
                                              createdAt: Fixtures.date("2026-11-23T10:00:00Z")))
        let before = try ids(.swedish, now: Fixtures.now, incidents: [Fixtures.activeIncident, Fixtures.resolvedIncident])
        let after = try ids(.swedish, now: Fixtures.now.addingTimeInterval(7200), incidents: [Fixtures.activeIncident, updated])
        #expect(Set(before) == Set(after))
        #expect(after.first == "tag:status.example.se,2026-11-20:/sv/incidents/11", "the post-mortem note moves it to the top")
        let rssGuids = try XMLNode.parse(try render(.swedish, .rss)).child("channel")?.all("item").compactMap { $0.child("guid")?.text }
        #expect(rssGuids == before)
        let english = try ids(.english, now: Fixtures.now, incidents: [Fixtures.activeIncident, Fixtures.resolvedIncident])
        #expect(Set(english).isDisjoint(with: before))
        #expect(try render(.english, .rss) == render(.english, .rss))
    }

    @Test func missingTranslationFallsBackWithTheNote() throws {
        let swedishOnly = Incident(id: 3, title: LocalizedText([.swedish: "Långsam inloggning"]), impact: .minor, status: .monitoring,
                                   startedAt: Fixtures.date("2026-11-23T07:00:00Z"),
                                   updates: [IncidentUpdate(id: 5, incidentID: 3, status: .monitoring, body: LocalizedText([.swedish: "Vi bevakar."]),
                                                            createdAt: Fixtures.date("2026-11-23T07:00:00Z"))])
        let feed = try XMLNode.parse(try render(.english, .atom, incidents: [swedishOnly], maintenances: []))
        let entry = try #require(feed.all("entry").first)
        #expect(entry.child("title")?.text == "[Monitoring] Långsam inloggning (Only available in Swedish)")
        let content = entry.child("content")?.text ?? ""
        #expect(content.contains("<div lang=\"sv\"><p>Vi bevakar.</p></div>"))
        #expect(content.contains("Only available in Swedish"))
    }

    @Test func componentFeed() throws {
        let feed = try XMLNode.parse(try render(.english, .atom, component: "bank-sync"))
        #expect(feed.child("title")?.text == "Bank synchronisation – Service status")
        #expect(feed.child("id")?.text == "https://status.example.se/en/components/bank-sync/feed.atom")
        #expect(feed.all("link").contains { $0.attributes["rel"] == "self" && $0.attributes["href"] == "https://status.example.se/en/components/bank-sync/feed.atom" })
        for slug in ["secret", "no-such-component"] {
            #expect(throws: FeedError.unknownComponent(slug: slug)) { try render(.english, .atom, component: slug) }
        }
    }

    @Test func carriesAtMostFiftyEntriesLatestFirst() throws {
        let start = Fixtures.date("2026-10-01T00:00:00Z")
        let incidents = (1...60).map { index in
            let at = start.addingTimeInterval(Double(index) * 3600)
            return Incident(id: Int64(index), title: Fixtures.text("Störning \(index)", "Incident \(index)"), impact: .minor, status: .resolved,
                            startedAt: at, resolvedAt: at,
                            updates: [IncidentUpdate(id: Int64(index), incidentID: Int64(index), status: .resolved, body: LocalizedText(), createdAt: at)])
        }
        let entries = try XMLNode.parse(try render(.english, .atom, incidents: incidents, maintenances: [])).all("entry")
        #expect(entries.count == FeedRenderer.entryLimit)
        #expect(entries.first?.child("title")?.text == "[Resolved] Incident 60")
        #expect(entries.last?.child("title")?.text == "[Resolved] Incident 11")
    }

    @Test func maintenanceActivityFollowsTheClock() {
        let window = Fixtures.upcoming  // 2026-11-28 17:00–19:00Z, announced 2026-01-01
        #expect(FeedBuilder.lastActivity(of: window, at: Fixtures.now) == window.createdAt)
        #expect(FeedBuilder.lastActivity(of: window, at: Fixtures.date("2026-11-28T18:00:00Z")) == window.startsAt)
        #expect(FeedBuilder.lastActivity(of: window, at: Fixtures.date("2026-12-01T00:00:00Z")) == window.endsAt)
        var early = window
        early.completedAt = Fixtures.date("2026-11-28T17:30:00Z")
        #expect(FeedBuilder.lastActivity(of: early, at: Fixtures.date("2026-12-01T00:00:00Z")) == early.completedAt)
        var cancelled = window
        cancelled.cancelledAt = Fixtures.date("2026-11-25T10:00:00Z")
        #expect(FeedBuilder.lastActivity(of: cancelled, at: Fixtures.date("2026-12-01T00:00:00Z")) == cancelled.cancelledAt)
    }

    @Test func anEmptyFeedIsStillValid() throws {
        for format in FeedAddress.Format.allCases {
            let xml = try render(.swedish, format, incidents: [], maintenances: [])
            let document = try XMLNode.parse(xml)
            #expect(format == .atom ? document.child("updated") != nil : document.child("channel")?.child("lastBuildDate") != nil)
            #expect(xml == (try render(.swedish, format, incidents: [], maintenances: [], now: Fixtures.now.addingTimeInterval(60))))
        }
    }

    @Test func illegalCharacterFilter() {
        #expect(XMLText.removingIllegalCharacters("a\u{0}b\tc\nd\re\u{1B}f\u{FFFE}g\u{FFFF}h\u{FFFD}") == "ab\tc\nd\refgh\u{FFFD}")
        let clean = "nothing to remove – åäö 🚀"
        #expect(XMLText.removingIllegalCharacters(clean) == clean)
    }
}

/// Just enough of a DOM to check feeds: parsing fails on anything not well-formed.
final class XMLNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }

    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    func all(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    struct ParseError: Error { let message: String }

    static func parse(_ xml: String) throws -> XMLNode {
        let builder = Builder()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw ParseError(message: parser.parserError.map { "\($0)" } ?? "no root element")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLNode?
        var stack: [XMLNode] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let node = XMLNode(name: name, attributes: attributes)
            stack.last?.children.append(node)
            if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
