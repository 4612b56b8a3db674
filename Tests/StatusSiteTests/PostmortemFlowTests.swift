import Foundation
import StatusModel
@testable import StatusSite
import Testing

/// The seed's post published through the API as a postmortem, then read over real HTTP: the
/// incident page, Statuspage's JSON and the feeds.
@Suite struct PostmortemFlowTests {
    /// What a careless or hostile author might add; it must stay inert text.
    static let hostile = "\n\n[Klicka här](javascript:alert(document.cookie))\n\n<script>alert(1)</script>"

    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// A resolved incident's id.
    static func resolvedIncident(_ api: APITestSite) throws -> Int64 {
        let id = try api.createIncident()
        let resolved = try api.editor("POST", "/api/v1/incidents/\(id)/resolve", json: #"{"body": {"sv": "Löst.", "en": "Fixed."}}"#)
        try #require(resolved.status == 200, "\(resolved.text)")
        return id
    }

    /// The `<section class="postmortem">` of a page.
    static func section(_ html: String) -> String? {
        guard let start = html.range(of: "<section class=\"postmortem\""),
              let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func seedPostPublishedAsMarkdownRendersFormattedAndInert() throws {
        let api = try APITestSite()
        let id = try Self.resolvedIncident(api)
        let saved = try api.editor("PUT", "/api/v1/incidents/\(id)/postmortem", json: try Self.json([
            "body": ["sv": SeedPost.swedish + Self.hostile, "en": SeedPost.english + Self.hostile],
        ]))
        #expect(saved.status == 200, "\(saved.text)")
        #expect(saved.json?["postmortem"]?["published"] == .null)
        #expect(saved.json?["postmortem"]?["has_unpublished_changes"] == .bool(true))
        // A draft is private.
        #expect(Self.section(try api.site.get("/sv/incidents/\(id)").text) == nil)

        let published = try api.editor("POST", "/api/v1/incidents/\(id)/postmortem/publish", json: #"{"notify": false}"#)
        #expect(published.status == 200, "\(published.text)")
        #expect(published.json?["incident"]?["postmortem"]?["published_at"]?.stringValue == "2026-11-25T13:00:00Z")

        let page = try api.site.get("/sv/incidents/\(id)")
        #expect(page.status == 200)
        let section = try #require(Self.section(page.text))
        #expect(section.contains("<h2 id=\"postmortem-heading\">Efteranalys</h2>"))
        #expect(section.contains("<h3>Vad som har hänt och vad vi gör nu</h3>"))
        for heading in ["De tekniska problemen", "Synkroniseringsservrarna", "Utskiftning av servrarna"] {
            #expect(section.contains("<h4>\(heading)</h4>"))
        }
        #expect(Self.count("<ul>", in: section) == 1)
        let list = try #require(section.range(of: "<ul>").flatMap { start in
            section.range(of: "</ul>", range: start.upperBound..<section.endIndex).map { String(section[start.lowerBound..<$0.upperBound]) }
        })
        #expect(Self.count("<li>", in: list) == 5)
        #expect(section.contains(#"<a href="https://tech.example.com/2026/synkroniseringsservrarna">teknikbloggen</a>"#))
        // The javascript: link and the script stay text.
        #expect(section.contains("[Klicka här](javascript:alert(document.cookie))"))
        #expect(section.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!page.text.contains("href=\"javascript:") && !page.text.contains("<script>alert"))
        #expect(Self.count("<a ", in: section) == 1)

        // The English page has the translation.
        let english = try #require(Self.section(try api.site.get("/en/incidents/\(id)").text))
        #expect(english.contains("<h4>Replacing the servers</h4>") && english.contains(">tech blog</a>"))
    }

    @Test func statuspageJSONAndFeedsCarryThePostmortem() throws {
        let api = try APITestSite()
        let id = try Self.resolvedIncident(api)
        let other = try api.createIncident()
        #expect(try api.editor("PUT", "/api/v1/incidents/\(id)/postmortem", json: try Self.json([
            "body": ["sv": SeedPost.swedish, "en": SeedPost.english],
        ])).status == 200)
        #expect(try api.editor("POST", "/api/v1/incidents/\(id)/postmortem/publish").status == 200)

        let document = try #require(try? APIJSONParser().parse(try api.site.get("/api/v2/incidents.json?lang=sv").body))
        let incidents = try #require(document["incidents"]?.arrayValue)
        let withPost = try #require(incidents.first { $0["id"]?.stringValue == String(id) })
        let body = try #require(withPost["postmortem_body"]?.stringValue)
        // Plain text, as Statuspage gives bodies: the markers are gone, the list and link spelled out.
        #expect(body.hasPrefix("Vad som har hänt och vad vi gör nu\n\n"))
        #expect(body.contains("\n- att fördela bankhämtningarna jämnare över dygnet\n"))
        #expect(body.contains("teknikbloggen (https://tech.example.com/2026/synkroniseringsservrarna)"))
        #expect(!body.contains("##") && !body.contains("**"))
        #expect(withPost["postmortem_published_at"]?.stringValue?.hasPrefix("2026-11-25T") == true)
        let without = try #require(incidents.first { $0["id"]?.stringValue == String(other) })
        #expect(without["postmortem_body"] == .null && without["postmortem_published_at"] == .null)

        let atom = try api.site.get("/en/feed.atom").text
        #expect(atom.contains("/en/incidents/\(id)/postmortem</id>"))
        #expect(atom.contains("[Postmortem] Bank sync delayed"))
        #expect(atom.contains("&lt;h4&gt;The technical problems&lt;/h4&gt;"))
    }

    @Test func refusalsAndNotification() throws {
        let api = try APITestSite()
        let open = try api.createIncident()
        let unresolved = try api.editor("PUT", "/api/v1/incidents/\(open)/postmortem", json: #"{"body": {"sv": "Text", "en": "Text"}}"#)
        #expect(unresolved.status == 409, "\(unresolved.text)")
        let id = try Self.resolvedIncident(api)
        #expect(try api.editor("POST", "/api/v1/incidents/\(id)/postmortem/publish").status == 409)
        let empty = try api.editor("PUT", "/api/v1/incidents/\(id)/postmortem", json: #"{"body": {}}"#)
        #expect(empty.status == 422, "\(empty.text)")
        #expect(try api.editor("PUT", "/api/v1/incidents/999/postmortem", json: #"{"body": {"sv": "x"}}"#).status == 404)

        #expect(try api.editor("PUT", "/api/v1/incidents/\(id)/postmortem", json: ###"{"body": {"sv": "## Vad hände", "en": "## What happened"}}"###).status == 200)
        #expect(try api.editor("POST", "/api/v1/incidents/\(id)/postmortem/publish", json: #"{"notify": true}"#).status == 200)
        let events = try api.store.recentNotificationEvents(limit: 5)
        #expect(events.first?.event.kind == .incidentPostmortem)
        // Editing the draft changes nothing public until published again; the audit log has both steps.
        #expect(try api.editor("PUT", "/api/v1/incidents/\(id)/postmortem", json: ###"{"body": {"sv": "## Ny text", "en": "## New text"}}"###)
            .json?["postmortem"]?["has_unpublished_changes"] == .bool(true))
        #expect(try api.site.get("/en/incidents/\(id)").text.contains("<h4>What happened</h4>"))
        let actions = try api.store.auditEntries(entityType: "incident", entityID: id).reversed().map(\.action)
        #expect(actions.filter { $0.hasPrefix("postmortem.") } == ["postmortem.save", "postmortem.publish", "postmortem.save"])
    }
}
