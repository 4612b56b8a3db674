import Foundation
import StatusModel
import Testing
@testable import StatusPages

@Suite struct HomePageTests {
    let renderer: PageRenderer
    init() throws { renderer = try Fixtures.renderer() }

    func home(_ language: LanguageCode = .swedish, _ snapshot: StatusSnapshot = Fixtures.snapshot(), remember: Bool = true) throws -> String {
        try renderer.home(snapshot, context: Fixtures.context(language, remember: remember))
    }

    @Test(arguments: [
        (ComponentStatus.operational, false, "Alla system fungerar", "All systems operational"),
        (.degradedPerformance, false, "Försämrad prestanda", "Degraded performance"),
        (.partialOutage, false, "Delvis avbrott", "Partial outage"),
        (.majorOutage, false, "Större avbrott", "Major outage"),
        (.operational, true, "Underhåll pågår", "Maintenance in progress"),
    ])
    func bannerPerOverallStatus(status: ComponentStatus, maintenance: Bool, swedish: String, english: String) throws {
        var components = Fixtures.components.map { var c = $0; c.status = .operational; return c }
        components[0].status = status
        let window = Maintenance(id: 9, title: Fixtures.text("Underhåll", "Maintenance"), startsAt: Fixtures.date("2026-11-23T10:00:00Z"),
                                 endsAt: Fixtures.date("2026-11-23T12:00:00Z"), componentIDs: [2], createdAt: Fixtures.created)
        let snapshot = Fixtures.snapshot(components: components, incidents: [], maintenances: maintenance ? [window] : [])
        #expect(try home(.swedish, snapshot).contains("<h1 id=\"overall-status\">\(swedish)</h1>"))
        #expect(try home(.english, snapshot).contains("<h1 id=\"overall-status\">\(english)</h1>"))
    }

    @Test func layoutBasics() throws {
        let html = try home(.english)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<title>Current status – Service status</title>"))
        #expect(html.contains(#"<link rel="alternate" hreflang="sv" href="https://status.example.se/sv/">"#))
        #expect(html.contains(#"<link rel="alternate" hreflang="en" href="https://status.example.se/en/">"#))
        #expect(html.contains(#"<link rel="alternate" hreflang="x-default" href="https://status.example.se/sv/">"#))
        #expect(html.contains(#"<link rel="alternate" type="application/rss+xml" title="RSS feed" href="/en/feed.rss">"#))
        #expect(html.contains(#"<link rel="alternate" type="application/atom+xml" title="Atom feed" href="/en/feed.atom">"#))
        #expect(html.contains(#"href="/assets/style.css?v=abc123""#))
        #expect(html.contains(#"href="/assets/favicon.svg?v=abc123""#))
        #expect(html.contains(#"src="/assets/logo.svg?v=abc123""#))
        #expect(html.contains(#"<a class="support-link" href="https://example.se/support">Contact support</a>"#))
        #expect(html.contains("All times are shown in Sweden Time (CET/CEST)."))
        #expect(html.contains(#"<main id="main""#))
        #expect(html.contains(#"<a href="/en/history">View all past incidents and maintenance</a>"#))
    }

    @Test func languageSwitcher() throws {
        let live = try home(.swedish)
        #expect(live.contains(#"<a href="/language/sv?to=/" lang="sv" hreflang="sv" aria-current="true">Svenska</a>"#))
        #expect(live.contains(#"<a href="/language/en?to=/" lang="en" hreflang="en">English</a>"#))
        let exported = try renderer.home(Fixtures.snapshot(), context: Fixtures.context(.english, path: "/", remember: false))
        #expect(exported.contains(#"<a href="/sv/" lang="sv" hreflang="sv">Svenska</a>"#))
        #expect(exported.contains(#"<a href="/en/" lang="en" hreflang="en" aria-current="true">English</a>"#))
    }

    @Test func activeIncidentWithUpdatesNewestFirst() throws {
        let html = try home(.english)
        let text = Fixtures.visibleText(html)
        #expect(text.contains("Active incidents"))
        #expect(html.contains(#"<a href="/en/incidents/12"><bdi>Bank synchronisation is down</bdi></a>"#))
        #expect(text.contains("Since 23 November 2026, 09:05 CET"))
        let newest = try #require(html.range(of: "The cause is found."))
        let oldest = try #require(html.range(of: "We are investigating."))
        #expect(newest.lowerBound < oldest.lowerBound)
        #expect(html.contains("We are investigating.<br>\nMore soon."))
        #expect(text.contains("Bank synchronisation: Major outage"))
        #expect(html.contains(#"<time datetime="2026-11-23T09:30:00Z">23 November 2026, 10:30 CET</time>"#))
    }

    @Test func componentsGroupsAndHiddenOnes() throws {
        let html = try home(.swedish)
        #expect(!html.contains("Hemlig intern tjänst"))
        #expect(html.contains("<details class=\"group\" open>\n<summary><span class=\"group-name\"><bdi>Bokföring</bdi></span>"))
        #expect(html.contains("<details class=\"group\">\n<summary><span class=\"group-name\"><bdi>Integrationer</bdi></span>"))
        // The collapsed group's summary shows its worst member.
        let integrations = try #require(html.range(of: "Integrationer</bdi></span>"))
        #expect(html[integrations.upperBound...].prefix(400).contains("Större avbrott"))
        // Ungrouped Login (position 0) comes before the Bookkeeping group (position 1).
        let login = try #require(html.range(of: "Inloggning"))
        let bookkeeping = try #require(html.range(of: "Bokföring"))
        #expect(login.lowerBound < bookkeeping.lowerBound)
        #expect(html.contains("Logga in på kontot"))
    }

    @Test func uptimeBarsAndTextAlternative() throws {
        let html = try home(.english)
        #expect(Fixtures.count("<div class=\"bars\" aria-hidden=\"true\">", in: html) == 4)
        #expect(Fixtures.count("class=\"bar ", in: html) == 4 * 90)
        #expect(html.contains("Uptime over the last 90 days:"))
        #expect(html.contains("title=\"20 November 2026: Degraded performance\""))
        #expect(html.contains("class=\"bar bar--no_data"))
        #expect(html.contains("Days without data: 67.")) // Reports exists since 1 November: 23 of 90 days
        #expect(html.contains("Days with disruptions: 23 November (Major outage)."))
    }

    @Test func upcomingMaintenanceAndFourteenDays() throws {
        let html = try home(.swedish)
        let text = Fixtures.visibleText(html)
        #expect(text.contains("Planerat underhåll"))
        #expect(text.contains("28 november 2026 kl. 18:00–20:00 (CET)"))
        #expect(Fixtures.count("<h3 class=\"day-heading\">", in: html) == 14)
        #expect(html.contains(#"<time datetime="2026-11-23">måndag 23 november</time>"#))
        #expect(html.contains(#"<time datetime="2026-11-10">tisdag 10 november</time>"#))
        #expect(Fixtures.count("Inga störningar rapporterade.", in: html) == 12)
        #expect(html.contains(#"<a href="/sv/incidents/11"><bdi>Långsam fakturering</bdi></a>"#))
    }

    @Test func maintenanceInProgressShowsOnComponents() throws {
        let window = Maintenance(id: 9, title: Fixtures.text("Pågående arbete", "Ongoing work"), startsAt: Fixtures.date("2026-11-23T10:00:00Z"),
                                 endsAt: Fixtures.date("2026-11-23T12:00:00Z"), componentIDs: [1], createdAt: Fixtures.created)
        let html = try home(.english, Fixtures.snapshot(incidents: [], maintenances: [window]))
        #expect(html.contains("Maintenance in progress"))
        #expect(html.contains("Ongoing work"))
        #expect(Fixtures.visibleText(html).contains("23 November 2026, 11:00–13:00 CET"))
        #expect(html.contains("status--under_maintenance"))
    }

    @Test func fallbackTextIsMarked() throws {
        var components = Fixtures.components
        components[0].name = LocalizedText([.swedish: "Bara svenska"])
        let html = try home(.english, Fixtures.snapshot(components: components))
        #expect(html.contains(#"<bdi lang="sv">Bara svenska</bdi> <span class="fallback-note">(Only available in Swedish)</span>"#))
        components[0].name = LocalizedText([.english: "Only English"])
        let swedish = try home(.swedish, Fixtures.snapshot(components: components))
        #expect(swedish.contains(#"<bdi lang="en">Only English</bdi> <span class="fallback-note">(Endast tillgängligt på engelska)</span>"#))
    }

    @Test func siteUnderASubPath() throws {
        var settings = Fixtures.settings
        settings.baseURL = "https://example.se/status/"
        let html = try Fixtures.renderer(settings).home(Fixtures.snapshot(), context: Fixtures.context(.swedish, remember: false))
        #expect(html.contains(#"hreflang="en" href="https://example.se/status/en/""#))
        #expect(html.contains(#"href="/status/assets/style.css?v=abc123""#))
        #expect(html.contains(#"href="/status/sv/incidents/12""#))
        #expect(html.contains(#"href="/status/sv/feed.rss""#))
    }
}
