import Foundation
import StatusModel
import StatuspageImport
import Testing

/// The decoding of Statuspage's v2 documents: what each field becomes, and that every malformed
/// input names its file and field.
@Suite struct StatuspageImportDecoderTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000) // 2026-05-28

    static let components = """
        {"page": {"id": "abc123"}, "components": [
          {"id": "g1", "name": "Bokföring", "group": true, "position": 1, "description": null, "status": "operational",
           "created_at": "2026-01-01T00:00:00.000+01:00", "components": ["c1"]},
          {"id": "c1", "name": "Fakturering", "group": false, "group_id": "g1", "position": 2, "status": "partial_outage",
           "description": "Skicka fakturor", "created_at": "2026-01-02T10:00:00.000+01:00"},
          {"id": "c2", "name": "Inloggning", "position": 3, "status": "under_maintenance", "created_at": "2026-01-02T10:00:00Z"}
        ]}
        """
    static let incidents = """
        {"page": {"id": "abc123"}, "incidents": [
          {"id": "i1", "name": "Fakturor fastnar", "status": "resolved", "impact": "major",
           "created_at": "2026-05-01T10:00:00.000+02:00", "started_at": "2026-05-01T09:55:00.000+02:00",
           "resolved_at": "2026-05-01T12:00:00.000+02:00", "components": [{"id": "c1"}, {"id": "gone"}],
           "incident_updates": [
             {"id": "u2", "status": "resolved", "body": "Löst.", "created_at": "2026-05-01T12:00:00.000+02:00",
              "affected_components": [{"code": "c1", "old_status": "partial_outage", "new_status": "operational"}]},
             {"id": "u1", "status": "investigating", "body": "Vi undersöker.", "created_at": "2026-05-01T10:00:00.000+02:00",
              "affected_components": [{"code": "c1", "old_status": "operational", "new_status": "partial_outage"}]}
           ]},
          {"id": "i2", "name": "Postmortem done", "status": "postmortem", "impact": "none",
           "created_at": "2026-04-01T10:00:00Z", "resolved_at": null, "incident_updates": []}
        ]}
        """
    static let maintenances = """
        {"page": {"id": "abc123"}, "scheduled_maintenances": [
          {"id": "m1", "name": "Serverbyte", "status": "in_progress", "impact": "maintenance",
           "created_at": "2026-05-20T10:00:00Z", "scheduled_for": "2026-05-28T00:00:00Z", "scheduled_until": "2026-05-29T00:00:00Z",
           "components": [{"id": "c2"}],
           "incident_updates": [
             {"id": "m1-b", "status": "in_progress", "body": "Pågår.", "created_at": "2026-05-28T00:00:00Z"},
             {"id": "m1-a", "status": "scheduled", "body": "Vi byter servrar.", "created_at": "2026-05-20T10:00:00Z"}
           ]},
          {"id": "m2", "name": "Klart tidigt", "status": "completed",
           "created_at": "2026-05-01T10:00:00Z", "scheduled_for": "2026-05-02T00:00:00Z", "scheduled_until": "2026-05-02T06:00:00Z",
           "resolved_at": "2026-05-02T04:00:00Z", "incident_updates": [
             {"id": "m2-a", "status": "scheduled", "body": "Klart tidigt", "created_at": "2026-05-01T10:00:00Z"}]}
        ]}
        """

    static func decode(components: String = components, incidents: String = incidents, maintenances: String = maintenances) throws -> ImportBatch {
        try StatuspageImportDecoder(now: now).decode(StatuspageExport(
            components: Array(components.utf8), incidents: Array(incidents.utf8), maintenances: Array(maintenances.utf8)))
    }

    static func time(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func decodesGroupsComponentsIncidentsAndMaintenance() throws {
        let batch = try Self.decode()
        #expect(batch.pageID == "abc123")
        #expect(batch.groups == [ImportedGroup(externalID: "g1", name: "Bokföring", position: 1)])
        #expect(batch.components.map(\.externalID) == ["c1", "c2"])
        #expect(batch.components[0].groupExternalID == "g1")
        #expect(batch.components[0].status == .partialOutage)
        #expect(batch.components[0].description == "Skicka fakturor")
        #expect(batch.components[0].createdAt == Self.time("2026-01-02T09:00:00Z"))
        // Shown under maintenance because window m1 runs now: the window says so, the component is operational.
        #expect(batch.components[1].status == .operational)

        let incident = try #require(batch.incidents.first)
        #expect(incident.title == "Fakturor fastnar")
        #expect(incident.impact == .major)
        #expect(incident.status == .resolved)
        #expect(incident.startedAt == Self.time("2026-05-01T07:55:00Z"))
        #expect(incident.resolvedAt == Self.time("2026-05-01T10:00:00Z"))
        #expect(incident.componentExternalIDs == ["c1"])
        #expect(incident.updates.map(\.externalID) == ["u1", "u2"], "oldest first")
        #expect(incident.updates[0].changes == [ImportedStatusChange(componentExternalID: "c1", status: .partialOutage)])
        #expect(incident.updates[1].status == .resolved)
        #expect(batch.warnings.count == 1 && batch.warnings[0].contains("incidents[0].components[1]"))

        // "postmortem" is resolved; without resolved_at or updates it ended when it started.
        #expect(batch.incidents[1].status == .resolved)
        #expect(batch.incidents[1].resolvedAt == Self.time("2026-04-01T10:00:00Z"))

        let window = try #require(batch.maintenances.first)
        #expect(window.body == "Vi byter servrar.", "the announcement is the oldest update")
        #expect(window.componentExternalIDs == ["c2"])
        #expect(window.completedAt == nil)
        #expect(batch.maintenances[1].completedAt == Self.time("2026-05-02T04:00:00Z"), "finished early")
        #expect(batch.maintenances[1].body == "", "a body that only repeats the title is no body")
    }

    @Test func maintenanceListedAmongIncidentsBecomesAMaintenanceOnce() throws {
        let entry = """
            {"id": "m1", "name": "Serverbyte", "status": "scheduled", "impact": "maintenance", "created_at": "2026-05-20T10:00:00Z",
             "scheduled_for": "2026-06-28T00:00:00Z", "scheduled_until": "2026-06-29T00:00:00Z", "incident_updates": []},
            {"id": "m9", "name": "Bara i incidents.json", "status": "scheduled", "impact": "maintenance", "created_at": "2026-05-20T10:00:00Z",
             "scheduled_for": "2026-06-28T00:00:00Z", "scheduled_until": "2026-06-29T00:00:00Z", "incident_updates": []},
            """
        let batch = try Self.decode(incidents: Self.incidents.replacingOccurrences(of: "\"incidents\": [", with: "\"incidents\": [" + entry))
        #expect(batch.maintenances.map(\.externalID) == ["m1", "m2", "m9"])
        #expect(batch.incidents.map(\.externalID) == ["i1", "i2"])
    }

    /// The error names the file and the field for each kind of damage.
    @Test(arguments: [
        ("incidents", "{\"page\": ", "incidents.json: not valid JSON"),
        ("incidents", "\"body\": \"Vi undersöker.\", \"created_at\": \"2026-05-01T10:00:00.000+02:00\"",
         "incidents.json: incidents[0].incident_updates[1].created_at: not an ISO 8601 time: 'yesterday'"),
        ("incidents", "\"name\": \"Fakturor fastnar\", ", "incidents.json: incidents[0].name: missing"),
        ("incidents", "\"impact\": \"major\"", "incidents.json: incidents[0].impact: unknown value 'huge' (expected one of none, minor, major, critical)"),
        ("components", "\"status\": \"partial_outage\"", "components.json: components[1].status: unknown value 'on_fire'"),
        ("components", "\"group_id\": \"g1\"", "components.json: components[1].group_id: no group with id 'g7' in this file"),
        ("maintenances", "\"scheduled_until\": \"2026-05-29T00:00:00Z\"",
         "scheduled-maintenances.json: scheduled_maintenances[0].scheduled_until: must be after scheduled_for"),
        ("maintenances", "\"status\": \"in_progress\", \"impact\"", "scheduled-maintenances.json: scheduled_maintenances[0].status: unknown value 'later'"),
        ("components", "\"name\": \"Inloggning\"", "components.json: components[2].name: contains line breaks, control or bidi control characters"),
        ("components", "{\"page\": {\"id\": \"abc123\"}", "components.json: page.id: missing"),
        ("incidents", "{\"page\": {\"id\": \"abc123\"}", "incidents.json: page.id: 'other' is another page than components.json's 'abc123'"),
    ])
    func malformedInputNamesFileAndField(file: String, original: String, expected: String) throws {
        let damaged: [String: String] = [
            "{\"page\": ": "[{",
            "\"body\": \"Vi undersöker.\", \"created_at\": \"2026-05-01T10:00:00.000+02:00\"": "\"body\": \"Vi undersöker.\", \"created_at\": \"yesterday\"",
            "\"name\": \"Fakturor fastnar\", ": "",
            "\"impact\": \"major\"": "\"impact\": \"huge\"",
            "\"status\": \"partial_outage\"": "\"status\": \"on_fire\"",
            "\"group_id\": \"g1\"": "\"group_id\": \"g7\"",
            "\"scheduled_until\": \"2026-05-29T00:00:00Z\"": "\"scheduled_until\": \"2026-05-27T00:00:00Z\"",
            "\"status\": \"in_progress\", \"impact\"": "\"status\": \"later\", \"impact\"",
            "\"name\": \"Inloggning\"": "\"name\": \"Inlogg\\u202Ening\"",
            "{\"page\": {\"id\": \"abc123\"}": file == "components" ? "{\"page\": {}" : "{\"page\": {\"id\": \"other\"}",
        ]
        let replacement = try #require(damaged[original])
        func damage(_ text: String, _ name: String) throws -> String {
            guard name == file else { return text }
            #expect(text.contains(original), "fixture must contain \(original)")
            return text.replacingOccurrences(of: original, with: replacement)
        }
        do {
            _ = try Self.decode(components: damage(Self.components, "components"), incidents: damage(Self.incidents, "incidents"),
                                maintenances: damage(Self.maintenances, "maintenances"))
            Issue.record("decoded although damaged: \(expected)")
        } catch let error as StatuspageImportError {
            #expect(error.description.hasPrefix(expected), "\(error)")
        }
    }

    @Test func slugsAreURLSafeAndUnique() {
        #expect(ImportRules.slug(for: "Bank-synk & Öppet API", taken: []) == "bank-synk-oppet-api")
        #expect(ImportRules.slug(for: "Login", taken: ["login", "login-2"]) == "login-3")
        #expect(ImportRules.slug(for: "<<>>", taken: []) == "component")
        #expect(ImportRules.slug(for: String(repeating: "a", count: 100), taken: []).count <= 64)
    }
}
