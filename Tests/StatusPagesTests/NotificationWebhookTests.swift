import Foundation
import StatusModel
import Testing
@testable import StatusPages

@Suite struct NotificationWebhookTests {
    /// Statuspage's timestamps: ISO 8601 with milliseconds and the site's offset.
    static let timestamp = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$"#

    func payload(_ event: NotificationEvent, _ language: LanguageCode = .english) throws -> [String: Any] {
        let bytes = try NotificationFixtures.renderer().webhookPayload(for: event, language: language)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    func object(_ value: Any?) throws -> [String: Any] { try #require(value as? [String: Any]) }

    func isTimestamp(_ value: Any?) -> Bool {
        (value as? String)?.range(of: Self.timestamp, options: .regularExpression) != nil
    }

    /// Staff reminders (`incident.stale`) never go to webhooks.
    static let webhookKinds = NotificationEventKind.allCases.filter { !$0.isForStaff }

    @Test(arguments: webhookKinds)
    func metaAndPageForEveryKind(kind: NotificationEventKind) throws {
        let event = NotificationFixtures.event(for: kind)
        let json = try payload(event)
        let meta = try object(json["meta"])
        #expect(meta["event_id"] as? String == event.publicID)
        #expect(meta["event_type"] as? String == kind.rawValue)
        #expect(meta["unsubscribe"] as? String == "https://status.example.se/en/")
        #expect((meta["documentation"] as? String)?.hasPrefix("https://") == true)
        #expect(isTimestamp(meta["generated_at"]))
        let page = try object(json["page"])
        #expect(page["id"] as? String == StatuspageV2Encoder(settings: Fixtures.settings).pageID)
        #expect(page["status_indicator"] is String && page["status_description"] is String)
        let expectedKeys: Set<String> = kind == .componentUpdated ? ["meta", "page", "component_update", "component"] : ["meta", "page", "incident"]
        #expect(Set(json.keys) == expectedKeys)
    }

    @Test func incidentPayloadIsTheAPIIncidentWithItsUpdates() throws {
        let event = NotificationFixtures.incidentEvent(.incidentUpdated)
        let json = try payload(event)
        // Bank sync (visible) is in a major outage: Statuspage's "critical".
        #expect(try object(json["page"])["status_indicator"] as? String == "critical")
        #expect(try object(json["page"])["status_description"] as? String == "Major System Outage")
        let incident = try object(json["incident"])
        #expect(incident["id"] as? String == "12")
        #expect(incident["name"] as? String == "Bank synchronisation is down")
        #expect(incident["status"] as? String == "identified")
        #expect(incident["impact"] as? String == "major")
        #expect(incident["shortlink"] as? String == "https://status.example.se/en/incidents/12")
        for key in ["created_at", "updated_at", "started_at"] { #expect(isTimestamp(incident[key]), "\(key)") }
        #expect(incident["created_at"] as? String == "2026-11-23T09:05:00.000+01:00")
        let updates = try #require(incident["incident_updates"] as? [[String: Any]])
        #expect(updates.map { $0["id"] as? String } == ["2", "1"])
        #expect(updates.first?["body"] as? String == "The cause is found.")
        let components = try #require(incident["components"] as? [[String: Any]])
        #expect(components.map { $0["id"] as? String } == ["3"], "the hidden component 4 is left out")
        let swedish = try payload(event, .swedish)
        #expect(try object(swedish["incident"])["name"] as? String == "Banksynkroniseringen fungerar inte")
        #expect(try object(swedish["page"])["status_description"] as? String == "Omfattande systemavbrott")
    }

    @Test func maintenanceIsSentAsAnIncidentWithItsWindow() throws {
        let json = try payload(NotificationFixtures.maintenanceEvent(.maintenanceStarted))
        let incident = try object(json["incident"])
        #expect(incident["id"] as? String == "m3")
        #expect(incident["status"] as? String == "in_progress")
        #expect(incident["impact"] as? String == "maintenance")
        #expect(incident["scheduled_for"] as? String == "2026-09-26T18:00:00.000+02:00")
        #expect(incident["scheduled_until"] as? String == "2026-09-27T06:00:00.000+02:00")
        #expect(try object(json["page"])["status_indicator"] as? String == "critical", "bank sync's outage outranks maintenance")
        let cancelled = try object(try payload(NotificationFixtures.maintenanceEvent(.maintenanceCancelled))["incident"])
        #expect(cancelled["status"] as? String == "cancelled")
    }

    @Test func componentPayloadHasTheUpdateAndTheComponent() throws {
        let event = NotificationFixtures.event(for: .componentUpdated)
        let json = try payload(event)
        let update = try object(json["component_update"])
        #expect(update["id"] as? String == event.publicID)
        #expect(update["component_id"] as? String == "3")
        #expect(update["old_status"] as? String == "partial_outage")
        #expect(update["new_status"] as? String == "major_outage")
        #expect(update["created_at"] as? String == "2026-11-23T12:00:00.000+01:00")
        let component = try object(json["component"])
        #expect(component["id"] as? String == "3")
        #expect(component["name"] as? String == "Bank synchronisation")
        #expect(component["status"] as? String == "major_outage")
        #expect(component["updated_at"] as? String == "2026-11-23T12:00:00.000+01:00")
        #expect(isTimestamp(component["created_at"]))
    }

    @Test func pageIndicatorComesFromTheEventsComponents() throws {
        let calm = Fixtures.components.map { component -> Component in
            var copy = component
            copy.status = component.isHidden ? .majorOutage : .operational
            return copy
        }
        var event = NotificationFixtures.event(.componentUpdated, subject: .component(calm[0], previousStatus: .degradedPerformance),
                                               components: calm)
        #expect(try object(try payload(event)["page"])["status_indicator"] as? String == "none", "hidden components do not count")
        event.components[1].status = .degradedPerformance
        #expect(try object(try payload(event)["page"])["status_indicator"] as? String == "minor")
    }

    @Test func sameEventGivesTheSameBytes() throws {
        let renderer = try NotificationFixtures.renderer()
        let event = NotificationFixtures.incidentEvent(.incidentCreated)
        #expect(renderer.webhookPayload(for: event, language: .swedish) == renderer.webhookPayload(for: event, language: .swedish))
        let custom = renderer.webhookPayload(for: event, language: .swedish, unsubscribeURL: "https://status.example.se/admin/webhooks/4")
        #expect(String(decoding: custom, as: UTF8.self).contains(#""unsubscribe":"https://status.example.se/admin/webhooks/4""#))
    }

    /// Every kind in both languages through the schemas written from Statuspage's webhook docs
    /// (needs `python3` with the `jsonschema` package on PATH, as the API v2 schema test does).
    @Test func payloadsValidateAgainstTheWebhookSchemas() throws {
        let renderer = try NotificationFixtures.renderer()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("webhooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for kind in Self.webhookKinds {
            for language in [LanguageCode.swedish, .english] {
                let name = (kind == .componentUpdated ? "component" : "incident") + "-\(kind.rawValue)-\(language).json"
                try Data(renderer.webhookPayload(for: NotificationFixtures.event(for: kind), language: language))
                    .write(to: directory.appendingPathComponent(name))
            }
        }
        let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/Schemas/statuspage-v2/validate_webhooks.py")
        let (status, text) = try runPython(script, [directory.path])
        #expect(status == 0, "\(text)")
        #expect(text.contains("\(Self.webhookKinds.count * 2) passed, 0 failed"), "\(text)")
    }
}
