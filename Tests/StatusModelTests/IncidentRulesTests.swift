import Foundation
import Testing
import StatusModel

private let start = TestClock.utc(2026, 11, 30, 8)
private let x: Int64 = 1
private let y: Int64 = 2

private func at(_ hours: Double) -> Date { start.addingTimeInterval(hours * TestClock.hour) }

private func update(_ id: Int64, of incident: Int64, _ status: IncidentStatus, hours: Double,
                    _ changes: [Int64: ComponentStatus] = [:]) -> IncidentUpdate {
    IncidentUpdate(id: id, incidentID: incident, status: status, body: .both("Text", "Text"), createdAt: at(hours),
                   componentChanges: changes.sorted { $0.key < $1.key }.map { ComponentStatusChange(componentID: $0.key, status: $0.value) })
}

/// An incident as the store would hold it after `updates` (status and resolution from the rules themselves are
/// checked elsewhere; here they are set by hand so each test starts from a known state).
private func incident(_ id: Int64, _ updates: [IncidentUpdate], resolvedAt: Date? = nil) -> Incident {
    var linked: [Int64] = []
    for change in updates.flatMap(\.componentChanges) where !linked.contains(change.componentID) { linked.append(change.componentID) }
    return Incident(id: id, title: .both("Störning \(id)", "Incident \(id)"), impact: .major, status: updates.last?.status ?? .investigating,
                    startedAt: updates.first?.createdAt ?? start, resolvedAt: resolvedAt, componentIDs: linked, updates: updates)
}

/// A: X major outage. B: X degraded, Y partial outage. Both active.
private let incidentA = incident(1, [update(1, of: 1, .investigating, hours: 0, [x: .majorOutage])])
private let incidentB = incident(2, [update(2, of: 2, .identified, hours: 1, [x: .degradedPerformance, y: .partialOutage])])

@Suite struct IncidentRulesTests {
    @Test func openingLinksTheNamedComponentsAndSetsTheirStatuses() {
        let outcome = IncidentRules.open(incident(0, [update(0, of: 0, .investigating, hours: 0, [y: .degradedPerformance, x: .majorOutage])]))
        #expect(outcome.incident.componentIDs == [x, y])
        #expect(outcome.incident.resolvedAt == nil)
        #expect(outcome.componentStatuses == [x: .majorOutage, y: .degradedPerformance])
        #expect(!outcome.resolvesIt)
    }

    @Test func anIncidentOpenedResolvedIsResolvedAtItsStartAndLeavesStatusesAlone() {
        let outcome = IncidentRules.open(incident(0, [update(0, of: 0, .resolved, hours: 0, [x: .majorOutage])]))
        #expect(outcome.incident.resolvedAt == at(0))
        #expect(outcome.incident.componentIDs == [x])
        #expect(outcome.componentStatuses.isEmpty)
    }

    @Test func resolvingReturnsComponentsNoOtherIncidentHoldsToOperational() {
        let alone = incident(1, [update(1, of: 1, .investigating, hours: 0, [x: .majorOutage, y: .partialOutage])])
        let outcome = IncidentRules.post(update(9, of: 1, .resolved, hours: 2, [y: .degradedPerformance]), to: alone, otherActive: [])
        #expect(outcome.incident.status == .resolved)
        #expect(outcome.incident.resolvedAt == at(2))
        #expect(outcome.resolvesIt)
        // Named: kept as staff set it; not named: back to operational.
        #expect(outcome.componentStatuses == [x: .operational, y: .degradedPerformance])
    }

    @Test func resolvingOneOfTwoOverlappingIncidentsLeavesWhatTheOtherHolds() {
        let outcome = IncidentRules.post(update(9, of: 1, .resolved, hours: 2), to: incidentA, otherActive: [incidentA, incidentB])
        #expect(outcome.componentStatuses == [x: .degradedPerformance])
        // The other way round: B resolves while A holds X; Y, held by nobody else, is released.
        let other = IncidentRules.post(update(9, of: 2, .resolved, hours: 2), to: incidentB, otherActive: [incidentA])
        #expect(other.componentStatuses == [x: .majorOutage, y: .operational])
    }

    @Test func aComponentSeveralIncidentsHoldShowsTheWorstOfTheirLatestWords() {
        var b = incidentB
        b.updates.append(update(3, of: 2, .monitoring, hours: 1.5, [x: .partialOutage]))
        let c = incident(3, [update(4, of: 3, .investigating, hours: 1, [x: .degradedPerformance])])
        #expect(IncidentRules.heldStatus(of: x, by: [b, c]) == .partialOutage)
        #expect(IncidentRules.heldStatus(of: y, by: [c]) == nil)
        // A resolved incident holds nothing.
        var resolved = c
        resolved.status = .resolved
        #expect(IncidentRules.heldStatus(of: x, by: [resolved]) == nil)
        // The newest word of one incident counts, even when it is better than an older one.
        b.updates.append(update(5, of: 2, .monitoring, hours: 1.7, [x: .operational]))
        #expect(IncidentRules.heldStatus(of: x, by: [b]) == .operational)
    }

    @Test func anUpdateNamingAComponentSetsItEvenWhileAnotherIncidentHoldsIt() {
        let outcome = IncidentRules.post(update(9, of: 2, .monitoring, hours: 2, [x: .operational]), to: incidentB,
                                         otherActive: [incidentA])
        #expect(outcome.componentStatuses == [x: .operational])
        #expect(outcome.incident.status == .monitoring)
        #expect(!outcome.resolvesIt)
    }

    @Test func anUpdateLinksNewComponentsAfterTheOnesAlreadyThere() {
        let outcome = IncidentRules.post(update(9, of: 1, .identified, hours: 1, [y: .degradedPerformance, x: .partialOutage]),
                                         to: incidentA, otherActive: [])
        #expect(outcome.incident.componentIDs == [x, y])
        #expect(outcome.incident.updates.count == 2)
    }

    @Test func aSecondResolvedNoteKeepsTheFirstResolutionTimeAndReleasesNothing() {
        let resolved = incident(1, incidentA.updates + [update(2, of: 1, .resolved, hours: 2)], resolvedAt: at(2))
        let outcome = IncidentRules.post(update(3, of: 1, .resolved, hours: 5), to: resolved, otherActive: [incidentB])
        #expect(outcome.incident.resolvedAt == at(2))
        #expect(outcome.componentStatuses.isEmpty)
        #expect(!outcome.resolvesIt)
    }

    @Test func anActiveUpdateReopensAndAReResolutionCountsFromThen() {
        let resolved = incident(1, incidentA.updates + [update(2, of: 1, .resolved, hours: 2)], resolvedAt: at(2))
        let reopened = IncidentRules.post(update(3, of: 1, .investigating, hours: 3, [x: .partialOutage]), to: resolved,
                                          otherActive: [incidentB])
        #expect(reopened.incident.status == .investigating)
        #expect(reopened.incident.resolvedAt == nil)
        #expect(reopened.componentStatuses == [x: .partialOutage])
        #expect(!reopened.resolvesIt)
        let again = IncidentRules.post(update(4, of: 1, .resolved, hours: 4), to: reopened.incident, otherActive: [incidentB])
        #expect(again.resolvesIt)
        #expect(again.incident.resolvedAt == at(4))
        #expect(again.componentStatuses == [x: .degradedPerformance])
        // A further note after that keeps the re-resolution time.
        let note = IncidentRules.post(update(5, of: 1, .resolved, hours: 6), to: again.incident, otherActive: [])
        #expect(note.incident.resolvedAt == at(4))
    }

    @Test func removingTheResolvingUpdateReopensWithTheLatestStatuses() {
        let resolved = incident(1, incidentA.updates + [update(2, of: 1, .monitoring, hours: 1, [x: .degradedPerformance]),
                                                        update(3, of: 1, .resolved, hours: 2)], resolvedAt: at(2))
        let outcome = IncidentRules.removeUpdate(id: 3, from: resolved, otherActive: [])
        #expect(outcome?.incident.status == .monitoring)
        #expect(outcome?.incident.resolvedAt == nil)
        #expect(outcome?.componentStatuses == [x: .degradedPerformance])
        #expect(IncidentRules.removeUpdate(id: 99, from: resolved, otherActive: []) == nil)
    }

    @Test func removingTheLastActiveUpdateResolvesFromTheFirstTrailingResolvedOne() {
        let withLateNote = incident(1, incidentA.updates + [update(2, of: 1, .resolved, hours: 2), update(3, of: 1, .monitoring, hours: 3),
                                                            update(4, of: 1, .resolved, hours: 4), update(5, of: 1, .identified, hours: 5)])
        let outcome = IncidentRules.removeUpdate(id: 5, from: withLateNote, otherActive: [incidentB])
        #expect(outcome?.incident.status == .resolved)
        #expect(outcome?.incident.resolvedAt == at(4))
        #expect(outcome?.resolvesIt == true)
        #expect(outcome?.componentStatuses == [x: .degradedPerformance])
    }

    @Test func maintenanceInProgressShowsOverWhatAResolutionLeaves() {
        let components = [Component(id: x, slug: "x", name: .both("X", "X"), position: 0, status: .majorOutage, createdAt: start),
                          Component(id: y, slug: "y", name: .both("Y", "Y"), position: 1, status: .partialOutage, createdAt: start)]
        let window = Maintenance(id: 1, title: .both("Underhåll", "Maintenance"), startsAt: at(1), endsAt: at(5), componentIDs: [x, y],
                                 createdAt: start)
        let alone = incident(1, [update(1, of: 1, .investigating, hours: 0, [x: .majorOutage, y: .partialOutage])])
        let outcome = IncidentRules.post(update(9, of: 1, .resolved, hours: 2, [y: .degradedPerformance]), to: alone, otherActive: [])
        let after = outcome.applied(to: components)
        #expect(after.map(\.status) == [.operational, .degradedPerformance])
        // The public page adds the window: X released to operational shows "under maintenance"; Y's degradation is worse.
        #expect(after.map { StatusRules.effectiveStatus(of: $0, maintenances: [window], at: at(2)) } == [.underMaintenance, .degradedPerformance])
    }
}
