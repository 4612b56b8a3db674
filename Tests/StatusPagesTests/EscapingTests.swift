import Foundation
import SiteSettings
import StatusModel
import Testing
@testable import StatusPages

/// Staff-written text is data, never markup: every field must come out as visible text.
@Suite struct EscapingTests {
    static let hostile = "<script>alert(1)</script>"
    static let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    static func evil(_ field: String) -> LocalizedText {
        LocalizedText([.swedish: "\(field) \(hostile) \"q\" 'a' &", .english: "\(field) \(hostile)"])
    }

    func assertSafe(_ html: String, fields: [String]) {
        #expect(!html.contains(Self.hostile))
        #expect(!html.contains("<script"))
        for field in fields {
            #expect(html.contains("\(field) \(Self.escaped)"), "field \(field) not shown escaped")
        }
    }

    @Test func everyFieldOnEveryPage() throws {
        var settings = Fixtures.settings
        settings.name = Self.evil("site")
        settings.supportURL = "javascript:alert(1)"
        let renderer = try Fixtures.renderer(settings)
        let groups = [ComponentGroup(id: 1, name: Self.evil("group"), position: 0)]
        let components = [
            Component(id: 1, slug: "a", groupID: 1, name: Self.evil("component"), description: Self.evil("description"),
                      position: 0, createdAt: Fixtures.created),
        ]
        let incident = Incident(id: 1, title: Self.evil("incident"), impact: .critical, status: .investigating,
                                startedAt: Fixtures.date("2026-11-23T08:00:00Z"), componentIDs: [1],
                                updates: [IncidentUpdate(id: 1, incidentID: 1, status: .investigating, body: Self.evil("update"),
                                                         createdAt: Fixtures.date("2026-11-23T08:00:00Z"),
                                                         componentChanges: [ComponentStatusChange(componentID: 1, status: .majorOutage)])])
        let maintenance = Maintenance(id: 2, title: Self.evil("maintenance"), body: Self.evil("body"),
                                      startsAt: Fixtures.date("2026-11-25T08:00:00Z"), endsAt: Fixtures.date("2026-11-25T09:00:00Z"),
                                      componentIDs: [1], createdAt: Fixtures.created)
        let snapshot = StatusSnapshot(groups: groups, components: components, incidents: [incident], maintenances: [maintenance],
                                      windowStart: Fixtures.created, takenAt: Fixtures.now)
        for language in [LanguageCode.swedish, .english] {
            let context = Fixtures.context(language, path: "/\"><script>alert(1)</script>")
            let home = try renderer.home(snapshot, context: context)
            assertSafe(home, fields: ["site", "group", "component", "description", "incident", "update", "maintenance", "body"])
            #expect(!home.contains("javascript:"))
            assertSafe(try renderer.incident(incident, components: components, context: context), fields: ["site", "incident", "update", "component"])
            assertSafe(try renderer.maintenance(maintenance, components: components, context: context), fields: ["site", "maintenance", "body", "component"])
            assertSafe(try renderer.history(month: YearMonth(year: 2026, month: 11), incidents: [incident], maintenances: [maintenance],
                                            components: components, newer: nil, older: nil, context: context), fields: ["site", "incident", "maintenance"])
            assertSafe(try renderer.error(status: 404, context: context), fields: ["site"])
        }
        let swedishHome = try renderer.home(snapshot, context: Fixtures.context(.swedish))
        #expect(swedishHome.contains("&quot;q&quot; &#39;a&#39; &amp;"))
    }

    @Test func postsAreEscapedWithLineBreaks() {
        #expect(HTML.post("a<b>\r\nc & d\ne") == "<p>a&lt;b&gt;<br>\nc &amp; d<br>\ne</p>")
    }
}
