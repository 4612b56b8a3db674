import Foundation
import StatusModel
import StatusPages
import StatusStore
import Testing
import TestSupport
@testable import StatusSite

/// The maintenance calendars over real HTTP: RFC 5545's lexical rules, one event per window with
/// a stable UID and a SEQUENCE that grows, cancelled windows marked, the render cache's validators.
@Suite struct CalendarRouteTests {
    static let hour: TimeInterval = 3600, day: TimeInterval = 86400

    /// Login has a window in five days with a title full of iCalendar's special characters; a
    /// whole-service window ended 40 days ago (outside the feed), one ended 10 days ago (inside).
    static func seeded() throws -> (TestSite, upcoming: Int64) {
        var upcoming: Int64 = 0
        let site = try TestSite(now: testNow) { store in
            let created = testNow.addingTimeInterval(-200 * day)
            let login = try store.createComponent(slug: "login", name: .both("Inloggning", "Login"), createdAt: created, by: .system("test"))
            _ = try store.createComponent(slug: "bank-sync", name: .both("Banksynkronisering", "Bank synchronisation"), createdAt: created,
                                          by: .system("test"))
            _ = try store.createComponent(slug: "internal", name: .both("Intern", "Internal"), isHidden: true, createdAt: created,
                                          by: .system("test"))
            upcoming = try store.createMaintenance(
                title: .both("Byte av servrar; del 1, av 2 \\ natt", "Server swap; part 1, of 2 \\ night"),
                body: .both("Rad ett.\nRad två med åäö och en lång text som måste vikas vid sjuttiofem oktetter utan att dela ett tecken.",
                            "Line one.\nLine two."),
                startsAt: testNow.addingTimeInterval(5 * day), endsAt: testNow.addingTimeInterval(5 * day + 12 * hour),
                componentIDs: [login.id], createdAt: testNow.addingTimeInterval(-day), by: .system("test")).id
            _ = try store.createMaintenance(title: .both("Gammalt", "Old"), body: LocalizedText(), startsAt: testNow.addingTimeInterval(-41 * day),
                                            endsAt: testNow.addingTimeInterval(-40 * day), componentIDs: [], createdAt: created, by: .system("test"))
            _ = try store.createMaintenance(title: .both("Nyligen", "Recent"), body: LocalizedText(), startsAt: testNow.addingTimeInterval(-11 * day),
                                            endsAt: testNow.addingTimeInterval(-10 * day), componentIDs: [], createdAt: created, by: .system("test"))
        }
        return (site, upcoming)
    }

    @Test func addresses() {
        let router = Router(languages: [.swedish, .english])
        #expect(router.route("/sv/maintenance.ics") == .calendar(CalendarAddress(language: .swedish)))
        #expect(router.route("/en/components/login/maintenance.ics") == .calendar(CalendarAddress(language: .english, componentSlug: "login")))
        #expect(router.route("/sv/maintenance.ics/") == .redirect("/sv/maintenance.ics"))
        #expect(router.route("/sv/components/maintenance.ics") == .notFound(.swedish))
        #expect(router.route("/de/maintenance.ics") == .notFound(nil))
    }

    @Test func servesRFC5545() throws {
        let (site, upcoming) = try Self.seeded()
        let response = try site.get("/sv/maintenance.ics")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/calendar; charset=utf-8")
        #expect(response.header("Content-Language") == "sv")
        let text = response.text
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        // Every line ends in CRLF (no bare LF) and is at most 75 octets.
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in lines { #expect(line.utf8.count <= 75, "\(line)") }
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:Byte av servrar\\; del 1\\, av 2 \\\\ natt\r\n"))
        #expect(unfolded.contains("DESCRIPTION:Rad ett.\\nRad två med åäö"))
        #expect(unfolded.contains("UID:maintenance-\(upcoming)@127.0.0.1\r\n"))
        #expect(unfolded.contains("DTSTART:20261130T130000Z\r\nDTEND:20261201T010000Z\r\n"))
        #expect(unfolded.contains("SEQUENCE:0\r\n") && unfolded.contains("STATUS:CONFIRMED"))
        #expect(unfolded.contains("URL:http://127.0.0.1:8080/sv/maintenance/\(upcoming)\r\n"))
        #expect(unfolded.contains("NAME:Driftstatus: planerat underhåll\r\n"))
        #expect(unfolded.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"))
        #expect(unfolded.contains("SUMMARY:Nyligen") && !unfolded.contains("SUMMARY:Gammalt"))
        #expect(try site.get("/en/maintenance.ics").text.replacingOccurrences(of: "\r\n ", with: "").contains("SUMMARY:Server swap\\; part 1"))
    }

    @Test func cancellingRaisesTheSequence() throws {
        let (site, upcoming) = try Self.seeded()
        let before = try site.get("/en/maintenance.ics")
        try site.application.publishing.cancelMaintenance(id: upcoming, by: .system("test"), at: testNow)
        let after = try site.get("/en/maintenance.ics", headers: [("If-None-Match", try #require(before.header("ETag")))])
        #expect(after.status == 200)
        let text = after.text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(text.contains("SEQUENCE:1\r\nDTSTART:20261130T130000Z"))
        #expect(text.contains("STATUS:CANCELLED"))
        #expect(text.contains("LAST-MODIFIED:20261125T130000Z"))
    }

    @Test func componentCalendarsAndValidators() throws {
        let (site, _) = try Self.seeded()
        let login = try site.get("/sv/components/login/maintenance.ics").text
        #expect(login.contains("Byte av servrar") && login.contains("Nyligen"))
        #expect(!(try site.get("/sv/components/bank-sync/maintenance.ics").text.contains("Byte av servrar")))
        #expect(try site.get("/sv/components/internal/maintenance.ics").status == 404)
        #expect(try site.get("/en/components/nothing/maintenance.ics").status == 404)
        let first = try site.get("/sv/maintenance.ics")
        let etag = try #require(first.header("ETag"))
        #expect(try site.get("/sv/maintenance.ics", headers: [("If-None-Match", etag)]).status == 304)
        let gzipped = try site.get("/sv/maintenance.ics", headers: [("Accept-Encoding", "gzip")])
        #expect(gzipped.header("Content-Encoding") == "gzip")
    }

    @Test func pagesLinkTheCalendar() throws {
        let (site, upcoming) = try Self.seeded()
        let home = try site.get("/sv/").text
        #expect(home.contains("<a href=\"/sv/maintenance.ics\" type=\"text/calendar\">Lägg till i kalender</a>"))
        #expect(home.contains("href=\"webcal://127.0.0.1:8080/sv/maintenance.ics\""))
        #expect(try site.get("/en/maintenance/\(upcoming)").text.contains(">Add to calendar</a>"))
    }
}
