import Foundation
import StatusModel
import StatusStore
import Testing
@testable import StatusSite

/// The per-post "notify subscribers" checkbox: its defaults, that preview keeps it, and that it
/// decides whether anything reaches the outbox.
@Suite(.serialized) struct AdminNotificationChoiceTests {
    static let incident: [(String, String)] = [
        ("title.sv", "Banksynk nere"), ("title.en", "Bank sync down"), ("body.sv", "Vi undersöker."), ("body.en", "Investigating."),
        ("impact", "major"), ("status", "investigating"), ("component.2", "major_outage"), ("action", "publish"),
    ]

    @Test func formsShowTheDefaultsAndPreviewKeepsTheChoice() throws {
        let site = try TestSite.withStaff()
        let editor = try site.signIn("editor@example.com")
        #expect(notifyBox(try editor.get("/admin/incidents/new").text) == true)
        #expect(notifyBox(try editor.get("/admin/maintenance/new").text) == true)
        let dashboard = try editor.get("/admin/").text
        #expect(notifyBox(dashboard, id: "c2-f-notify") == true)
        #expect(dashboard.contains("/admin/notifications"))

        // Preview without the box ticked keeps it unticked; with it ticked keeps it ticked.
        let off = try editor.post("/admin/incidents/new", Self.incident.map { $0.0 == "action" ? ("action", "preview") : $0 })
        #expect(off.status == 200)
        #expect(notifyBox(off.text) == false)
        let on = try editor.post("/admin/incidents/new", Self.incident.map { $0.0 == "action" ? ("action", "preview") : $0 }
            + [("notify", "1")])
        #expect(notifyBox(on.text) == true)
        // An error re-shows the form with the choice too.
        let invalid = try editor.post("/admin/incidents/new", [("impact", "major"), ("status", "investigating"), ("action", "publish")])
        #expect(invalid.status == 422)
        #expect(notifyBox(invalid.text) == false)
        #expect(try site.events().isEmpty)

        let created = try editor.post("/admin/incidents/new", Self.incident)
        #expect(created.status == 303)
        let incident = try #require(try site.store.activeIncidents().first)
        let page = try editor.get("/admin/incidents/\(incident.id)").text
        #expect(notifyBox(page, id: "update-f-notify") == true)
        #expect(notifyBox(page, id: "resolve-f-notify") == true)
        // Editing title/impact or an update's text has no such choice: edits never notify.
        #expect(notifyBox(page, id: "edit-f-notify") == nil)
        let update = try #require(incident.updates.first)
        #expect(notifyBox(try editor.get("/admin/updates/\(update.id)/edit").text) == nil)

        let maintenance = try site.store.createMaintenance(title: .both("Underhåll", "Maintenance"), body: LocalizedText(),
                                                           startsAt: testNow.addingTimeInterval(86_400),
                                                           endsAt: testNow.addingTimeInterval(90_000), componentIDs: [],
                                                           createdAt: testNow, by: .system("test"), notify: true)
        #expect(notifyBox(try editor.get("/admin/maintenance").text, id: "m\(maintenance.id)-f-notify") == false)
    }

    @Test func untickedWritesNoEventTickedWritesEventAndDeliveries() throws {
        let site = try TestSite.withStaff()
        let subscriber = try site.confirmedSubscriber("kund@example.se")
        let hook = try site.webhook()
        let editor = try site.signIn("editor@example.com")

        #expect(try editor.post("/admin/incidents/new", Self.incident).status == 303)
        let quiet = try #require(try site.store.activeIncidents().first)
        #expect(try site.events().isEmpty, "no notify box: nothing in the outbox")

        #expect(try editor.post("/admin/incidents/new", Self.incident + [("notify", "1")]).status == 303)
        var events = try site.events()
        try #require(events.count == 1)
        #expect(events[0].event.kind == .incidentCreated)
        let deliveries = try site.store.deliveries(eventID: events[0].event.id)
        #expect(deliveries.count == 2)
        #expect(Set(deliveries.map(\.channel)) == [.email, .webhook])
        #expect(deliveries.contains { $0.recipient == "kund@example.se" })
        #expect(deliveries.contains { $0.recipient == hook.url })
        #expect(subscriber > 0)

        // Updates and resolving: unticked stays quiet, ticked notifies.
        #expect(try editor.post("/admin/incidents/\(quiet.id)/updates", [("status", "identified"), ("body.sv", "Hittat."),
                                                                         ("body.en", "Found."), ("action", "publish")]).status == 303)
        #expect(try site.events().count == 1)
        #expect(try editor.post("/admin/incidents/\(quiet.id)/resolve", [("body.sv", "Klart."), ("body.en", "Done."),
                                                                         ("notify", "1"), ("action", "publish")]).status == 303)
        events = try site.events()
        #expect(events.count == 2)
        #expect(events.first?.event.kind == .incidentResolved)

        // Maintenance: planned with the box ticked is announced; extending without it is not.
        #expect(try editor.post("/admin/maintenance/new", [
            ("title.sv", "Underhåll"), ("title.en", "Maintenance"), ("starts_at", "2026-12-01T10:00"), ("ends_at", "2026-12-01T11:00"),
            ("notify", "1"), ("action", "publish"),
        ]).status == 303)
        #expect(try site.events().first?.event.kind == .maintenanceScheduled)
        let maintenance = try #require(try site.store.activeAndUpcomingMaintenances(now: testNow).first)
        #expect(try editor.post("/admin/maintenance/\(maintenance.id)/extend", [("ends_at", "2026-12-01T12:00")]).status == 303)
        #expect(try site.events().count == 3)
        #expect(try editor.post("/admin/maintenance/\(maintenance.id)/extend", [("ends_at", "2026-12-01T13:00"), ("notify", "1")])
            .status == 303)
        #expect(try site.events().count == 4)

        // The quick status change: unticked changes the status quietly, ticked tells the webhook.
        #expect(try editor.post("/admin/components/1/status", [("status", "degraded_performance")]).status == 303)
        #expect(try site.store.component(id: 1)?.status == .degradedPerformance)
        #expect(try site.events().count == 4)
        #expect(try editor.post("/admin/components/1/status", [("status", "major_outage"), ("notify", "1")]).status == 303)
        let change = try #require(try site.events().first)
        #expect(change.event.kind == .componentUpdated)
        #expect(try site.store.deliveries(eventID: change.event.id).map(\.channel) == [.webhook])
        #expect(try editor.post("/admin/components/1/status", [("status", "nonsense")]).status == 400)
    }
}
