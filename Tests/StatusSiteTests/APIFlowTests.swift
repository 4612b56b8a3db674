import Foundation
import StatusModel
@testable import StatusSite
import Testing

/// What a monitoring script does, end to end, and what customers and the audit log see after.
@Suite struct APIFlowTests {
    @Test func scriptOpensUpdatesTwiceAndResolvesAnIncident() throws {
        let api = try APITestSite()
        // The public page is rendered (and cached) before the script starts.
        #expect(try api.site.get("/sv/").status == 200)

        let created = try api.editor("POST", "/api/v1/incidents", json: """
            {"title": {"sv": "Inloggningen är långsam", "en": "Sign-in is slow"},
             "body": {"sv": "Vi undersöker varför.", "en": "We are looking into why."},
             "impact": "minor", "status": "investigating",
             "components": [{"component": "login", "status": "degraded_performance"}]}
            """)
        #expect(created.status == 201)
        let incident = try #require(created.json?["incident"])
        let id = try #require(incident["id"]?.integerValue)
        #expect(created.header("Location") == "/api/v1/incidents/\(id)")
        #expect(created.json?["warnings"]?.arrayValue?.isEmpty == true)
        #expect(incident["started_at"]?.stringValue == "2026-11-25T13:00:00Z")
        #expect(incident["permalinks"]?["en"]?.stringValue?.hasSuffix("/en/incidents/\(id)") == true)
        // The cached page shows it on the very next request.
        #expect(try api.site.get("/sv/").text.contains("Inloggningen är långsam"))
        #expect(try api.site.get("/en/").text.contains("Sign-in is slow"))

        let first = try api.editor("POST", "/api/v1/incidents/\(id)/updates", json: """
            {"status": "identified", "body": {"sv": "En trasig cache.", "en": "A broken cache."},
             "components": [{"component": "login", "status": "partial_outage"}]}
            """)
        #expect(first.status == 201)
        #expect(first.header("Location") == "/api/v1/incidents/\(id)")
        #expect(first.json?["update"]?["components"]?.arrayValue?.first?["status"]?.stringValue == "partial_outage")
        let second = try api.editor("POST", "/api/v1/incidents/\(id)/updates", json: """
            {"status": "monitoring", "body": {"sv": "Åtgärdat, vi bevakar.", "en": "Fixed, monitoring."}}
            """)
        #expect(second.status == 201)
        let login = try #require(try api.editor("GET", "/api/v1/components").json?["components"]?.arrayValue?
            .first { $0["slug"]?.stringValue == "login" })
        #expect(login["status"]?.stringValue == "partial_outage")

        let resolved = try api.editor("POST", "/api/v1/incidents/\(id)/resolve", json: """
            {"body": {"sv": "Allt fungerar igen.", "en": "All is well again."}}
            """)
        #expect(resolved.status == 200)
        #expect(resolved.json?["incident"]?["status"]?.stringValue == "resolved")
        #expect(resolved.json?["incident"]?["resolved_at"]?.stringValue == "2026-11-25T13:00:00Z")
        #expect(resolved.json?["incident"]?["updates"]?.arrayValue?.count == 4)
        let after = try api.editor("GET", "/api/v1/components")
        #expect(after.json?["components"]?.arrayValue?.first { $0["slug"]?.stringValue == "login" }?["status"]?.stringValue == "operational")

        // Customers see all of it, in both languages.
        for (language, texts) in [("sv", ["Inloggningen är långsam", "En trasig cache.", "Åtgärdat, vi bevakar.", "Allt fungerar igen."]),
                                  ("en", ["Sign-in is slow", "A broken cache.", "Fixed, monitoring.", "All is well again."])] {
            let permalink = try api.site.get("/\(language)/incidents/\(id)")
            #expect(permalink.status == 200)
            for text in texts { #expect(permalink.text.contains(text), "\(language) permalink: \(text)") }
            #expect(try api.site.get("/\(language)/").text.contains(texts[0]), "\(language) home")
            #expect(try api.site.get("/\(language)/history").text.contains(texts[0]), "\(language) history")
        }
        let reread = try api.editor("GET", "/api/v1/incidents/\(id)")
        #expect(reread.json?["incident"] == resolved.json?["incident"])

        // The audit log has every step, by the token, by name.
        let entries = try api.store.auditEntries(before: nil, limit: 100).filter { $0.actor.kind == .token }
        #expect(entries.map(\.action).reversed() == ["incident.create", "update.create", "update.create", "incident.resolve"])
        #expect(entries.allSatisfy { $0.actor.name == "monitoring" && $0.actor.role == .editor })
    }

    @Test func retriedCreateWithTheSameKeyReturnsTheSameIncident() throws {
        let api = try APITestSite()
        let key = [("Idempotency-Key", "alert-4711")]
        let first = try api.editor("POST", "/api/v1/incidents", json: APITestSite.incidentJSON, headers: key)
        let retry = try api.editor("POST", "/api/v1/incidents", json: APITestSite.incidentJSON, headers: key)
        #expect(first.status == 201 && retry.status == 201)
        #expect(first.text == retry.text)
        #expect(retry.header("Location") == first.header("Location"))
        #expect(retry.header("Idempotent-Replayed") == "true")
        #expect(try api.store.recentIncidents(limit: 10).count == 1)

        // Same key, different body: refused, nothing written.
        let changed = try api.editor("POST", "/api/v1/incidents", json: APITestSite.incidentJSON.replacingOccurrences(of: "major", with: "minor"),
                                     headers: key)
        #expect(changed.status == 409)
        #expect(changed.isProblem)
        #expect(try api.store.recentIncidents(limit: 10).count == 1)

        // Keys belong to their token: another token's key of the same name is a new request.
        let other = try api.call("POST", "/api/v1/incidents", token: api.adminToken, json: APITestSite.incidentJSON, headers: key)
        #expect(other.status == 201)
        #expect(other.json?["incident"]?["id"] != first.json?["incident"]?["id"])

        // After 24 hours the key is forgotten and the same request creates again.
        api.site.clock.set(testNow.addingTimeInterval(24 * 3600 + 1))
        let later = try api.editor("POST", "/api/v1/incidents", json: APITestSite.incidentJSON, headers: key)
        #expect(later.status == 201)
        #expect(later.header("Idempotent-Replayed") == nil)
        #expect(try api.store.recentIncidents(limit: 10).count == 3)
    }

    @Test func aRefusedRequestIsNotRememberedUnderItsKey() throws {
        let api = try APITestSite()
        let key = [("Idempotency-Key", "k1")]
        let bad = try api.editor("POST", "/api/v1/maintenances", json: #"{"title": {"sv": "x"}}"#, headers: key)
        #expect(bad.status == 422)
        let retry = try api.editor("POST", "/api/v1/maintenances", json: #"{"title": {"sv": "x"}}"#, headers: key)
        #expect(retry.status == 422 && retry.header("Idempotent-Replayed") == nil)
        let badKey = try api.editor("POST", "/api/v1/incidents", json: APITestSite.incidentJSON, headers: [("Idempotency-Key", "with space")])
        #expect(badKey.status == 422)
        #expect(badKey.fieldErrors == ["Idempotency-Key: invalid"])
    }

    @Test func concurrentRetriesCreateOnce() async throws {
        let api = try APITestSite()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    _ = try? api.editor("POST", "/api/v1/incidents", json: APITestSite.incidentJSON, headers: [("Idempotency-Key", "same")])
                }
            }
        }
        #expect(try api.store.recentIncidents(limit: 10).count == 1)
    }

    @Test func maintenanceIsPlannedShownAndCancelledOnce() throws {
        let api = try APITestSite()
        let id = try api.createMaintenance()
        let maintenance = try #require(try api.editor("GET", "/api/v1/maintenances/\(id)").json?["maintenance"])
        #expect(maintenance["starts_at"]?.stringValue == "2026-11-26T22:00:00Z")
        #expect(maintenance["ends_at"]?.stringValue == "2026-11-27T00:00:00Z")
        #expect(maintenance["status"]?.stringValue == "scheduled")
        #expect(try api.site.get("/en/").text.contains("Maintenance"))
        let cancelled = try api.editor("POST", "/api/v1/maintenances/\(id)/cancel")
        #expect(cancelled.status == 200)
        #expect(cancelled.json?["maintenance"]?["status"]?.stringValue == "cancelled")
        let again = try api.editor("POST", "/api/v1/maintenances/\(id)/cancel")
        #expect(again.status == 409 && again.isProblem)

        // A window that has run its course cannot be cancelled either.
        let past = try api.createMaintenance(APITestSite.maintenanceJSON)
        api.site.clock.set(testNow.addingTimeInterval(3 * 86400))
        #expect(try api.editor("POST", "/api/v1/maintenances/\(past)/cancel").status == 409)
        #expect(try api.editor("GET", "/api/v1/maintenances/\(past)").json?["maintenance"]?["status"]?.stringValue == "completed")
        let list = try api.editor("GET", "/api/v1/maintenances?limit=1")
        #expect(list.json?["maintenances"]?.arrayValue?.count == 1)
    }

    @Test func missingTranslationsAreWarningsNotErrors() throws {
        let api = try APITestSite()
        let result = try api.editor("POST", "/api/v1/incidents", json: """
            {"title": {"sv": "Bara svenska"}, "body": {"sv": "Text", "en": "Text"}, "impact": "none"}
            """)
        #expect(result.status == 201)
        let warnings = result.json?["warnings"]?.arrayValue ?? []
        #expect(warnings.compactMap { $0["field"]?.stringValue } == ["title.en"])
        #expect(warnings.first?["code"]?.stringValue == "missing_translation")
    }

    @Test func componentsAreFoundByIdOrSlug() throws {
        let api = try APITestSite()
        let components = try #require(try api.editor("GET", "/api/v1/components").json?["components"]?.arrayValue)
        let id = try #require(components.first { $0["slug"]?.stringValue == "login" }?["id"]?.integerValue)
        let byID = try api.editor("PUT", "/api/v1/components/\(id)", json: #"{"status": "under_maintenance"}"#)
        #expect(byID.json?["component"]?["status"]?.stringValue == "under_maintenance")
        let bySlug = try api.editor("PATCH", "/api/v1/components/login", json: #"{"status": "operational"}"#)
        #expect(bySlug.json?["component"]?["status"]?.stringValue == "operational")
        #expect(try api.editor("PUT", "/api/v1/components/nope", json: #"{"status": "operational"}"#).status == 404)
        let audit = try api.store.auditEntries(before: nil, limit: 10).first
        #expect(audit?.actor.name == "monitoring")
        // An incident naming the component by its numeric id.
        let incident = try api.editor("POST", "/api/v1/incidents", json: """
            {"title": {"sv": "A", "en": "A"}, "body": {"sv": "B", "en": "B"}, "impact": "minor",
             "components": [{"component": \(id), "status": "major_outage"}]}
            """)
        #expect(incident.json?["incident"]?["components"]?.arrayValue?.first?["slug"]?.stringValue == "login")
    }

    @Test func editChangesTitleAndImpactOnly() throws {
        let api = try APITestSite()
        let id = try api.createIncident()
        let edited = try api.editor("PATCH", "/api/v1/incidents/\(id)", json: #"{"title": {"sv": "Ny", "en": "New"}}"#)
        #expect(edited.status == 200)
        #expect(edited.json?["incident"]?["title"]?["en"]?.stringValue == "New")
        #expect(edited.json?["incident"]?["impact"]?.stringValue == "major")
        let impact = try api.editor("PATCH", "/api/v1/incidents/\(id)", json: #"{"impact": "critical"}"#)
        #expect(impact.json?["incident"]?["title"]?["sv"]?.stringValue == "Ny")
        #expect(impact.json?["incident"]?["impact"]?.stringValue == "critical")
        #expect(try api.site.get("/en/incidents/\(id)").text.contains("New"))
    }
}
