import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import StatusModel
import StatusPages
import StatusStore
import Testing
import TestSupport
@testable import StatusSite

/// Status badges over real HTTP: a well-formed accessible SVG, Shields' endpoint JSON, the
/// render cache's headers, and a status change showing at once.
@Suite struct BadgeRouteTests {
    static func seeded() throws -> TestSite {
        try TestSite(now: testNow) { store in
            let created = testNow.addingTimeInterval(-86_400)
            _ = try store.createComponent(slug: "bank-sync", name: .both("Banksynkronisering", "Bank <sync> & co"), createdAt: created,
                                          by: .system("test"))
            _ = try store.createComponent(slug: "internal", name: .both("Intern", "Internal"), isHidden: true, createdAt: created,
                                          by: .system("test"))
        }
    }

    @Test func addresses() {
        let router = Router(languages: [.swedish, .english])
        #expect(router.route("/badge/status.svg") == .badge(BadgeAddress(format: .svg)))
        #expect(router.route("/badge/status.json") == .badge(BadgeAddress(format: .json)))
        #expect(router.route("/badge/components/bank-sync.svg") == .badge(BadgeAddress(componentSlug: "bank-sync", format: .svg)))
        for path in ["/badge/status.png", "/badge/other.svg", "/badge/components/.svg", "/badge/components/a/b.svg", "/badge/", "/badge"] {
            #expect(router.route(path) == .notFound(nil), "\(path)")
        }
    }

    @Test func svgIsWellFormedAndAccessible() throws {
        let site = try Self.seeded()
        let response = try site.get("/badge/components/bank-sync.svg?lang=en")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "image/svg+xml; charset=utf-8")
        #expect(response.header("Access-Control-Allow-Origin") == "*")
        let parsed = try SVGSummary(response.body)
        #expect(parsed.root == "svg" && parsed.rootAttributes["role"] == "img")
        #expect(parsed.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(parsed.title == "Bank <sync> & co: Operational")
        #expect(parsed.texts == ["Bank <sync> & co", "Operational"])
        #expect(parsed.fills.contains("#1a7f37"))
        // The site's first language without ?lang=, and an unknown ?lang= falls back to it.
        #expect(try SVGSummary(try site.get("/badge/status.svg").body).title == "Driftstatus: Alla system fungerar")
        #expect(try SVGSummary(try site.get("/badge/status.svg?lang=xx").body).title == "Driftstatus: Alla system fungerar")
    }

    @Test func shieldsEndpointJSON() throws {
        let site = try Self.seeded()
        let response = try site.get("/badge/status.json?lang=en")
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(response.header("Access-Control-Allow-Origin") == "*")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["label"] as? String == "Driftstatus")
        #expect(object["message"] as? String == "All systems operational")
        #expect(object["color"] as? String == "1a7f37")
        #expect(Set(object.keys) == ["schemaVersion", "label", "message", "color"])
    }

    @Test func unknownAndHiddenComponentsAre404() throws {
        let site = try Self.seeded()
        #expect(try site.get("/badge/components/internal.svg").status == 404)
        #expect(try site.get("/badge/components/nothing.json").status == 404)
    }

    @Test func aStatusChangeShowsAtOnceWithANewETag() throws {
        let site = try Self.seeded()
        let before = try site.get("/badge/components/bank-sync.json?lang=en")
        let etag = try #require(before.header("ETag"))
        #expect(try site.get("/badge/components/bank-sync.json?lang=en", headers: [("If-None-Match", etag)]).status == 304)
        let bank = try #require(try site.store.components().first { $0.slug == "bank-sync" })
        try site.application.publishing.setComponentStatus(componentID: bank.id, status: .majorOutage, by: .system("test"), at: testNow)
        let after = try site.get("/badge/components/bank-sync.json?lang=en", headers: [("If-None-Match", etag)])
        #expect(after.status == 200)
        #expect(after.text.contains("\"message\":\"Major outage\"") && after.text.contains("\"color\":\"c41d2b\""))
        let overall = try SVGSummary(try site.get("/badge/status.svg?lang=en").body)
        #expect(overall.title == "Driftstatus: Major outage" && overall.fills.contains("#c41d2b"))
    }
}

/// What the tests look at in an SVG, read with Foundation's XML parser (which refuses a
/// document that is not well-formed).
struct SVGSummary {
    var root = ""
    var rootAttributes: [String: String] = [:]
    var title = ""
    var texts: [String] = []
    var fills: [String] = []

    init(_ bytes: [UInt8]) throws {
        let delegate = Delegate()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = delegate
        guard parser.parse() else { throw SVGError.notWellFormed(parser.parserError.map { "\($0)" } ?? "?") }
        self = delegate.summary
    }

    enum SVGError: Error { case notWellFormed(String) }

    private final class Delegate: NSObject, XMLParserDelegate {
        var summary = SVGSummary()
        var current: String?
        var text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if summary.root.isEmpty { summary.root = name; summary.rootAttributes = attributes }
            if let fill = attributes["fill"] { summary.fills.append(fill) }
            current = name
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title" { summary.title = text }
            if name == "text" { summary.texts.append(text) }
            text = ""
        }
    }

    private init() {}
}
