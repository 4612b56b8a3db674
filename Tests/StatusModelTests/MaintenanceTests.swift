import Foundation
import Testing
import StatusModel

private let hour = TestClock.hour

/// 26 September 2026 18:00 CEST to 27 September 06:00 CEST.
private func nightWindow(completedAt: Date? = nil, cancelledAt: Date? = nil) -> Maintenance {
    Maintenance(id: 7, title: .both("Byte av databasserver", "Database server replacement"),
                startsAt: utc(2026, 9, 26, 16), endsAt: utc(2026, 9, 27, 4),
                cancelledAt: cancelledAt, completedAt: completedAt, componentIDs: [1], createdAt: utc(2026, 9, 1))
}

@Suite struct MaintenanceTests {
    @Test func windowLocalTimesAreCEST() {
        #expect(nightWindow().startsAt == TestClock.stockholmTime(2026, 9, 26, 18))
        #expect(nightWindow().endsAt == TestClock.stockholmTime(2026, 9, 27, 6))
    }

    @Test func statusFollowsTheClock() {
        let window = nightWindow()
        #expect(window.status(at: utc(2026, 9, 26, 15, 59, 59)) == .scheduled)
        #expect(window.status(at: utc(2026, 9, 26, 16)) == .inProgress)
        #expect(window.status(at: utc(2026, 9, 27, 3, 59, 59)) == .inProgress)
        #expect(window.status(at: utc(2026, 9, 27, 4)) == .completed)
        #expect(window.status(at: utc(2026, 10, 1)) == .completed)
    }

    @Test func cancelledWindowStaysCancelled() {
        let window = nightWindow(cancelledAt: utc(2026, 9, 20))
        #expect(window.status(at: utc(2026, 9, 19)) == .scheduled)
        #expect(window.status(at: utc(2026, 9, 20)) == .cancelled)
        #expect(window.status(at: utc(2026, 9, 26, 17)) == .cancelled)
        #expect(window.status(at: utc(2026, 9, 28)) == .cancelled)
        #expect(window.nextTransition(after: utc(2026, 9, 21)) == nil)
    }

    @Test func cancelledWhileInProgress() {
        let window = nightWindow(cancelledAt: utc(2026, 9, 26, 17))
        #expect(window.status(at: utc(2026, 9, 26, 16, 30)) == .inProgress)
        #expect(window.status(at: utc(2026, 9, 26, 17)) == .cancelled)
    }

    @Test func earlyCompletionEndsTheWindow() {
        let window = nightWindow(completedAt: utc(2026, 9, 26, 22))
        #expect(window.actualEnd == utc(2026, 9, 26, 22))
        #expect(window.status(at: utc(2026, 9, 26, 21, 59)) == .inProgress)
        #expect(window.status(at: utc(2026, 9, 26, 22)) == .completed)
        #expect(window.nextTransition(after: utc(2026, 9, 26, 20)) == utc(2026, 9, 26, 22))
        #expect(window.nextTransition(after: utc(2026, 9, 26, 23)) == nil)
    }

    @Test func completionMarkedAfterThePlannedEndDoesNotLengthenIt() {
        let window = nightWindow(completedAt: utc(2026, 9, 27, 9))
        #expect(window.actualEnd == utc(2026, 9, 27, 4))
        #expect(window.status(at: utc(2026, 9, 27, 5)) == .completed)
    }

    @Test func extensionMovesTheEnd() {
        var window = nightWindow()
        window.endsAt = utc(2026, 9, 27, 6)
        #expect(window.status(at: utc(2026, 9, 27, 4)) == .inProgress)
        #expect(window.status(at: utc(2026, 9, 27, 5, 59)) == .inProgress)
        #expect(window.status(at: utc(2026, 9, 27, 6)) == .completed)
        #expect(window.nextTransition(after: utc(2026, 9, 27, 4)) == utc(2026, 9, 27, 6))
    }

    @Test func nextTransition() {
        let window = nightWindow()
        #expect(window.nextTransition(after: utc(2026, 9, 20)) == utc(2026, 9, 26, 16))
        #expect(window.nextTransition(after: utc(2026, 9, 26, 16)) == utc(2026, 9, 27, 4))
        #expect(window.nextTransition(after: utc(2026, 9, 27, 3)) == utc(2026, 9, 27, 4))
        #expect(window.nextTransition(after: utc(2026, 9, 27, 4)) == nil)
    }

    /// 25 Oct 2026 01:30 CEST to 03:30 CET: the clocks go back at 03:00 CEST, so the window
    /// lasts 3 hours, not the 2 its wall-clock times suggest.
    @Test func windowAcrossTheEndOfDaylightSavingTime() {
        let start = TestClock.stockholmTime(2026, 10, 25, 1, 30)
        let end = TestClock.stockholmTime(2026, 10, 25, 3, 30)
        #expect(start == utc(2026, 10, 24, 23, 30))
        #expect(end == utc(2026, 10, 25, 2, 30))
        #expect(end.timeIntervalSince(start) == 3 * hour)

        let window = Maintenance(id: 8, title: .both("Nattunderhåll", "Night maintenance"), startsAt: start, endsAt: end,
                                 componentIDs: [1], createdAt: utc(2026, 10, 1))
        #expect(window.status(at: utc(2026, 10, 24, 23, 29)) == .scheduled)
        #expect(window.status(at: utc(2026, 10, 24, 23, 30)) == .inProgress)
        // 02:30 CEST, then the first and the second 02:00 local: all inside.
        #expect(window.status(at: utc(2026, 10, 25, 0, 30)) == .inProgress)
        #expect(window.status(at: utc(2026, 10, 25, 0, 59)) == .inProgress)
        #expect(window.status(at: utc(2026, 10, 25, 1, 0)) == .inProgress)
        // 02:45 CET: a 2-hour window computed from wall-clock times would already be over.
        #expect(window.status(at: utc(2026, 10, 25, 1, 45)) == .inProgress)
        #expect(window.status(at: utc(2026, 10, 25, 2, 29, 59)) == .inProgress)
        #expect(window.status(at: utc(2026, 10, 25, 2, 30)) == .completed)
        #expect(window.nextTransition(after: utc(2026, 10, 25, 1)) == utc(2026, 10, 25, 2, 30))
    }

    @Test func localDaysAroundDaylightSavingChanges() {
        let calendar = TestClock.stockholm
        #expect(calendar.timeZone.identifier == "Europe/Stockholm")
        let autumn = LocalDay(year: 2026, month: 10, day: 25)
        #expect(autumn.start(in: calendar) == utc(2026, 10, 24, 22))
        #expect(autumn.adding(days: 1, in: calendar).start(in: calendar) == utc(2026, 10, 25, 23))
        #expect(autumn.adding(days: 1, in: calendar).start(in: calendar).timeIntervalSince(autumn.start(in: calendar)) == 25 * hour)
        // 23:30 UTC on the 24th is already the 25th in Stockholm.
        #expect(LocalDay(utc(2026, 10, 24, 23, 30), calendar: calendar) == autumn)
        #expect(LocalDay(utc(2026, 10, 24, 21, 59), calendar: calendar) == LocalDay(year: 2026, month: 10, day: 24))

        let spring = LocalDay(year: 2026, month: 3, day: 29)
        let springLength = spring.adding(days: 1, in: calendar).start(in: calendar).timeIntervalSince(spring.start(in: calendar))
        #expect(springLength == 23 * hour)
        #expect(spring.adding(days: -29, in: calendar) == LocalDay(year: 2026, month: 2, day: 28))
        #expect(autumn.description == "2026-10-25")
    }
}
