import Foundation
import StatusModel
import Testing
@testable import StatusPages

@Suite struct OtherPagesTests {
    let renderer: PageRenderer
    init() throws { renderer = try Fixtures.renderer() }

    @Test func incidentPermalink() throws {
        let html = try renderer.incident(Fixtures.resolvedIncident, components: Fixtures.components,
                                         context: Fixtures.context(.swedish, path: "/incidents/11"))
        let text = Fixtures.visibleText(html)
        #expect(html.contains("<title>Långsam fakturering – Driftstatus</title>"))
        #expect(html.contains("<h1><bdi>Långsam fakturering</bdi></h1>"))
        #expect(text.contains("Påverkan: Mindre påverkan"))
        #expect(text.contains("Status: Åtgärdat"))
        #expect(text.contains("Berörda tjänster: Fakturering"))
        #expect(text.contains("Började 20 november 2026 kl. 10:00 (CET)"))
        #expect(text.contains("Åtgärdat 20 november 2026 kl. 12:15 (CET)"))
        #expect(text.contains("Varaktighet 2 timmar 15 minuter"))
        let newest = try #require(html.range(of: "Åtgärdat.</p></div>"))
        let oldest = try #require(html.range(of: "Fakturor skapas långsamt."))
        #expect(newest.lowerBound < oldest.lowerBound)
        #expect(html.contains(#"hreflang="en" href="https://status.example.se/en/incidents/11""#))
        #expect(html.contains(#"<a href="/sv/">← Tillbaka till aktuell status</a>"#))
    }

    @Test func ongoingIncidentPermalinkShowsStatusChanges() throws {
        let html = try renderer.incident(Fixtures.activeIncident, components: Fixtures.components,
                                         context: Fixtures.context(.english, path: "/incidents/12"))
        let text = Fixtures.visibleText(html)
        #expect(text.contains("Duration Still ongoing"))
        #expect(text.contains("Bank synchronisation: Partial outage"))
        #expect(text.contains("Bank synchronisation: Major outage"))
        #expect(!text.contains("Secret internal service"))
    }

    @Test func maintenancePermalink() throws {
        let sv = try renderer.maintenance(Fixtures.septemberWindow, components: Fixtures.components,
                                          context: Fixtures.context(.swedish, path: "/maintenance/3"))
        let text = Fixtures.visibleText(sv)
        #expect(text.contains("26 september 2026 kl. 18:00 – 27 september kl. 06:00 (CEST)"))
        #expect(text.contains("Status: Slutfört"))
        #expect(text.contains("Berörda tjänster: Inloggning Fakturering"))
        #expect(text.contains("Tjänsten är otillgänglig."))
        #expect(sv.contains(#"<time datetime="2026-09-26T16:00:00Z">26 september 2026 kl. 18:00</time>"#))
        let en = try renderer.maintenance(Fixtures.dstWindow, components: Fixtures.components,
                                          context: Fixtures.context(.english, path: "/maintenance/4"))
        #expect(Fixtures.visibleText(en).contains("25 October 2026, 01:30 CEST – 25 October, 03:30 CET"))
        let upcoming = try renderer.maintenance(Fixtures.upcoming, components: Fixtures.components, context: Fixtures.context(.english))
        #expect(Fixtures.visibleText(upcoming).contains("Status: Scheduled"))
        var cancelled = Fixtures.upcoming
        cancelled.cancelledAt = Fixtures.date("2026-11-22T10:00:00Z")
        let cancelledPage = try renderer.maintenance(cancelled, components: Fixtures.components, context: Fixtures.context(.swedish))
        #expect(Fixtures.visibleText(cancelledPage).contains("Status: Inställt"))
    }

    @Test func historyMonth() throws {
        let november = YearMonth(year: 2026, month: 11)
        let html = try renderer.history(month: november, incidents: [Fixtures.resolvedIncident, Fixtures.activeIncident],
                                        maintenances: [Fixtures.upcoming], components: Fixtures.components,
                                        newer: nil, older: YearMonth(year: 2026, month: 10),
                                        context: Fixtures.context(.swedish, path: "/history/2026-11"))
        #expect(html.contains("<h1>Historik för november 2026</h1>"))
        let headings = html.components(separatedBy: "<h2 class=\"day-heading\"").dropFirst().map { String($0.prefix(120)) }
        #expect(headings.count == 3)
        #expect(headings[0].contains("lördag 28 november") && headings[1].contains("måndag 23 november") && headings[2].contains("fredag 20 november"))
        #expect(html.contains(#"<a href="/sv/incidents/11"><bdi>Långsam fakturering</bdi></a>"#))
        #expect(html.contains(#"<a href="/sv/maintenance/5"><bdi>Planerat serverbyte</bdi></a>"#))
        #expect(html.contains(#"<a class="month-older" href="/sv/history/2026-10">Äldre: oktober 2026 →</a>"#))
        #expect(!html.contains("month-newer"))
        #expect(html.contains(#"hreflang="en" href="https://status.example.se/en/history/2026-11""#))
    }

    @Test func emptyHistoryMonth() throws {
        let html = try renderer.history(month: YearMonth(year: 2026, month: 3), incidents: [], maintenances: [], components: [],
                                        newer: YearMonth(year: 2026, month: 4), older: nil, context: Fixtures.context(.english, path: "/history/2026-03"))
        #expect(html.contains("No incidents or maintenance were reported this month."))
        #expect(html.contains(#"<a class="month-newer" href="/en/history/2026-04">← Newer: April 2026</a>"#))
        #expect(!html.contains("month-older"))
    }

    @Test(arguments: [400, 403, 404, 405, 413, 429, 500, 503, 418])
    func errorPages(status: Int) throws {
        for language in [LanguageCode.swedish, .english] {
            let html = try renderer.error(status: status, context: Fixtures.context(language, path: "/nowhere"))
            #expect(html.contains("<html lang=\"\(language)\">"))
            #expect(html.contains(#"<meta name="robots" content="noindex">"#))
            #expect(!html.contains("hreflang=\"x-default\""))
            let key = UIKey.errorStatuses.contains(status) ? "error_\(status)_title" : "error_generic_title"
            #expect(html.contains("<h1>\(renderer.localized(key, language))</h1>"))
            #expect(html.contains(language == .swedish ? "Felkod \(status)" : "Error \(status)"))
            #expect(html.contains("href=\"/\(language)/\""))
        }
        #expect(try renderer.error(status: 404, context: Fixtures.context(.swedish)).contains("Sidan finns inte"))
        #expect(try renderer.error(status: 404, context: Fixtures.context(.english)).contains("Page not found"))
    }
}
