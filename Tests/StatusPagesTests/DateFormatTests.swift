import Foundation
import StatusModel
import Testing
@testable import StatusPages

@Suite struct DateFormatTests {
    let renderer: PageRenderer
    init() throws { renderer = try Fixtures.renderer() }

    func window(_ language: LanguageCode, _ start: String, _ end: String) -> String {
        renderer.dateFormatter(for: language).window(from: Fixtures.date(start), to: Fixtures.date(end)).text
    }

    @Test func overnightWindow() {
        #expect(window(.swedish, "2026-09-26T16:00:00Z", "2026-09-27T04:00:00Z") == "26 september 2026 kl. 18:00 – 27 september kl. 06:00 (CEST)")
        #expect(window(.english, "2026-09-26T16:00:00Z", "2026-09-27T04:00:00Z") == "26 September 2026, 18:00 – 27 September, 06:00 CEST")
    }

    @Test func sameDayWindow() {
        #expect(window(.swedish, "2026-09-26T16:00:00Z", "2026-09-26T18:00:00Z") == "26 september 2026 kl. 18:00–20:00 (CEST)")
        #expect(window(.english, "2026-09-26T16:00:00Z", "2026-09-26T18:00:00Z") == "26 September 2026, 18:00–20:00 CEST")
    }

    @Test func windowAcrossTheEndOfSummerTime() {
        #expect(window(.swedish, "2026-10-24T23:30:00Z", "2026-10-25T02:30:00Z") == "25 oktober 2026 kl. 01:30 (CEST) – 25 oktober kl. 03:30 (CET)")
        #expect(window(.english, "2026-10-24T23:30:00Z", "2026-10-25T02:30:00Z") == "25 October 2026, 01:30 CEST – 25 October, 03:30 CET")
    }

    @Test func windowAcrossNewYear() {
        #expect(window(.swedish, "2026-12-31T20:00:00Z", "2027-01-01T02:00:00Z") == "31 december 2026 kl. 21:00 – 1 januari 2027 kl. 03:00 (CET)")
        #expect(window(.english, "2026-12-31T20:00:00Z", "2027-01-01T02:00:00Z") == "31 December 2026, 21:00 – 1 January 2027, 03:00 CET")
    }

    @Test func timestampsAndDays() {
        let sv = renderer.dateFormatter(for: .swedish), en = renderer.dateFormatter(for: .english)
        #expect(sv.timestamp(Fixtures.date("2026-09-26T16:00:00Z")) == "26 september 2026 kl. 18:00 (CEST)")
        #expect(en.timestamp(Fixtures.date("2026-09-26T16:00:00Z")) == "26 September 2026, 18:00 CEST")
        #expect(sv.dayHeading(LocalDay(year: 2026, month: 11, day: 23)) == "måndag 23 november")
        #expect(en.dayHeading(LocalDay(year: 2026, month: 11, day: 23)) == "Monday 23 November")
        #expect(sv.month(YearMonth(year: 2026, month: 9)) == "september 2026")
        #expect(sv.zoneAbbreviations(around: Fixtures.now) == "CET/CEST")
        #expect(SiteDateFormatter.rfc3339(Fixtures.date("2026-09-26T16:00:00Z")) == "2026-09-26T16:00:00Z")
    }

    @Test func yearMonth() throws {
        let month = try #require(YearMonth("2026-09"))
        #expect(month.description == "2026-09")
        #expect(month.adding(months: 4).description == "2027-01")
        #expect(month.adding(months: -9).description == "2025-12")
        #expect(YearMonth("2026-13") == nil && YearMonth("2026-9") == nil && YearMonth("x") == nil && YearMonth("2026-09-01") == nil)
        #expect(YearMonth(Fixtures.now, calendar: SiteDateFormatter.calendar(in: Fixtures.stockholm)) == YearMonth(year: 2026, month: 11))
        #expect(YearMonth(year: 2026, month: 1) < YearMonth(year: 2026, month: 2))
    }

    @Test func durations() {
        let localizer = renderer.localizer(.swedish)
        #expect(localizer.duration(2 * 3600 + 15 * 60) == "2 timmar 15 minuter")
        #expect(renderer.localizer(.english).duration(60) == "1 minute")
        #expect(renderer.localizer(.english).duration(26 * 3600) == "1 day 2 hours")
        #expect(localizer.duration(20) == "mindre än en minut")
    }
}
