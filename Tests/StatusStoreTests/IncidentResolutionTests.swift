import Foundation
import Testing
@testable import StatusStore
import StatusModel

@Suite("Component statuses follow incidents")
struct IncidentResolutionTests {
    @Test func resolvingReturnsComponentsToOperational() throws {
        try withStore { store in
            let sync = try store.makeComponent("bank-sync")
            let login = try store.makeComponent("login")
            let incident = try store.createIncident(
                title: text("Nere", "Down"), impact: .critical, status: .investigating, body: LocalizedText(),
                componentChanges: [ComponentStatusChange(componentID: sync.id, status: .majorOutage),
                                   ComponentStatusChange(componentID: login.id, status: .partialOutage)], at: day(1), by: testActor)
            #expect(try store.components().map(\.status) == [.majorOutage, .partialOutage])

            _ = try store.addUpdate(incidentID: incident.id, status: .resolved, body: text("Löst", "Resolved"),
                                    componentChanges: [ComponentStatusChange(componentID: login.id, status: .degradedPerformance)],
                                    at: day(1, hour: 2), by: testActor)
            // Explicitly named in the resolving update: kept as staff set it; the other returns to operational.
            #expect(try store.component(id: sync.id)?.status == .operational)
            #expect(try store.component(id: login.id)?.status == .degradedPerformance)
        }
    }

    @Test func anotherActiveIncidentKeepsHoldingAComponent() throws {
        try withStore { store in
            let sync = try store.makeComponent("bank-sync")
            let first = try store.createIncident(title: text("A", "A"), impact: .major, status: .investigating, body: LocalizedText(),
                                                 componentChanges: [ComponentStatusChange(componentID: sync.id, status: .majorOutage)],
                                                 at: day(1), by: testActor)
            let second = try store.createIncident(title: text("B", "B"), impact: .minor, status: .investigating, body: LocalizedText(),
                                                  componentChanges: [ComponentStatusChange(componentID: sync.id, status: .partialOutage)],
                                                  at: day(1, hour: 1), by: testActor)
            _ = try store.addUpdate(incidentID: second.id, status: .monitoring, body: LocalizedText(),
                                    componentChanges: [ComponentStatusChange(componentID: sync.id, status: .degradedPerformance)],
                                    at: day(1, hour: 2), by: testActor)
            _ = try store.addUpdate(incidentID: first.id, status: .resolved, body: LocalizedText(), componentChanges: [],
                                    at: day(1, hour: 3), by: testActor)
            // The second incident's latest word on the component wins.
            #expect(try store.component(id: sync.id)?.status == .degradedPerformance)
            _ = try store.addUpdate(incidentID: second.id, status: .resolved, body: LocalizedText(), componentChanges: [],
                                    at: day(1, hour: 4), by: testActor)
            #expect(try store.component(id: sync.id)?.status == .operational)
        }
    }

    @Test func anIncidentPostedResolvedLeavesCurrentStatusesAlone() throws {
        try withStore { store in
            let sync = try store.makeComponent("bank-sync")
            let incident = try store.createIncident(
                title: text("Igår", "Yesterday"), impact: .major, status: .resolved, body: LocalizedText(),
                componentChanges: [ComponentStatusChange(componentID: sync.id, status: .majorOutage)], at: day(1), by: testActor)
            #expect(incident.resolvedAt == day(1))
            #expect(incident.componentIDs == [sync.id])
            #expect(try store.component(id: sync.id)?.status == .operational)
        }
    }

    @Test func anUpdateAfterResolutionReopensAndASecondResolutionKeepsTheFirstTime() throws {
        try withStore { store in
            let incident = try store.createIncident(title: text("x", "x"), impact: .minor, status: .investigating, body: LocalizedText(),
                                                    componentChanges: [], at: day(1), by: testActor)
            _ = try store.addUpdate(incidentID: incident.id, status: .resolved, body: LocalizedText(), componentChanges: [], at: day(2), by: testActor)
            _ = try store.addUpdate(incidentID: incident.id, status: .resolved, body: text("Efterord", "Postscript"),
                                    componentChanges: [], at: day(3), by: testActor)
            #expect(try store.incident(id: incident.id)?.resolvedAt == day(2))
            _ = try store.addUpdate(incidentID: incident.id, status: .investigating, body: LocalizedText(), componentChanges: [], at: day(4), by: testActor)
            let reopened = try #require(try store.incident(id: incident.id))
            #expect(reopened.status == .investigating)
            #expect(reopened.resolvedAt == nil)
        }
    }
}
