import Foundation
import GRDB
import StatusModel
@testable import StatusStore
import Testing

/// `importBatch`: one transaction keyed on source ids, texts in one language, nobody notified.
@Suite struct ImportBatchTests {
    static let batch = ImportBatch(
        pageID: "page1",
        groups: [ImportedGroup(externalID: "g", name: "Webb", position: 1)],
        components: [ImportedComponent(externalID: "c", groupExternalID: "g", name: "Inloggning & BankID", position: 2,
                                       status: .degradedPerformance, createdAt: day(0))],
        incidents: [ImportedIncident(
            externalID: "i", title: "Trög inloggning", impact: .minor, status: .resolved, startedAt: day(3), resolvedAt: day(3, hour: 2),
            componentExternalIDs: ["c"],
            updates: [ImportedUpdate(externalID: "u1", status: .investigating, body: "Vi tittar.", createdAt: day(3),
                                     changes: [ImportedStatusChange(componentExternalID: "c", status: .degradedPerformance)]),
                      ImportedUpdate(externalID: "u2", status: .resolved, body: "Löst.", createdAt: day(3, hour: 2))],
            postmortem: ImportedPostmortem(body: "Orsaken var en full disk.", publishedAt: day(4)))],
        maintenances: [ImportedMaintenance(externalID: "m", title: "Serverbyte", body: "Ingen inloggning.", startsAt: day(10),
                                           endsAt: day(10, hour: 4), componentExternalIDs: ["c"], createdAt: day(2))])

    static func run(_ store: StatusStore, _ batch: ImportBatch = batch, language: LanguageCode = .swedish, dryRun: Bool = false) throws -> ImportReport {
        try store.importBatch(batch, source: "statuspage", language: language, at: day(5), by: .system("import"), dryRun: dryRun)
    }

    static func count(_ store: StatusStore, _ table: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    @Test func importsOnceThenUpdatesInPlaceKeepingOtherLanguages() throws {
        try withStore { store in
            let first = try Self.run(store)
            #expect(first.created[.incident] == ["Trög inloggning"])
            #expect(first.created[.incidentUpdate]?.count == 2)
            let component = try #require(try store.components().first)
            #expect(component.slug == "inloggning-bankid")
            #expect(component.status == .degradedPerformance)
            #expect(component.groupID == (try store.groups().first?.id))
            let incident = try #require(try store.incident(id: try store.incidentIDs()[0]))
            #expect(incident.updates.map(\.body) == [LocalizedText([.swedish: "Vi tittar."]), LocalizedText([.swedish: "Löst."])])
            #expect(incident.updates[0].componentChanges == [ComponentStatusChange(componentID: component.id, status: .degradedPerformance)])
            #expect(incident.resolvedAt == day(3, hour: 2))
            #expect(incident.postmortem?.body == LocalizedText([.swedish: "Orsaken var en full disk."]))
            #expect(incident.postmortem?.publishedAt == day(4))

            // Staff translate the title; a re-run changes nothing and keeps the translation.
            try store.write { db in
                try LocalizedTexts.save(LocalizedText([.swedish: "Trög inloggning", .english: "Slow sign-in"]), owner: .incident,
                                        id: incident.id, field: .title, in: db)
            }
            let again = try Self.run(store)
            #expect(!again.changedAnything)
            #expect(again.unchanged[.incident] == 1 && again.unchanged[.incidentUpdate] == 2 && again.unchanged[.maintenance] == 1)
            #expect(try store.incident(id: incident.id)?.title == LocalizedText([.swedish: "Trög inloggning", .english: "Slow sign-in"]))
            #expect(try Self.count(store, "incident") == 1 && Self.count(store, "incident_update") == 2 && Self.count(store, "component") == 1)

            // A changed source updates the same rows; a longer window is a new calendar revision.
            var changed = Self.batch
            changed.incidents[0].title = "Mycket trög inloggning"
            changed.maintenances[0].endsAt = day(10, hour: 6)
            let third = try Self.run(store, changed)
            #expect(third.updated[.incident] == ["Mycket trög inloggning"])
            #expect(third.updated[.maintenance] == ["Serverbyte"])
            #expect(try store.incident(id: incident.id)?.title[.english] == "Slow sign-in")
            let window = try #require(try store.maintenance(id: try store.maintenanceIDs()[0]))
            #expect(window.endsAt == day(10, hour: 6) && window.revision == 1)
            #expect(try Self.count(store, "incident") == 1 && Self.count(store, "maintenance") == 1)
        }
    }

    @Test func nobodyIsNotifiedAndTheAuditNamesTheImport() throws {
        try withStore { store in
            _ = try Self.run(store)
            #expect(try Self.count(store, "notification_event") == 0)
            #expect(try store.remindOfMaintenance(at: day(9, hour: 12), lead: 86_400) == 0)
            #expect(try store.announceMaintenanceTransitions(at: day(10, hour: 1), notBefore: day(0)) == 0)
            #expect(try Self.count(store, "notification_event") == 0)
            let entries = try store.auditEntries(before: nil, limit: 50)
            // The group, the component, the incident (its record carries its updates) and the window.
            #expect(entries.map(\.entityType) == ["maintenance", "incident", "component", "component_group"])
            #expect(entries.allSatisfy { $0.actor.kind == .system && $0.actor.name == "import" && $0.action == "import.create" })
        }
    }

    @Test func dryRunReportsTheSameAndWritesNothing() throws {
        try withStore { store in
            let version = try store.dataVersion()
            let dry = try Self.run(store, dryRun: true)
            #expect(dry.created[.component] == ["Inloggning & BankID"])
            #expect(try store.dataVersion() == version)
            #expect(try Self.count(store, "component") == 0 && Self.count(store, "import_source_id") == 0)
            #expect(try Self.run(store) == dry)
            #expect(try store.dataVersion() == version + 1, "one transaction")
        }
    }

    @Test func aRecordStaffDeletedIsCreatedAgain() throws {
        try withStore { store in
            _ = try Self.run(store)
            try store.write { db in try db.execute(sql: "DELETE FROM incident") }
            let report = try Self.run(store)
            #expect(report.created[.incident] == ["Trög inloggning"])
            #expect(report.created[.incidentUpdate]?.count == 2)
            #expect(try Self.count(store, "incident") == 1)
        }
    }
}
