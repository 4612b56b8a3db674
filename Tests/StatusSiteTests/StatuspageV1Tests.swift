import Foundation
import StatusModel
@testable import StatusSite
import StatusStore
import Testing

/// Statuspage's REST API v1 (`/v1/pages/{page_id}/...`) against a real server: the flows status
/// scripts run, its authentication, and its Statuspage-shaped errors.
@Suite("Statuspage API v1")
struct StatuspageV1Tests {
    static let base = "/v1/pages/driftstatus"

    /// The API test site with a Statuspage-style client: `Authorization: OAuth <token>`.
    struct Client {
        let api: APITestSite
        let token: String

        func send(_ method: String, _ path: String, json: String? = nil, headers: [(String, String)] = []) throws -> APIResult {
            try api.call(method, StatuspageV1Tests.base + path, json: json, headers: [("Authorization", "OAuth \(token)")] + headers)
        }
    }

    func client(language: LanguageCode? = nil, role: StaffRole = .editor) throws -> (APITestSite, Client) {
        let api = try APITestSite()
        let token = try api.site.application.auth.createToken(name: "statuspage-\(role)", role: role, language: language,
                                                              by: .system("test"), now: testNow).token
        return (api, Client(api: api, token: token))
    }

    func componentID(_ api: APITestSite, _ slug: String) throws -> Int64 {
        try #require(try api.store.components().first { $0.slug == slug }?.id)
    }

    @Test("create with components -> update -> resolve; unresolved lists it meanwhile")
    func incidentLifecycle() throws {
        let (api, client) = try client()
        let bank = try componentID(api, "bank-sync")
        let created = try client.send("POST", "/incidents", json: """
            {"incident": {"name": "Banksynk försenad", "status": "investigating", "body": "Vi undersöker.",
             "component_ids": ["\(bank)"], "components": {"\(bank)": "partial_outage"}, "deliver_notifications": false}}
            """)
        #expect(created.status == 201, "\(created.text)")
        let incident = try #require(created.json)
        let id = try #require(incident["id"]?.stringValue)
        #expect(incident["status"]?.stringValue == "investigating")
        #expect(incident["impact"]?.stringValue == "major")  // computed from partial_outage, as Statuspage does
        #expect(incident["page_id"]?.stringValue == "driftstatus")
        #expect(incident["components"]?.arrayValue?.first?["status"]?.stringValue == "partial_outage")
        #expect(try api.store.component(id: bank)?.status == .partialOutage)

        let unresolved = try client.send("GET", "/incidents/unresolved")
        #expect(unresolved.json?.arrayValue?.compactMap { $0["id"]?.stringValue } == [id])
        // Statuspage's ".json" spelling of the same path.
        #expect(try client.send("GET", "/incidents/unresolved.json").json?.arrayValue?.count == 1)

        let updated = try client.send("PATCH", "/incidents/\(id)", json: """
            {"incident": {"status": "identified", "body": "Orsaken är hittad.", "components": {"\(bank)": "degraded_performance"}}}
            """)
        #expect(updated.status == 200, "\(updated.text)")
        #expect(updated.json?["status"]?.stringValue == "identified")
        #expect(updated.json?["incident_updates"]?.arrayValue?.count == 2)
        #expect(updated.json?["incident_updates"]?.arrayValue?.first?["body"]?.stringValue == "Orsaken är hittad.")
        #expect(try api.store.component(id: bank)?.status == .degradedPerformance)

        let resolved = try client.send("PUT", "/incidents/\(id)", json: """
            {"incident": {"status": "resolved", "body": "Allt fungerar igen."}}
            """)
        #expect(resolved.status == 200, "\(resolved.text)")
        #expect(resolved.json?["status"]?.stringValue == "resolved")
        #expect(resolved.json?["resolved_at"]?.stringValue != nil)
        #expect(try api.store.component(id: bank)?.status == .operational)
        #expect(try client.send("GET", "/incidents/unresolved").json?.arrayValue?.isEmpty == true)
        #expect(try client.send("GET", "/incidents").json?.arrayValue?.first?["id"]?.stringValue == id)

        // An update's text edited through incident_updates.
        let updateID = try #require(resolved.json?["incident_updates"]?.arrayValue?.first?["id"]?.stringValue)
        let edited = try client.send("PATCH", "/incidents/\(id)/incident_updates/\(updateID)",
                                     json: #"{"incident_update": {"body": "Allt fungerar igen sedan 14:10."}}"#)
        #expect(edited.status == 200, "\(edited.text)")
        #expect(edited.json?["body"]?.stringValue == "Allt fungerar igen sedan 14:10.")

        // Every write went through publishing: audited as the token.
        let audit = try api.store.auditEntries(before: nil, limit: 20)
        #expect(audit.contains { $0.action.hasPrefix("incident") && $0.actor.name == "statuspage-editor" })
    }

    @Test("a component's status is set with api_key, and the public JSON shows it")
    func componentStatus() throws {
        let (api, client) = try client()
        let login = try componentID(api, "login")
        let path = "\(Self.base)/components/\(login)?api_key=\(client.token)"
        let set = try api.call("PATCH", path, json: #"{"component": {"status": "major_outage"}}"#)
        #expect(set.status == 200, "\(set.text)")
        #expect(set.json?["status"]?.stringValue == "major_outage")
        #expect(set.json?["id"]?.stringValue == String(login))
        let summary = try api.site.get("/api/v2/summary.json")
        let components = try #require(try APIJSONParser().parse(summary.body)["components"]?.arrayValue)
        #expect(components.first { $0["id"]?.stringValue == String(login) }?["status"]?.stringValue == "major_outage")
        let list = try client.send("GET", "/components")
        #expect(list.json?.arrayValue?.count == 2)
    }

    @Test("a scheduled incident is a planned maintenance; DELETE cancels it")
    func scheduledIncident() throws {
        let (api, client) = try client()
        let login = try componentID(api, "login")
        let created = try client.send("POST", "/incidents", json: """
            {"incident": {"name": "Databasuppgradering", "status": "scheduled", "body": "Inloggning kan vara nere.",
             "scheduled_for": "2026-11-26T22:00:00Z", "scheduled_until": "2026-11-27T00:00:00Z",
             "scheduled_remind_prior": true, "scheduled_auto_in_progress": true, "scheduled_auto_completed": true,
             "component_ids": ["\(login)"], "metadata": {"jira": {"issue": "OPS-1"}}}}
            """)
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.json?["id"]?.stringValue)
        #expect(id.hasPrefix("m"))
        #expect(created.json?["status"]?.stringValue == "scheduled")
        #expect(created.json?["impact"]?.stringValue == "maintenance")
        let maintenanceID = try #require(Int64(id.dropFirst()))
        let maintenance = try #require(try api.store.maintenance(id: maintenanceID))
        #expect(maintenance.componentIDs == [login])
        #expect(maintenance.startsAt == RFC3339.parse("2026-11-26T22:00:00Z"))
        #expect(try client.send("GET", "/incidents/upcoming").json?.arrayValue?.compactMap { $0["id"]?.stringValue } == [id])
        #expect(try client.send("GET", "/incidents/scheduled").json?.arrayValue?.count == 1)
        #expect(try client.send("GET", "/incidents/active_maintenance").json?.arrayValue?.isEmpty == true)

        let started = try client.send("PATCH", "/incidents/\(id)", json: #"{"incident": {"status": "in_progress"}}"#)
        #expect(started.status == 200, "\(started.text)")
        #expect(started.json?["status"]?.stringValue == "in_progress")
        #expect(try client.send("GET", "/incidents/active_maintenance").json?.arrayValue?.count == 1)

        let deleted = try client.send("DELETE", "/incidents/\(id)")
        #expect(deleted.status == 200, "\(deleted.text)")
        #expect(try api.store.maintenance(id: maintenance.id)?.cancelledAt != nil)
        #expect(try client.send("GET", "/incidents/active_maintenance").json?.arrayValue?.isEmpty == true)
    }

    @Test("OAuth, Bearer and api_key authenticate; missing, wrong, revoked tokens and other pages do not")
    func authentication() throws {
        let (api, client) = try client()
        #expect(try client.send("GET", "/components").status == 200)
        #expect(try api.call("GET", "\(Self.base)/components", headers: [("Authorization", "Bearer \(client.token)")]).status == 200)
        #expect(try api.call("GET", "\(Self.base)/components?api_key=\(client.token)").status == 200)

        let missing = try api.call("GET", "\(Self.base)/components")
        #expect(missing.status == 401)
        #expect(missing.json?["error"]?.stringValue?.contains("OAuth") == true)
        let wrong = try api.call("GET", "\(Self.base)/components", headers: [("Authorization", "OAuth ds_" + String(repeating: "x", count: 43))])
        #expect(wrong.status == 401)
        #expect(wrong.json?["error"]?.stringValue != nil)

        let made = try api.site.application.auth.createToken(name: "old", role: .admin, by: .system("test"), now: testNow)
        try api.site.application.auth.revokeToken(id: made.1.id, by: .system("test"), now: testNow)
        #expect(try api.call("GET", "\(Self.base)/components", headers: [("Authorization", "OAuth \(made.token)")]).status == 401)

        let otherPage = try api.call("GET", "/v1/pages/kctbh9vrtdwd/components", headers: [("Authorization", "OAuth \(client.token)")])
        #expect(otherPage.status == 404)
        #expect(otherPage.json?["error"]?.stringValue?.contains("page") == true)

        // Renaming a component changes the site itself: admin tokens only. Its status: editors too.
        let login = try componentID(api, "login")
        let rename = #"{"component": {"name": "Logga in"}}"#
        #expect(try client.send("PATCH", "/components/\(login)", json: rename).status == 403)
        let admin = try api.site.application.auth.createToken(name: "admin", role: .admin, by: .system("test"), now: testNow).token
        let renamed = try api.call("PATCH", "\(Self.base)/components/\(login)", json: rename, headers: [("Authorization", "OAuth \(admin)")])
        #expect(renamed.status == 200, "\(renamed.text)")
        #expect(renamed.json?["name"]?.stringValue == "Logga in")
    }

    @Test("bad input gets Statuspage's error shape and a fitting 4xx; what is not implemented says so")
    func errorShapes() throws {
        let (api, client) = try client()
        let bank = try componentID(api, "bank-sync")
        func expectError(_ result: APIResult, _ status: Int, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(result.status == status, "\(result.text)", sourceLocation: sourceLocation)
            #expect(result.json?["error"]?.stringValue?.contains(fragment) == true, "\(result.text)", sourceLocation: sourceLocation)
            #expect(result.header("Content-Type") == "application/json; charset=utf-8", sourceLocation: sourceLocation)
        }
        expectError(try client.send("POST", "/incidents", json: #"{"incident": {"name": "x""#), 400, "not valid JSON")
        expectError(try client.send("POST", "/incidents", json: #"{"name": "x"}"#), 400, "'incident'")
        expectError(try client.send("POST", "/incidents", json: #"{"incident": {"name": "x", "body": "y", "status": "exploded"}}"#),
                    422, "'exploded' is not one of")
        expectError(try client.send("POST", "/incidents", json: #"{"incident": {"name": "x", "body": "y", "components": {"999": "major_outage"}}}"#),
                    422, "component '999' does not exist")
        expectError(try client.send("POST", "/incidents", json: #"{"incident": {"name": "x", "body": "y", "components": {"\#(bank)": "on_fire"}}}"#),
                    422, "'on_fire' is not one of")
        expectError(try client.send("POST", "/incidents", json: #"{"incident": {"body": "y"}}"#), 422, "name is required")
        expectError(try client.send("POST", "/incidents", json: #"{"incident": {"name": 5}}"#), 422, "must be a string")
        expectError(try client.send("PATCH", "/components/999", json: #"{"component": {"status": "operational"}}"#), 404, "not found")
        expectError(try client.send("GET", "/incidents/12345"), 404, "not found")
        let huge = "{\"incident\": {\"name\": \"x\", \"body\": \"" + String(repeating: "a", count: 600 * 1024) + "\"}}"
        expectError(try client.send("POST", "/incidents", json: huge), 413, "larger than")
        expectError(try client.send("GET", "/subscribers"), 501, "Subscribers")
        expectError(try client.send("GET", "/metrics"), 501, "Metrics")
        expectError(try client.send("GET", "/incident_templates"), 501, "templates")
        expectError(try client.send("GET", "/page_access_users"), 501, "Page access users")
        expectError(try client.send("POST", "/components", json: "{}"), 405, "not allowed")
        expectError(try client.send("GET", "/nonsense"), 404, "unknown path")
        let incident = try client.send("POST", "/incidents", json: #"{"incident": {"name": "x", "body": "y"}}"#)
        let id = try #require(incident.json?["id"]?.stringValue)
        expectError(try client.send("GET", "/incidents/\(id)/postmortem"), 501, "postmortem")
        let delete = try client.send("DELETE", "/incidents/\(id)")
        expectError(delete, 405, "resolve it")
        #expect(delete.header("Allow")?.contains("PATCH") == true)
        expectError(try client.send("PATCH", "/incidents/\(id)", json: #"{"incident": {"status": "monitoring"}}"#), 422, "body is required")
        expectError(try client.send("POST", "/incidents", json: #"{"incident": {"name": "x", "backfilled": true}}"#), 501, "Backfilling")
        expectError(try client.send("POST", "/incidents", json: """
            {"incident": {"name": "x", "status": "resolved", "scheduled_for": "2026-11-26T22:00:00Z", "scheduled_until": "2026-11-26T23:00:00Z"}}
            """), 422, "scheduled incident's status")
        expectError(try client.send("POST", "/incidents", json: #"{"incident": {"name": "x", "status": "scheduled"}}"#), 422, "scheduled_for is required")
    }

    @Test("texts are stored in the token's language; the other language shows the fallback note")
    func tokenLanguage() throws {
        let (api, client) = try client(language: .english)
        let created = try client.send("POST", "/incidents", json: #"{"incident": {"name": "Payments delayed", "body": "We are looking into it."}}"#)
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.json?["id"]?.stringValue.flatMap { Int64($0) })
        let incident = try #require(try api.store.incident(id: id))
        #expect(incident.title.values == [.english: "Payments delayed"])
        let english = try api.site.get("/en/incidents/\(id)")
        #expect(english.text.contains("Payments delayed"))
        #expect(!english.text.contains("Only available in"))
        let swedish = try api.site.get("/sv/incidents/\(id)")
        #expect(swedish.status == 200)
        #expect(swedish.text.contains("Payments delayed"))
        #expect(swedish.text.contains("Endast tillgängligt på"))

        // Without a language the token writes the site's first language (Swedish here).
        let (plainAPI, plain) = try self.client()
        let svCreated = try plain.send("POST", "/incidents", json: #"{"incident": {"name": "Betalningar försenade", "body": "Vi undersöker."}}"#)
        let svID = try #require(svCreated.json?["id"]?.stringValue.flatMap { Int64($0) })
        #expect(try plainAPI.store.incident(id: svID)?.title.values == [.swedish: "Betalningar försenade"])
    }

    @Test("the OpenAPI table and the router agree on every path's methods")
    func documentedMethodsMatchRoutes() {
        var documented: [String: Set<String>] = [:]
        for operation in StatuspageV1OpenAPI.operations { documented[operation.path, default: []].insert(operation.method) }
        #expect(documented.count == 9)
        for (path, methods) in documented {
            let concrete = path.replacingOccurrences(of: "{incident_id}", with: "1")
                .replacingOccurrences(of: "{incident_update_id}", with: "1").replacingOccurrences(of: "{component_id}", with: "1")
            #expect(Set(StatuspageV1Route(concrete.split(separator: "/")).methods) == methods, "\(path)")
        }
    }
}
