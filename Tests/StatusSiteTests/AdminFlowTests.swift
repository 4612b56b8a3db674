import Foundation
import StatusModel
import StatusStore
import Testing
@testable import StatusSite

/// Publishing through the admin UI end to end, and what customers then see.
@Suite(.serialized) struct AdminFlowTests {
    @Test func fullIncidentFlowReachesThePublicPagesAndTheAuditLog() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let form = try admin.get("/admin/incidents/new")
        #expect(form.status == 200)
        #expect(form.text.contains("name=\"title.sv\"") && form.text.contains("name=\"title.en\""))
        #expect(form.text.contains("name=\"component.2\""))

        let created = try admin.post("/admin/incidents/new", [
            ("title.sv", "Banksynkroniseringen är nere"), ("title.en", "Bank synchronisation is down"),
            ("body.sv", "Vi undersöker felet."), ("body.en", "We are investigating."),
            ("impact", "major"), ("status", "investigating"), ("component.1", ""), ("component.2", "major_outage"),
            ("action", "publish"),
        ])
        #expect(created.status == 303)
        let location = try #require(created.header("Location"))
        #expect(location.hasPrefix("/admin/incidents/"))
        let incident = try #require(try site.store.activeIncidents().first)
        #expect(incident.componentIDs == [2])
        #expect(try site.store.component(id: 2)?.status == .majorOutage)

        let first = try admin.post("/admin/incidents/\(incident.id)/updates", [
            ("status", "identified"), ("body.sv", "Orsaken är hittad."), ("body.en", "The cause is found."), ("action", "publish"),
        ])
        #expect(first.status == 303)
        let second = try admin.post("/admin/incidents/\(incident.id)/updates", [
            ("status", "monitoring"), ("body.sv", "En rättning är på plats."), ("body.en", "A fix is in place."),
            ("component.2", "degraded_performance"), ("action", "publish"),
        ])
        #expect(second.status == 303)
        let resolved = try admin.post("/admin/incidents/\(incident.id)/resolve", [
            ("body.sv", "Allt fungerar igen."), ("body.en", "Everything works again."), ("action", "publish"),
        ])
        #expect(resolved.status == 303)
        #expect(try site.store.incident(id: incident.id)?.status == .resolved)
        #expect(try site.store.component(id: 2)?.status == .operational)

        let sv = try site.get("/sv/").text, en = try site.get("/en/").text
        #expect(sv.contains("Banksynkroniseringen är nere"))
        #expect(en.contains("Bank synchronisation is down"))
        let permalink = try site.get("/en/incidents/\(incident.id)").text
        for text in ["We are investigating.", "The cause is found.", "A fix is in place.", "Everything works again."] {
            #expect(permalink.contains(text), "\(text)")
        }
        #expect(try site.get("/sv/history").text.contains("Banksynkroniseringen är nere"))

        let audit = try admin.get("/admin/audit")
        #expect(audit.status == 200)
        let actions = try site.store.auditEntries(before: nil, limit: 100).map(\.action)
        #expect(actions.filter { $0.hasPrefix("incident") || $0.hasPrefix("update") }.count >= 4, "\(actions)")
        for action in Set(actions) { #expect(audit.text.contains(action)) }
        #expect(audit.text.contains("Ada Admin"))

        let detail = try admin.get("/admin/incidents/\(incident.id)")
        #expect(detail.status == 200)
        #expect(detail.text.contains("Allt fungerar igen."))
    }

    @Test func previewShowsThePublicRenderingAndMissingTranslationsWithoutPublishing() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let before = try site.store.auditEntries(before: nil, limit: 1000).count
        let preview = try admin.post("/admin/incidents/new", [
            ("title.sv", "Inloggningen är långsam"), ("title.en", ""), ("body.sv", "Vi tittar på det."), ("body.en", ""),
            ("impact", "minor"), ("status", "investigating"), ("component.1", "degraded_performance"), ("action", "preview"),
        ])
        #expect(preview.status == 200)
        let html = preview.text
        #expect(html.contains("Text saknas på engelska: rubrik, meddelande"))
        #expect(html.contains("class=\"preview-frame\""))
        #expect(html.contains("class=\"permalink\"")) // the public incident template
        #expect(html.contains("Endast tillgängligt på svenska") || html.contains("Only available in Swedish"))
        #expect(html.contains("value=\"Inloggningen är långsam\""))
        #expect(try site.store.activeIncidents().isEmpty)
        #expect(try site.store.auditEntries(before: nil, limit: 1000).count == before)
        #expect(!(try site.get("/sv/").text.contains("Inloggningen är långsam")))
    }

    @Test func validationErrorsSitNextToTheFieldAndKeepWhatWasTyped() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let response = try admin.post("/admin/incidents/new", [
            ("title.sv", ""), ("title.en", ""), ("body.sv", "Det här skrev jag själv"), ("body.en", "My own words"),
            ("impact", "minor"), ("status", "investigating"), ("action", "publish"),
        ])
        #expect(response.status == 422)
        let html = response.text
        #expect(html.contains("Det här skrev jag själv") && html.contains("My own words"))
        // The message is inside the title field's block, right before its input.
        let error = try #require(html.range(of: "id=\"f-title-sv-error\">Fyll i det här fältet.</p>"))
        let input = try #require(html.range(of: "id=\"f-title-sv\" name=\"title.sv\""))
        #expect(error.upperBound < input.lowerBound)
        #expect(html.distance(from: error.upperBound, to: input.lowerBound) < 200)
        #expect(try site.store.activeIncidents().isEmpty)

        let english = try site.client.send("POST", "/admin/incidents/new?lang=en", headers: [
            ("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", admin.cookie),
        ], body: formBody([("csrf", try admin.csrfToken()), ("title.sv", String(repeating: "x", count: 201)), ("body.sv", "b"),
                           ("impact", "minor"), ("status", "investigating"), ("action", "publish")]))
        #expect(english.status == 422)
        #expect(english.text.contains("Too long: at most 200 characters."))
    }

    @Test func maintenanceEnteredInLocalTimeIsStoredInUTC() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let form = try admin.get("/admin/maintenance/new").text
        #expect(form.contains("type=\"datetime-local\""))
        #expect(form.contains("Tider i Europe/Stockholm (CET/CEST)"))
        let response = try admin.post("/admin/maintenance/new", [
            ("title.sv", "Uppgradering"), ("title.en", "Upgrade"), ("starts_at", "2026-09-26T18:00"), ("ends_at", "2026-09-26T20:00"),
            ("component.1", "1"), ("action", "publish"),
        ])
        #expect(response.status == 303)
        let maintenance = try #require(try site.store.recentMaintenances(limit: 5).first)
        #expect(maintenance.startsAt == ISO8601DateFormatter().date(from: "2026-09-26T16:00:00Z"))
        #expect(maintenance.endsAt == ISO8601DateFormatter().date(from: "2026-09-26T18:00:00Z"))
        #expect(maintenance.componentIDs == [1])
    }

    @Test func daylightSavingEdgesAreReadByTheStatedRule() throws {
        let reader = LocalTimeInput(timeZone: try #require(TimeZone(identifier: "Europe/Stockholm")))
        let iso = ISO8601DateFormatter()
        #expect(reader.read("2026-09-26T18:00") == .exact(try #require(iso.date(from: "2026-09-26T16:00:00Z"))))
        #expect(reader.read("2026-12-01T18:00") == .exact(try #require(iso.date(from: "2026-12-01T17:00:00Z"))))
        // 25 October 2026: 02:30 happens twice; the first (CEST) is used.
        #expect(reader.read("2026-10-25T02:30") == .ambiguous(try #require(iso.date(from: "2026-10-25T00:30:00Z"))))
        // 29 March 2026: 02:30 never happens; read as 03:30 CEST.
        #expect(reader.read("2026-03-29T02:30") == .skipped(try #require(iso.date(from: "2026-03-29T01:30:00Z"))))
        #expect(reader.read("2026-02-30T10:00") == nil)
        #expect(reader.read("2026-09-26 18:00:00")?.date == iso.date(from: "2026-09-26T16:00:00Z"))
        #expect(reader.read("tomorrow") == nil)
        #expect(reader.text(try #require(iso.date(from: "2026-09-26T16:00:00Z"))) == "2026-09-26T18:00")
    }

    @Test func templatesPrefillTheIncidentFormAndTokensShowOnce() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        #expect(try admin.post("/admin/templates/new", [("name", "Bank"), ("title.sv", "Bankfel"), ("title.en", "Bank problem"),
                                                          ("body.sv", "Vi undersöker."), ("body.en", "Investigating.")]).status == 303)
        let template = try #require(try site.store.templates().first)
        let form = try admin.get("/admin/incidents/new?template=\(template.id)").text
        #expect(form.contains("value=\"Bankfel\"") && form.contains("Investigating."))

        let created = try admin.post("/admin/tokens", [("name", "monitor"), ("role", "editor")])
        #expect(created.status == 200)
        let token = try #require(created.text.range(of: "ds_[A-Za-z0-9_-]{43}", options: .regularExpression).map { String(created.text[$0]) })
        #expect(!(try admin.get("/admin/tokens").text.contains(token)))
        let stored = try #require(try site.store.tokens().first)
        #expect(try admin.post("/admin/tokens/\(stored.id)/revoke", []).status == 303)
        #expect(try site.store.tokens().first?.isRevoked == true)
    }

    @Test func componentsAreManagedAndDeletedOnlyWhenUnusedOrConfirmed() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        #expect(try admin.post("/admin/components/new", [("slug", "reports"), ("name.sv", "Rapporter"), ("name.en", "Reports")]).status == 303)
        let bad = try admin.post("/admin/components/new", [("slug", "Bad Slug"), ("name.sv", "X")])
        #expect(bad.status == 422 && bad.text.contains("value=\"Bad Slug\""))
        #expect(try admin.post("/admin/components/3/move", [("direction", "up")]).status == 303)
        #expect(try admin.post("/admin/components/3/visibility", [("hidden", "1")]).status == 303)
        #expect(try site.store.component(id: 3)?.isHidden == true)
        _ = try admin.post("/admin/incidents/new", [("title.sv", "T"), ("title.en", "T"), ("body.sv", "B"), ("body.en", "B"),
                                                    ("impact", "minor"), ("status", "investigating"), ("component.1", "major_outage"),
                                                    ("action", "publish")])
        #expect(try admin.post("/admin/components/1/delete", []).status == 409)
        #expect(try site.store.component(id: 1) != nil)
        #expect(try admin.post("/admin/components/1/delete", [("confirm", "1")]).status == 303)
        #expect(try site.store.component(id: 1) == nil)
        #expect(try admin.post("/admin/components/3/delete", []).status == 303)
    }
}
