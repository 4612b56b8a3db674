import Foundation
import Testing
import StatusModel

private let now = TestClock.utc(2026, 9, 26, 12)

private func component(_ id: Int64, _ status: ComponentStatus = .operational, hidden: Bool = false) -> Component {
    Component(id: id, slug: "c\(id)", name: .both("Komponent \(id)", "Component \(id)"), position: Int(id),
              status: status, isHidden: hidden, createdAt: TestClock.utc(2026, 1, 1))
}

private func incident(_ impact: IncidentImpact, _ status: IncidentStatus = .investigating, components: [Int64] = []) -> Incident {
    Incident(id: 1, title: .both("Störning", "Disruption"), impact: impact, status: status,
             startedAt: now.addingTimeInterval(-TestClock.hour),
             resolvedAt: status == .resolved ? now.addingTimeInterval(-60) : nil, componentIDs: components)
}

/// A window from one hour before `now` to one hour after, unless told otherwise.
private func maintenance(components: [Int64], startsIn: TimeInterval = -TestClock.hour, endsIn: TimeInterval = TestClock.hour,
                         cancelled: Bool = false) -> Maintenance {
    Maintenance(id: 1, title: .both("Underhåll", "Maintenance"), startsAt: now.addingTimeInterval(startsIn),
                endsAt: now.addingTimeInterval(endsIn), cancelledAt: cancelled ? now.addingTimeInterval(-2 * TestClock.hour) : nil,
                componentIDs: components, createdAt: TestClock.utc(2026, 9, 1))
}

private func overall(_ components: [Component], _ incidents: [Incident] = [], _ maintenances: [Maintenance] = []) -> OverallStatus {
    StatusRules.overallStatus(components: components, incidents: incidents, maintenances: maintenances, at: now)
}

@Suite struct OverallStatusTests {
    @Test func allOperational() {
        #expect(overall([component(1), component(2)]) == .operational)
        #expect(overall([]) == .operational)
    }

    @Test func worstVisibleComponentWins() {
        #expect(overall([component(1), component(2, .degradedPerformance), component(3, .partialOutage)]) == .partialOutage)
        #expect(overall([component(1, .majorOutage), component(2, .degradedPerformance)]) == .majorOutage)
        #expect(overall([component(1, .degradedPerformance)]) == .degradedPerformance)
    }

    @Test func hiddenComponentsAreIgnored() {
        #expect(overall([component(1, .majorOutage, hidden: true), component(2, .degradedPerformance)]) == .degradedPerformance)
        #expect(overall([component(1, .majorOutage, hidden: true)]) == .operational)
    }

    @Test(arguments: [
        (IncidentImpact.none, OverallStatus.operational),
        (.minor, .degradedPerformance),
        (.major, .partialOutage),
        (.critical, .majorOutage),
    ])
    func activeIncidentWithoutComponentsImpliesStatusFromImpact(impact: IncidentImpact, expected: OverallStatus) {
        #expect(overall([component(1)], [incident(impact)]) == expected)
        // Every active stage counts, not only the first.
        #expect(overall([component(1)], [incident(impact, .monitoring)]) == expected)
    }

    @Test func impliedStatusNeverHidesAWorseComponent() {
        #expect(overall([component(1, .majorOutage)], [incident(.minor)]) == .majorOutage)
    }

    @Test func resolvedIncidentsDoNotCount() {
        #expect(overall([component(1)], [incident(.critical, .resolved)]) == .operational)
    }

    @Test func maintenanceInProgressShowsOnlyWhereNothingIsWorse() {
        #expect(overall([component(1), component(2)], [], [maintenance(components: [1])]) == .maintenance)
        #expect(overall([component(1), component(2, .degradedPerformance)], [], [maintenance(components: [1])]) == .degradedPerformance)
        #expect(overall([component(1)], [incident(.major)], [maintenance(components: [1])]) == .partialOutage)
    }

    @Test func maintenanceNotInProgressDoesNotCount() {
        let scheduled = maintenance(components: [1], startsIn: TestClock.hour, endsIn: 2 * TestClock.hour)
        let completed = maintenance(components: [1], startsIn: -2 * TestClock.hour, endsIn: -TestClock.hour)
        let cancelled = maintenance(components: [1], cancelled: true)
        #expect(overall([component(1)], [], [scheduled]) == .operational)
        #expect(overall([component(1)], [], [completed]) == .operational)
        #expect(overall([component(1)], [], [cancelled]) == .operational)
    }

    @Test func componentInAWindowShowsUnderMaintenanceUnlessWorse() {
        let window = maintenance(components: [1])
        #expect(StatusRules.effectiveStatus(of: component(1), maintenances: [window], at: now) == .underMaintenance)
        #expect(StatusRules.effectiveStatus(of: component(1, .partialOutage), maintenances: [window], at: now) == .partialOutage)
        #expect(StatusRules.effectiveStatus(of: component(1, .degradedPerformance), maintenances: [window], at: now) == .degradedPerformance)
        // Another component's window does not touch this one.
        #expect(StatusRules.effectiveStatus(of: component(2), maintenances: [window], at: now) == .operational)
        // At the planned end it is over.
        #expect(StatusRules.effectiveStatus(of: component(1), maintenances: [window], at: window.endsAt) == .operational)
    }

    @Test func indicatorUsesStatuspageNames() {
        #expect(OverallStatus.allCases.map(\.indicator) == ["none", "maintenance", "minor", "major", "critical"])
        #expect(ComponentStatus.worst([]) == .operational)
        #expect(ComponentStatus.worst([.underMaintenance, .degradedPerformance, .operational]) == .degradedPerformance)
    }

    @Test func anIncidentNamingVisibleComponentsSpeaksThroughTheirStatuses() {
        // Staff marked it critical but set the component only to degraded: the page says degraded.
        #expect(overall([component(1, .degradedPerformance), component(2)], [incident(.critical, components: [1])]) == .degradedPerformance)
        // An incident over hidden components only is still visible as an incident: its impact counts.
        #expect(overall([component(1, hidden: true), component(2)], [incident(.major, components: [1])]) == .partialOutage)
    }

    @Test func maintenanceOverHiddenComponentsOnlyIsNotShown() {
        #expect(overall([component(1, hidden: true), component(2)], [], [maintenance(components: [1])]) == .operational)
        #expect(overall([component(1)], [], [maintenance(components: [])]) == .maintenance)
    }
}
