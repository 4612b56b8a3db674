import Foundation
import Testing
import StatusModel

private let hour = TestClock.hour
private let calendar = TestClock.stockholm
private let dayLength: TimeInterval = 24 * 3600

private let bankSync = Component(id: 1, slug: "bank-sync", name: .both("Bankkoppling", "Bank synchronisation"),
                                 position: 1, createdAt: utc(2026, 1, 1))

private func outage(_ impact: IncidentImpact, from start: Date, to end: Date?, components: [Int64] = [1],
                    updates: [IncidentUpdate] = []) -> Incident {
    Incident(id: 1, title: .both("Störning", "Disruption"), impact: impact, status: end == nil ? .investigating : .resolved,
             startedAt: start, resolvedAt: end, componentIDs: components, updates: updates)
}

private func update(at date: Date, setting status: ComponentStatus, of componentID: Int64 = 1) -> IncidentUpdate {
    IncidentUpdate(id: Int64(date.timeIntervalSince1970), incidentID: 1, status: .identified, body: .both("Uppdatering", "Update"),
                   createdAt: date, componentChanges: [ComponentStatusChange(componentID: componentID, status: status)])
}

/// The bar for `day` in a history that ends the day after it (so `day` is complete).
private func bar(for day: LocalDay, component: Component = bankSync, incidents: [Incident] = [],
                 maintenances: [Maintenance] = []) throws -> DayUptime {
    let now = day.adding(days: 2, in: calendar).start(in: calendar).addingTimeInterval(-1)
    let history = UptimeCalculator.history(for: component, incidents: incidents, maintenances: maintenances,
                                           days: 3, now: now, calendar: calendar)
    return try #require(history.first(where: { $0.day == day }))
}

private let september15 = LocalDay(year: 2026, month: 9, day: 15)

@Suite struct UptimeTests {
    @Test func dayWithoutIncidentsIsFullyUp() throws {
        let day = try bar(for: september15)
        #expect(day.uptime == 1.0)
        #expect(day.kind == .operational)
        #expect(day.majorOutageSeconds == 0 && day.partialOutageSeconds == 0)
    }

    @Test func twoHourMajorOutageOnANormalDay() throws {
        let day = try bar(for: september15, incidents: [outage(.critical, from: utc(2026, 9, 15, 10), to: utc(2026, 9, 15, 12))])
        #expect(day.kind == .majorOutage)
        #expect(day.majorOutageSeconds == 2 * hour)
        #expect(approximately(day.uptime, 1 - 7200.0 / 86400)) // 0.91666…
    }

    @Test func partialOutageCountsThirtyPercent() throws {
        let day = try bar(for: september15, incidents: [outage(.major, from: utc(2026, 9, 15, 8), to: utc(2026, 9, 15, 12))])
        #expect(day.kind == .partialOutage)
        #expect(day.partialOutageSeconds == 4 * hour)
        #expect(day.majorOutageSeconds == 0)
        #expect(approximately(day.uptime, 0.95)) // 1 - 0.3 * 4h / 24h
    }

    @Test func degradedPerformanceColoursTheDayButCountsAsUp() throws {
        let day = try bar(for: september15, incidents: [outage(.minor, from: utc(2026, 9, 15, 8), to: utc(2026, 9, 15, 13))])
        #expect(day.kind == .degradedPerformance)
        #expect(day.uptime == 1.0)
    }

    @Test func maintenanceColoursTheDayButCountsAsUp() throws {
        let window = Maintenance(id: 1, title: .both("Underhåll", "Maintenance"), startsAt: utc(2026, 9, 15, 20),
                                 endsAt: utc(2026, 9, 15, 21), componentIDs: [1], createdAt: utc(2026, 9, 1))
        let day = try bar(for: september15, maintenances: [window])
        #expect(day.kind == .maintenance)
        #expect(day.uptime == 1.0)

        var cancelled = window
        cancelled.cancelledAt = utc(2026, 9, 14)
        #expect(try bar(for: september15, maintenances: [cancelled]).kind == .operational)
        // An outage during the window is still an outage.
        let withOutage = try bar(for: september15, incidents: [outage(.critical, from: utc(2026, 9, 15, 20), to: utc(2026, 9, 15, 20, 30))],
                                 maintenances: [window])
        #expect(withOutage.kind == .majorOutage)
    }

    @Test func incidentOnAnotherComponentDoesNotCount() throws {
        let day = try bar(for: september15, incidents: [outage(.critical, from: utc(2026, 9, 15, 10), to: utc(2026, 9, 15, 12), components: [2])])
        #expect(day.uptime == 1.0)
        #expect(day.kind == .operational)
    }

    /// 25 October 2026 has 25 hours in Stockholm: 2 hours down is 2/25 of it.
    @Test func longDayAtTheEndOfDaylightSavingTime() throws {
        let autumn = LocalDay(year: 2026, month: 10, day: 25)
        let day = try bar(for: autumn, incidents: [outage(.critical, from: utc(2026, 10, 25, 9), to: utc(2026, 10, 25, 11))])
        #expect(day.majorOutageSeconds == 2 * hour)
        #expect(approximately(day.uptime, 1 - 2.0 / 25)) // 0.92, not 0.91666…
    }

    /// 29 March 2026 has 23 hours in Stockholm.
    @Test func shortDayAtTheStartOfDaylightSavingTime() throws {
        let spring = LocalDay(year: 2026, month: 3, day: 29)
        let day = try bar(for: spring, incidents: [outage(.critical, from: utc(2026, 3, 29, 9), to: utc(2026, 3, 29, 11))])
        #expect(approximately(day.uptime, 1 - 2.0 / 23)) // 0.91304…
        // A whole-day outage is exactly 0, whatever the day's length.
        let allDay = try bar(for: spring, incidents: [outage(.critical, from: utc(2026, 3, 28, 20), to: utc(2026, 3, 30, 1))])
        #expect(allDay.majorOutageSeconds == 23 * hour)
        #expect(allDay.uptime == 0)
    }

    @Test func daysBeforeTheComponentExistedHaveNoData() {
        var young = bankSync
        young.createdAt = utc(2026, 9, 14, 10)
        let history = UptimeCalculator.history(for: young, incidents: [], maintenances: [], days: 5,
                                               now: utc(2026, 9, 16, 10), calendar: calendar)
        #expect(history.map(\.day.day) == [12, 13, 14, 15, 16])
        #expect(history.map(\.kind) == [.noData, .noData, .operational, .operational, .operational])
        #expect(history[0].uptime == nil && history[1].uptime == nil)
        #expect(history[2].uptime == 1.0)
        #expect(UptimeCalculator.percentage(of: history) == 1.0)
    }

    @Test func incidentAcrossMidnightIsSplitBetweenTheDays() throws {
        // 15 September 22:00 CEST to 16 September 02:00 CEST.
        let incident = outage(.critical, from: utc(2026, 9, 15, 20), to: utc(2026, 9, 16, 0))
        let history = UptimeCalculator.history(for: bankSync, incidents: [incident], maintenances: [], days: 3,
                                               now: utc(2026, 9, 17, 12), calendar: calendar)
        #expect(history.map(\.day.day) == [15, 16, 17])
        #expect(history[0].majorOutageSeconds == 2 * hour)
        #expect(history[1].majorOutageSeconds == 2 * hour)
        #expect(history[2].majorOutageSeconds == 0)
        #expect(approximately(history[0].uptime, 1 - 2.0 / 24))
        #expect(approximately(history[1].uptime, 1 - 2.0 / 24))
        #expect(history[2].kind == .operational)
    }

    @Test func updateChangesTheComponentsStatusMidIncident() throws {
        // Partial from 10 (the impact), major from 11, degraded from 12, resolved at 13 (UTC).
        let incident = outage(.major, from: utc(2026, 9, 15, 10), to: utc(2026, 9, 15, 13), updates: [
            update(at: utc(2026, 9, 15, 12), setting: .degradedPerformance),
            update(at: utc(2026, 9, 15, 11), setting: .majorOutage),
        ])
        let day = try bar(for: september15, incidents: [incident])
        #expect(day.partialOutageSeconds == hour)
        #expect(day.majorOutageSeconds == hour)
        #expect(day.kind == .majorOutage)
        #expect(approximately(day.uptime, 1 - (3600 + 0.3 * 3600) / dayLength)) // 0.945833…
    }

    @Test func updateCanBringAComponentIntoAnIncidentAndBackToOperational() throws {
        // The incident named no component; an update puts bank-sync in major outage for 30 minutes.
        let incident = outage(.minor, from: utc(2026, 9, 15, 10), to: utc(2026, 9, 15, 14), components: [], updates: [
            update(at: utc(2026, 9, 15, 11), setting: .majorOutage),
            update(at: utc(2026, 9, 15, 11, 30), setting: .operational),
        ])
        let day = try bar(for: september15, incidents: [incident])
        #expect(day.majorOutageSeconds == 1800)
        #expect(approximately(day.uptime, 1 - 1800 / dayLength))
    }

    @Test func todayCountsOnlyUpToNow() throws {
        // Noon CEST on 16 September: the day so far is 12 hours, 2 of them down (still ongoing).
        let now = TestClock.stockholmTime(2026, 9, 16, 12)
        let incident = outage(.critical, from: utc(2026, 9, 16, 8), to: nil)
        let history = UptimeCalculator.history(for: bankSync, incidents: [incident], maintenances: [], days: 2,
                                               now: now, calendar: calendar)
        let today = try #require(history.last)
        #expect(today.day == LocalDay(year: 2026, month: 9, day: 16))
        #expect(today.majorOutageSeconds == 2 * hour)
        #expect(approximately(today.uptime, 1 - 2.0 / 12))
        #expect(history[0].uptime == 1.0)
    }

    @Test func maintenanceLaterTodayDoesNotColourTodayYet() throws {
        let now = TestClock.stockholmTime(2026, 9, 16, 12)
        let tonight = Maintenance(id: 1, title: .both("Underhåll", "Maintenance"), startsAt: TestClock.stockholmTime(2026, 9, 16, 22),
                                  endsAt: TestClock.stockholmTime(2026, 9, 16, 23), componentIDs: [1], createdAt: utc(2026, 9, 1))
        let history = UptimeCalculator.history(for: bankSync, incidents: [], maintenances: [tonight], days: 1, now: now, calendar: calendar)
        #expect(history.map(\.kind) == [.operational])
    }

    @Test func historyIsOldestFirstAndEndsToday() {
        let history = UptimeCalculator.history(for: bankSync, incidents: [], maintenances: [], days: 90,
                                               now: utc(2026, 10, 31, 23, 30), calendar: calendar)
        #expect(history.count == 90)
        // 23:30 UTC on 31 October is 00:30 CET on 1 November.
        #expect(history.last?.day == LocalDay(year: 2026, month: 11, day: 1))
        #expect(history.first?.day == LocalDay(year: 2026, month: 8, day: 4))
        #expect(zip(history, history.dropFirst()).allSatisfy { $0.day < $1.day })
    }

    @Test func nonPositiveDayCountGivesNoBars() {
        for days in [0, -1] {
            #expect(UptimeCalculator.history(for: bankSync, incidents: [], maintenances: [], days: days,
                                             now: utc(2026, 9, 16), calendar: calendar).isEmpty)
        }
    }

    @Test func percentageAveragesTheDaysWithData() throws {
        let incident = outage(.critical, from: utc(2026, 9, 15, 10), to: utc(2026, 9, 15, 12))
        var young = bankSync
        young.createdAt = utc(2026, 9, 14, 10)
        // Bars: 13 (no data), 14 (1.0), 15 (22/24), 16 (1.0).
        let history = UptimeCalculator.history(for: young, incidents: [incident], maintenances: [], days: 4,
                                               now: utc(2026, 9, 16, 21, 59), calendar: calendar)
        #expect(history.map(\.kind) == [.noData, .operational, .majorOutage, .operational])
        #expect(approximately(UptimeCalculator.percentage(of: history), (1 + 22.0 / 24 + 1) / 3))
        #expect(UptimeCalculator.percentage(of: Array(history.prefix(1))) == nil)
        #expect(UptimeCalculator.percentage(of: []) == nil)
    }
}
