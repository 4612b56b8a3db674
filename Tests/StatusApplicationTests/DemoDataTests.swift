import Foundation
import StatusModel
import StatusStore
import Testing
@testable import StatusApplication

/// The demo data set: realistic, bilingual, and consistent with the clock it is loaded at.
@Suite struct DemoDataTests {
    static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? .current
    static let pinnedNow = isoDate("2026-11-25T13:00:00Z")
    /// Loaded once: the tests at the pinned moment only read it (a load costs ~0.4 s on a busy machine).
    static let pinned = Result { try DemoFixture(now: pinnedNow) }

    @Test func loadsTheWholeDataSetIntoAnEmptyStore() throws {
        let demo = try Self.pinned.get()
        #expect(demo.summary == DemoSummary(components: 8, incidents: demo.snapshot.incidents.count, maintenances: 4))
        #expect(Set(demo.snapshot.components.map(\.slug)) ==
                ["login", "bookkeeping", "invoicing", "payroll", "bank-sync", "public-api", "mobile-app", "receipt-scanning"])
        #expect(demo.snapshot.groups.count == 2)
        #expect((15...25).contains(demo.snapshot.incidents.count))
        #expect(Set(demo.snapshot.incidents.map(\.impact)).isSuperset(of: [.minor, .major, .critical]))
        #expect(demo.summary.description.contains("8 components"))
    }

    @Test func exactlyOneIncidentIsOpenAndItHoldsBankSyncDown() throws {
        let demo = try Self.pinned.get()
        let active = demo.snapshot.incidents.filter(\.isActive)
        try #require(active.count == 1)
        #expect(active[0].status == .identified)
        #expect(Self.pinnedNow.timeIntervalSince(active[0].startedAt) == 45 * 60)
        let bankSync = try #require(demo.component("bank-sync"))
        #expect(bankSync.status == .partialOutage)
        let others = demo.snapshot.components.filter { $0.slug != "bank-sync" }
        #expect(others.allSatisfy { $0.status == .operational })
    }

    @Test func theServerReplacementOn26SeptemberIsCompleted() throws {
        let demo = try Self.pinned.get()
        let window = try #require(demo.maintenance(startingAt: isoDate("2026-09-26T16:00:00Z")))
        #expect(window.endsAt == isoDate("2026-09-27T04:00:00Z"))
        #expect(window.status(at: Self.pinnedNow) == .completed)
        #expect(window.title[.english]?.contains("SQL Server") == true)
        #expect(Set(window.componentIDs) == Set(try ["login", "bookkeeping", "invoicing", "payroll", "bank-sync", "public-api", "mobile-app"]
            .map { try #require(demo.component($0)).id }))
    }

    @Test func beforeThisYears26SeptemberTheCompletedWindowIsLastYears() throws {
        let now = isoDate("2026-09-20T10:00:00Z")
        let demo = try DemoFixture(now: now)
        let window = try #require(demo.maintenance(startingAt: isoDate("2025-09-26T16:00:00Z")))
        #expect(window.endsAt == isoDate("2025-09-27T04:00:00Z"))
        #expect(window.status(at: now) == .completed)
    }

    @Test func onTheNightOfTheWindowItIsStillLastYears() throws {
        // 26 Sep 2026, 20:00 local: this year's window is not over, so the completed one is 2025's.
        let demo = try DemoFixture(now: isoDate("2026-09-26T18:00:00Z"))
        #expect(demo.maintenance(startingAt: isoDate("2025-09-26T16:00:00Z")) != nil)
    }

    @Test func oneMaintenanceIsUpcomingWithinTwoWeeks() throws {
        let demo = try Self.pinned.get()
        let upcoming = demo.snapshot.maintenances.filter { $0.status(at: Self.pinnedNow) == .scheduled }
        try #require(upcoming.count == 1)
        #expect(upcoming[0].startsAt.timeIntervalSince(Self.pinnedNow) < 14 * 86_400)
        #expect(upcoming[0].endsAt > upcoming[0].startsAt)
        let cancelled = demo.snapshot.maintenances.filter { $0.status(at: Self.pinnedNow) == .cancelled }
        #expect(cancelled.count == 1)
    }

    @Test func theOverloadedSynchronisationIncidentIsToldInManyUpdates() throws {
        let demo = try Self.pinned.get()
        let incident = try #require(demo.snapshot.incidents.first { $0.title[.english]?.contains("Overloaded synchronisation") == true })
        #expect(incident.updates.count >= 6)
        #expect(incident.impact == .critical)
        let duration = try #require(incident.resolvedAt).timeIntervalSince(incident.startedAt)
        #expect(duration > 86_400)
        #expect(incident.updates.map(\.status).first == .investigating)
        #expect(incident.updates.map(\.status).last == .resolved)
    }

    @Test func everyTextIsBilingualExceptOneSwedishOnlyIncident() throws {
        let demo = try Self.pinned.get()
        let both: Set<LanguageCode> = [.swedish, .english]
        let (bilingual, swedishOnly) = (demo.snapshot.incidents.filter { $0.title.languages == both },
                                        demo.snapshot.incidents.filter { $0.title.languages != both })
        try #require(swedishOnly.count == 1)
        #expect(swedishOnly[0].title.languages == [.swedish])
        #expect(swedishOnly[0].updates.allSatisfy { $0.body.languages == [.swedish] })
        #expect(bilingual.allSatisfy { $0.updates.allSatisfy { $0.body.languages == both } })
        #expect(demo.snapshot.maintenances.allSatisfy { $0.title.languages == both && $0.body.languages == both })
        #expect(demo.snapshot.components.allSatisfy { $0.name.languages == both && $0.description.languages == both })
        #expect(demo.snapshot.groups.allSatisfy { $0.name.languages == both && $0.description.languages == both })
    }

    @Test func theNewestComponentHasNoDataForItsFirstBars() throws {
        let demo = try Self.pinned.get()
        let calendar = Self.calendar
        let scanning = try #require(demo.component("receipt-scanning"))
        let login = try #require(demo.component("login"))
        #expect(Self.pinnedNow.timeIntervalSince(scanning.createdAt) / 86_400 < 45)
        #expect(Self.pinnedNow.timeIntervalSince(login.createdAt) / 86_400 > 90)
        let bars = UptimeCalculator.history(for: scanning, incidents: demo.snapshot.incidents, maintenances: demo.snapshot.maintenances,
                                            days: 90, now: Self.pinnedNow, calendar: calendar)
        #expect(bars.first?.kind == .noData)
        #expect(bars.last?.kind != .noData)
        // Every incident that names receipt scanning happened after it was added.
        #expect(demo.snapshot.incidents.filter { $0.componentIDs.contains(scanning.id) }.allSatisfy { $0.startedAt > scanning.createdAt })
    }

    /// Around DST changes, at local midnight and late at night: the data must never reach into the future.
    @Test(arguments: [
        "2026-11-25T13:00:00Z", "2026-09-20T10:00:00Z", "2026-03-29T00:30:00Z", "2026-10-25T01:30:00Z",
        "2026-01-01T23:05:00Z", "2027-06-15T22:10:00Z", "2026-09-27T04:00:00Z",
    ])
    func nothingLiesInTheFutureAndHistoryIsInOrder(_ instant: String) throws {
        let now = isoDate(instant)
        let demo = try DemoFixture(now: now)
        for incident in demo.snapshot.incidents {
            let times = incident.updates.map(\.createdAt)
            #expect(times == times.sorted(), "updates out of order: \(incident.title)")
            #expect(times.allSatisfy { $0 <= now }, "update in the future: \(incident.title)")
            #expect(incident.startedAt == times.first)
            #expect(now.timeIntervalSince(incident.startedAt) <= 90 * 86_400)
            if let resolvedAt = incident.resolvedAt { #expect(resolvedAt > incident.startedAt) }
            #expect(incident.isActive == (incident.resolvedAt == nil))
        }
        #expect(demo.snapshot.incidents.filter(\.isActive).count == 1)
        let future = demo.snapshot.maintenances.filter { $0.endsAt > now }
        #expect(future.count == 1 && future[0].status(at: now) == .scheduled)
        #expect(demo.snapshot.maintenances.allSatisfy { $0.createdAt <= now && $0.createdAt < $0.startsAt })
        #expect(demo.snapshot.components.allSatisfy { $0.createdAt < now })
    }

    @Test func loadingTwiceIsRefused() throws {
        let demo = try Self.pinned.get()
        #expect(throws: DemoDataError.storeNotEmpty(components: 8)) {
            try DemoData.load(into: demo.store, now: Self.pinnedNow, timeZone: Self.stockholm)
        }
    }

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = stockholm
        return calendar
    }
}

/// A fresh database in a temporary directory with the demo loaded at `now`.
struct DemoFixture: Sendable {
    let store: StatusStore
    let summary: DemoSummary
    let snapshot: StatusSnapshot

    init(now: Date) throws {
        store = try StatusStore.openTemporary(migrationsDirectory: Self.migrationsDirectory())
        summary = try DemoData.load(into: store, now: now, timeZone: DemoDataTests.stockholm)
        // A window wide enough to include last year's September maintenance.
        snapshot = try store.snapshot(windowStart: now.addingTimeInterval(-400 * 86_400), now: now)
    }

    func component(_ slug: String) -> Component? { snapshot.components.first { $0.slug == slug } }
    func maintenance(startingAt start: Date) -> Maintenance? { snapshot.maintenances.first { $0.startsAt == start } }

    /// `migrations/` at the repository root, found from this file's location.
    static func migrationsDirectory(from file: String = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory.appendingPathComponent("migrations")
            }
            directory.deleteLastPathComponent()
        }
        throw CocoaError(.fileNoSuchFile)
    }
}

private func isoDate(_ text: String) -> Date {
    (try? Date(text, strategy: .iso8601)) ?? .distantPast
}
