import Foundation
import Testing
@testable import StatusStore
import StatusModel

@Suite("Storing and reading back")
struct RoundTripTests {
    @Test func groupsAndComponents() throws {
        try withStore { store in
            let second = try store.createGroup(name: text("Bank", "Banking"), description: text("Bankkoppling", "Bank link"),
                                               position: 2, isCollapsed: true, by: testActor)
            let first = try store.createGroup(name: text("Bokföring", "Bookkeeping"), description: LocalizedText(),
                                              position: 1, isCollapsed: false, by: testActor)
            let sync = try store.createComponent(slug: "bank-sync", groupID: second.id, name: text("Banksynk", "Bank sync"),
                                                 description: text("Hämtar transaktioner", "Fetches transactions"), position: nil,
                                                 status: .degradedPerformance, isHidden: false, createdAt: day(1), by: testActor)
            let invoices = try store.createComponent(slug: "invoices", groupID: first.id, name: text("Fakturor", "Invoices"),
                                                     description: LocalizedText(), position: 5, status: .operational,
                                                     isHidden: true, createdAt: day(2), by: testActor)
            let login = try store.createComponent(slug: "login", groupID: first.id, name: text("Inloggning", "Login"),
                                                  description: LocalizedText(), position: 1, status: .operational,
                                                  isHidden: false, createdAt: day(3), by: testActor)

            #expect(try store.groups() == [first, second])
            #expect(try store.components() == [login, invoices, sync])
            #expect(sync.position == 0, "the first in its group when no position is given")
            #expect(try store.component(id: sync.id) == sync)

            try store.setComponentStatus(id: sync.id, status: .majorOutage, by: testActor)
            #expect(try store.component(id: sync.id)?.status == .majorOutage)
        }
    }

    @Test func componentValidation() throws {
        try withStore { store in
            _ = try store.makeComponent("login")
            #expect(throws: StoreError.invalid("slug 'login' is already used by another component")) {
                _ = try store.makeComponent("login")
            }
            #expect(throws: StoreError.self) { _ = try store.makeComponent("Bad Slug") }
            #expect(throws: StoreError.notFound(kind: "group", id: 99)) {
                _ = try store.createComponent(slug: "x", groupID: 99, name: text("x", "x"), description: LocalizedText(),
                                              position: nil, status: .operational, isHidden: false, createdAt: day(0), by: testActor)
            }
            #expect(throws: StoreError.notFound(kind: "component", id: 42)) {
                try store.setComponentStatus(id: 42, status: .majorOutage, by: testActor)
            }
        }
    }

    @Test func incidentWithSeveralUpdatesAndChanges() throws {
        try withStore { store in
            let sync = try store.makeComponent("bank-sync")
            let login = try store.makeComponent("login")
            let created = try store.createIncident(
                title: text("Banksynken ligger nere", "Bank sync is down"), impact: .major, status: .investigating,
                body: text("Vi undersöker.", "We are investigating."),
                componentChanges: [ComponentStatusChange(componentID: sync.id, status: .majorOutage)], at: day(10, hour: 8), by: testActor)
            let identified = try store.addUpdate(
                incidentID: created.id, status: .identified, body: text("Orsaken hittad.", "Cause found."),
                componentChanges: [ComponentStatusChange(componentID: login.id, status: .degradedPerformance),
                                   ComponentStatusChange(componentID: sync.id, status: .partialOutage)], at: day(10, hour: 9), by: testActor)
            #expect(try store.component(id: login.id)?.status == .degradedPerformance)
            #expect(try store.component(id: sync.id)?.status == .partialOutage)

            let resolved = try store.addUpdate(incidentID: created.id, status: .resolved, body: text("Löst.", "Resolved."),
                                               componentChanges: [], at: day(10, hour: 11), by: testActor)
            let incident = try #require(try store.incident(id: created.id))
            #expect(incident.title == text("Banksynken ligger nere", "Bank sync is down"))
            #expect(incident.impact == .major)
            #expect(incident.status == .resolved)
            #expect(incident.startedAt == day(10, hour: 8))
            #expect(incident.resolvedAt == day(10, hour: 11))
            #expect(incident.componentIDs == [sync.id, login.id])
            #expect(incident.updates.map(\.id) == [created.updates[0].id, identified.id, resolved.id])
            #expect(incident.updates[1] == identified)
            #expect(incident.updates[1].componentChanges.map(\.componentID) == [login.id, sync.id])
            #expect(incident.updates[0].body == text("Vi undersöker.", "We are investigating."))
            #expect(try store.incidentIDs() == [created.id])
            #expect(try store.firstIncidentStart() == day(10, hour: 8))
        }
    }

    @Test func incidentValidation() throws {
        try withStore { store in
            let sync = try store.makeComponent("bank-sync")
            #expect(throws: StoreError.notFound(kind: "component", id: 77)) {
                _ = try store.createIncident(title: text("a", "a"), impact: .minor, status: .investigating, body: LocalizedText(),
                                             componentChanges: [ComponentStatusChange(componentID: 77, status: .majorOutage)], at: day(1), by: testActor)
            }
            #expect(throws: StoreError.invalid("an incident needs a title")) {
                _ = try store.createIncident(title: LocalizedText(), impact: .minor, status: .investigating, body: LocalizedText(),
                                             componentChanges: [], at: day(1), by: testActor)
            }
            #expect(throws: StoreError.notFound(kind: "incident", id: 5)) {
                _ = try store.addUpdate(incidentID: 5, status: .resolved, body: LocalizedText(), componentChanges: [], at: day(1), by: testActor)
            }
            let incident = try store.createIncident(title: text("a", "a"), impact: .minor, status: .investigating, body: LocalizedText(),
                                                    componentChanges: [], at: day(2), by: testActor)
            #expect(throws: StoreError.self) {
                _ = try store.addUpdate(incidentID: incident.id, status: .monitoring, body: LocalizedText(),
                                        componentChanges: [ComponentStatusChange(componentID: sync.id, status: .majorOutage),
                                                           ComponentStatusChange(componentID: sync.id, status: .operational)],
                                        at: day(3), by: testActor)
            }
            // Failed writes leave nothing behind.
            #expect(try store.incident(id: incident.id)?.updates.count == 1)
            #expect(try store.incidentIDs() == [incident.id])
        }
    }

    @Test func maintenanceCancelCompleteExtend() throws {
        try withStore { store in
            let sync = try store.makeComponent("bank-sync")
            let login = try store.makeComponent("login")
            let planned = try store.createMaintenance(title: text("Databasuppgradering", "Database upgrade"),
                                                      body: text("Ingen inloggning.", "No login."), startsAt: day(20, hour: 18),
                                                      endsAt: day(21, hour: 6), componentIDs: [login.id, sync.id], createdAt: day(5), by: testActor)
            #expect(try store.maintenance(id: planned.id) == planned)
            #expect(planned.componentIDs == [login.id, sync.id])
            #expect(planned.createdAt == day(5))

            try store.extendMaintenance(id: planned.id, endsAt: day(21, hour: 8), by: testActor)
            #expect(try store.maintenance(id: planned.id)?.endsAt == day(21, hour: 8))
            try store.completeMaintenance(id: planned.id, at: day(21, hour: 2), by: testActor)
            let completed = try #require(try store.maintenance(id: planned.id))
            #expect(completed.completedAt == day(21, hour: 2))
            #expect(completed.status(at: day(21, hour: 3)) == .completed)
            #expect(throws: StoreError.invalid("maintenance \(planned.id) was already completed")) {
                try store.cancelMaintenance(id: planned.id, at: day(21, hour: 3), by: testActor)
            }

            let other = try store.createMaintenance(title: text("Flytt", "Move"), body: LocalizedText(), startsAt: day(30),
                                                    endsAt: day(31), componentIDs: [], createdAt: day(6), by: testActor)
            try store.cancelMaintenance(id: other.id, at: day(25), by: testActor)
            #expect(try store.maintenance(id: other.id)?.cancelledAt == day(25))
            #expect(throws: StoreError.self) { try store.extendMaintenance(id: other.id, endsAt: day(32), by: testActor) }

            #expect(throws: StoreError.invalid("a maintenance must end after it starts")) {
                _ = try store.createMaintenance(title: text("x", "x"), body: LocalizedText(), startsAt: day(3), endsAt: day(3),
                                                componentIDs: [], createdAt: day(1), by: testActor)
            }
            #expect(throws: StoreError.notFound(kind: "maintenance", id: 999)) { try store.cancelMaintenance(id: 999, at: day(1), by: testActor) }
            #expect(try store.maintenanceIDs() == [planned.id, other.id])
            #expect(try store.maintenances(startingFrom: day(20), before: day(40)).map(\.id) == [other.id, planned.id])
            #expect(try store.maintenances(startingFrom: day(25), before: day(40)).map(\.id) == [other.id])
            #expect(try store.firstActivity() == day(20, hour: 18))
        }
    }

    @Test func unicodeRoundTripsExactly() throws {
        let samples = [
            "åäö ÅÄÖ",
            "Betalningar 🔥🧾 fungerar inte",
            "e\u{301}te\u{301} — decomposed é, kept decomposed",
            "Ångström as A\u{30A}ngstro\u{308}m",
            "مرحبا بالعالم — العربية",
            "שלום עולם",
            "mixed ltr \u{202B}rtl embedding\u{202C} and zero\u{200D}width joiner 👩‍💻",
        ]
        try withStore { store in
            for (index, sample) in samples.enumerated() {
                let title = LocalizedText([.swedish: sample, .english: String(sample.reversed())])
                let incident = try store.createIncident(title: title, impact: .minor, status: .investigating,
                                                        body: LocalizedText([.english: sample]), componentChanges: [],
                                                        at: day(Double(index)), by: testActor)
                let read = try #require(try store.incident(id: incident.id))
                // Compare scalars, not String ==, which would equate composed and decomposed forms.
                #expect(read.title[.swedish].map { Array($0.unicodeScalars) } == Array(sample.unicodeScalars))
                #expect(read.title[.english].map { Array($0.unicodeScalars) } == Array(String(sample.reversed()).unicodeScalars))
                #expect(read.updates.first?.body[.english].map { Array($0.utf8) } == Array(sample.utf8))
            }
        }
    }

    @Test func aThirdLanguageNeedsNoSchemaChange() throws {
        try withStore { store in
            let danish = try #require(LanguageCode("da"))
            let schemaBefore = try store.rawStrings("SELECT sql FROM sqlite_master ORDER BY name")
            var name = text("Inloggning", "Login")
            name[danish] = "Log ind"
            let component = try store.createComponent(slug: "login", groupID: nil, name: name, description: LocalizedText([danish: "Adgang"]),
                                                      position: nil, status: .operational, isHidden: false, createdAt: day(0), by: testActor)
            let read = try #require(try store.component(id: component.id))
            #expect(read.name[danish] == "Log ind")
            #expect(read.name.languages == [.swedish, .english, danish])
            #expect(read.description == LocalizedText([danish: "Adgang"]))
            #expect(try store.rawStrings("SELECT sql FROM sqlite_master ORDER BY name") == schemaBefore)
        }
    }

    @Test func dataVersionIncreasesOnEveryWrite() throws {
        try withStore { store in
            var last = try store.dataVersion()
            func expectBumped(_ sourceLocation: SourceLocation = #_sourceLocation) throws {
                let now = try store.dataVersion()
                #expect(now > last, sourceLocation: sourceLocation)
                last = now
            }
            let group = try store.createGroup(name: text("g", "g"), description: LocalizedText(), position: nil, isCollapsed: false, by: testActor)
            try expectBumped()
            let component = try store.createComponent(slug: "c", groupID: group.id, name: text("c", "c"), description: LocalizedText(),
                                                      position: nil, status: .operational, isHidden: false, createdAt: day(0), by: testActor)
            try expectBumped()
            try store.setComponentStatus(id: component.id, status: .partialOutage, by: testActor)
            try expectBumped()
            let incident = try store.createIncident(title: text("i", "i"), impact: .minor, status: .investigating, body: LocalizedText(),
                                                    componentChanges: [], at: day(1), by: testActor)
            try expectBumped()
            _ = try store.addUpdate(incidentID: incident.id, status: .resolved, body: LocalizedText(), componentChanges: [], at: day(2), by: testActor)
            try expectBumped()
            let maintenance = try store.createMaintenance(title: text("m", "m"), body: LocalizedText(), startsAt: day(3), endsAt: day(4),
                                                          componentIDs: [component.id], createdAt: day(1), by: testActor)
            try expectBumped()
            try store.extendMaintenance(id: maintenance.id, endsAt: day(5), by: testActor)
            try expectBumped()
            try store.completeMaintenance(id: maintenance.id, at: day(4), by: testActor)
            try expectBumped()
            // A refused write changes nothing, the version included.
            #expect(throws: StoreError.self) { try store.cancelMaintenance(id: maintenance.id, at: day(4), by: testActor) }
            #expect(try store.dataVersion() == last)
            _ = try store.groups()
            #expect(try store.dataVersion() == last)
        }
    }
}
