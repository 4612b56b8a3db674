import Foundation
import SiteSettings
import StatusModel
import StatusPages
import Testing

/// A hand-built site: a group with two components, an ungrouped one, one under maintenance,
/// a hidden one, an active and a resolved incident, and maintenances in every state.
private enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_790_424_000) // 2026-09-26T12:00:00Z, CEST (+02:00)
    static let hour: TimeInterval = 3600
    static let day: TimeInterval = 86_400
    static let created = Date(timeIntervalSince1970: 1_735_689_600) // 2025-01-01T00:00:00Z, CET (+01:00)

    static let settings = SiteSettings(
        name: LocalizedText([.swedish: "Bokio drift", .english: "Bokio status"]), baseURL: "https://status.example.com/",
        timeZone: TimeZone(identifier: "Europe/Stockholm")!, languages: [.swedish, .english], supportURL: nil, logoPath: nil)

    static let groups = [ComponentGroup(id: 1, name: LocalizedText([.swedish: "Bokföring", .english: "Bookkeeping"]), position: 1)]
    static let components = [
        Component(id: 1, slug: "bank-sync", groupID: 1, name: LocalizedText([.swedish: "Banksynkronisering", .english: "Bank synchronisation"]),
                  position: 1, status: .partialOutage, createdAt: created),
        Component(id: 2, slug: "invoicing", groupID: 1, name: LocalizedText([.swedish: "Fakturering"]), position: 2, createdAt: created),
        Component(id: 3, slug: "login", name: LocalizedText([.swedish: "Inloggning", .english: "Login"]),
                  description: LocalizedText([.swedish: "Logga in med BankID", .english: "Sign in with BankID"]), position: 0, createdAt: created),
        Component(id: 4, slug: "internal-db", name: LocalizedText([.english: "Internal database"]), position: 3,
                  status: .majorOutage, isHidden: true, createdAt: created),
        Component(id: 5, slug: "reports", name: LocalizedText([.swedish: "Rapporter", .english: "Reports"]), position: 5, createdAt: created),
    ]
    static let activeIncident = Incident(
        id: 10, title: LocalizedText([.swedish: "Problem med banksynkronisering", .english: "Problems with bank synchronisation"]),
        impact: .major, status: .identified, startedAt: now - hour, componentIDs: [1], updates: [
            IncidentUpdate(id: 101, incidentID: 10, status: .identified, body: LocalizedText([.swedish: "Orsaken är hittad."]),
                           createdAt: now - hour / 2, componentChanges: [ComponentStatusChange(componentID: 1, status: .partialOutage)]),
            IncidentUpdate(id: 100, incidentID: 10, status: .investigating,
                           body: LocalizedText([.swedish: "Vi undersöker.", .english: "We are investigating."]), createdAt: now - hour,
                           componentChanges: [ComponentStatusChange(componentID: 1, status: .majorOutage),
                                              ComponentStatusChange(componentID: 4, status: .majorOutage)]),
        ])
    static let resolvedIncident = Incident(
        id: 9, title: LocalizedText([.swedish: "Långsam fakturering", .english: "Slow invoicing"]), impact: .minor, status: .resolved,
        startedAt: now - 2 * day, resolvedAt: now - 2 * day + 2 * hour, componentIDs: [2], updates: [
            IncidentUpdate(id: 90, incidentID: 9, status: .investigating, body: LocalizedText([.english: "Looking."]), createdAt: now - 2 * day),
            IncidentUpdate(id: 91, incidentID: 9, status: .monitoring, body: LocalizedText([.english: "Fix deployed."]), createdAt: now - 2 * day + hour),
            IncidentUpdate(id: 92, incidentID: 9, status: .resolved, body: LocalizedText([.english: "Resolved."]), createdAt: now - 2 * day + 2 * hour),
        ])
    static let inProgress = Maintenance(id: 20, title: LocalizedText([.swedish: "Uppgradering av rapporter", .english: "Reports upgrade"]),
                                        startsAt: now - hour / 2, endsAt: now + hour, componentIDs: [5], createdAt: now - 7 * day)
    static let upcoming = Maintenance(id: 21, title: LocalizedText([.swedish: "Byte av inloggning", .english: "Login migration"]),
                                      body: LocalizedText([.swedish: "Inloggning kan vara otillgänglig.", .english: "Login may be unavailable."]),
                                      startsAt: now + 2 * day, endsAt: now + 2 * day + 3 * hour, componentIDs: [3], createdAt: now - day)
    static let cancelled = Maintenance(id: 22, title: LocalizedText([.english: "Cancelled work"]), startsAt: now + day,
                                       endsAt: now + day + hour, cancelledAt: now - hour, createdAt: now - 3 * day)
    static let completed = Maintenance(id: 23, title: LocalizedText([.english: "Old work"]), startsAt: now - 10 * day,
                                       endsAt: now - 10 * day + 2 * hour, componentIDs: [4, 2], createdAt: now - 20 * day)

    static let snapshot = StatusSnapshot(groups: groups, components: components, incidents: [activeIncident, resolvedIncident],
                                         maintenances: [inProgress, upcoming, cancelled], windowStart: now - 90 * day, takenAt: now)

    static func json(_ document: StatuspageDocument, _ language: LanguageCode, snapshot: StatusSnapshot = snapshot,
                     recentIncidents: [Incident] = [resolvedIncident, activeIncident],
                     recentMaintenances: [Maintenance] = [completed, inProgress]) -> [UInt8] {
        StatuspageV2Encoder(settings: settings).encode(document, snapshot: snapshot, recentIncidents: recentIncidents,
                                                        recentMaintenances: recentMaintenances, language: language, now: now)
    }

    static func object(_ document: StatuspageDocument, _ language: LanguageCode, snapshot: StatusSnapshot = snapshot,
                       recentIncidents: [Incident] = [resolvedIncident, activeIncident]) throws -> [String: Any] {
        let bytes = json(document, language, snapshot: snapshot, recentIncidents: recentIncidents)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }
}

private func list(_ object: [String: Any], _ key: String) throws -> [[String: Any]] {
    try #require(object[key] as? [[String: Any]])
}

private func ids(_ items: [[String: Any]]) -> [String] { items.compactMap { $0["id"] as? String } }

@Suite struct StatuspageV2Tests {
    @Test func documentPathsAreStatuspages() {
        #expect(StatuspageDocument.allCases.map(\.path) == [
            "summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
            "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json",
        ])
        #expect(StatuspageDocument(path: "incidents/unresolved.json") == .unresolvedIncidents)
        #expect(StatuspageDocument(path: "nope.json") == nil)
    }

    @Test func pageObjectAndStatusInSwedish() throws {
        let summary = try Fixture.object(.summary, .swedish)
        let page = try #require(summary["page"] as? [String: Any])
        let pageID = try #require(page["id"] as? String)
        #expect(pageID.count == 12 && pageID.allSatisfy { $0.isLowercase || $0.isNumber })
        #expect(pageID == StatuspageV2Encoder(settings: Fixture.settings).pageID)
        #expect(page["name"] as? String == "Bokio drift")
        #expect(page["url"] as? String == "https://status.example.com")
        #expect(page["time_zone"] as? String == "Europe/Stockholm")
        // The latest past event: the maintenance window that started half an hour ago.
        #expect(page["updated_at"] as? String == "2026-09-26T13:30:00.000+02:00")
        let status = try #require(summary["status"] as? [String: Any])
        #expect(status["indicator"] as? String == "major")
        #expect(status["description"] as? String == "Delvis systemavbrott")
        let english = try #require(try Fixture.object(.status, .english)["status"] as? [String: String])
        #expect(english == ["indicator": "major", "description": "Partial System Outage"])
    }

    @Test func componentsInPageOrderWithGroupsAndWithoutHidden() throws {
        let components = try list(try Fixture.object(.components, .english), "components")
        #expect(ids(components) == ["3", "g1", "1", "2", "5"])
        let byID = Dictionary(uniqueKeysWithValues: components.map { ($0["id"] as? String ?? "", $0) })
        let group = try #require(byID["g1"])
        #expect(group["group"] as? Bool == true)
        #expect(group["components"] as? [String] == ["1", "2"])
        #expect(group["status"] as? String == "partial_outage")
        #expect(group["name"] as? String == "Bookkeeping")
        let bank = try #require(byID["1"])
        #expect(bank["name"] as? String == "Bank synchronisation")
        #expect(bank["group_id"] as? String == "g1")
        #expect(bank["group"] as? Bool == false)
        #expect(bank["status"] as? String == "partial_outage")
        #expect(bank["description"] is NSNull)
        #expect(bank["only_show_if_degraded"] as? Bool == false)
        #expect(bank["created_at"] as? String == "2025-01-01T01:00:00.000+01:00")
        #expect(bank["start_date"] as? String == "2025-01-01")
        #expect(bank["updated_at"] as? String == "2026-09-26T13:30:00.000+02:00")
        // Swedish only: English readers get the Swedish name rather than nothing.
        #expect(byID["2"]?["name"] as? String == "Fakturering")
        #expect(byID["3"]?["description"] as? String == "Sign in with BankID")
        #expect(byID["3"]?["group_id"] is NSNull)
        // The in-progress window puts Reports under maintenance.
        #expect(byID["5"]?["status"] as? String == "under_maintenance")
        for component in components {
            for key in ["id", "name", "status", "created_at", "updated_at", "position", "description", "showcase",
                        "start_date", "group_id", "page_id", "group", "only_show_if_degraded"] {
                #expect(component[key] != nil, "missing \(key)")
            }
        }
    }

    @Test func unresolvedIncidentWithUpdatesNewestFirst() throws {
        let summary = try Fixture.object(.summary, .english)
        let incidents = try list(summary, "incidents")
        #expect(ids(incidents) == ["10"])
        let incident = try #require(incidents.first)
        #expect(incident["name"] as? String == "Problems with bank synchronisation")
        #expect(incident["status"] as? String == "identified")
        #expect(incident["impact"] as? String == "major")
        #expect(incident["shortlink"] as? String == "https://status.example.com/en/incidents/10")
        #expect(incident["started_at"] as? String == "2026-09-26T13:00:00.000+02:00")
        #expect(incident["created_at"] as? String == "2026-09-26T13:00:00.000+02:00")
        #expect(incident["updated_at"] as? String == "2026-09-26T13:30:00.000+02:00")
        #expect(incident["monitoring_at"] is NSNull)
        #expect(incident["resolved_at"] is NSNull)
        #expect(ids(try list(incident, "components")) == ["1"])
        let updates = try list(incident, "incident_updates")
        #expect(ids(updates) == ["101", "100"])
        #expect(updates[0]["body"] as? String == "Orsaken är hittad.") // fallback to Swedish
        #expect(updates[1]["body"] as? String == "We are investigating.")
        #expect(updates[0]["incident_id"] as? String == "10")
        #expect(updates[0]["display_at"] as? String == "2026-09-26T13:30:00.000+02:00")
        let newest = try list(updates[0], "affected_components")
        #expect(newest.count == 1)
        #expect(newest.first?["code"] as? String == "1")
        #expect(newest.first?["name"] as? String == "Bank synchronisation")
        #expect(newest.first?["old_status"] as? String == "major_outage")
        #expect(newest.first?["new_status"] as? String == "partial_outage")
        // The hidden component's change is left out.
        let first = try list(updates[1], "affected_components")
        #expect(first.map { $0["code"] as? String } == ["1"])
        #expect(first.first?["old_status"] as? String == "operational")
    }

    @Test func allIncidentsNewestFirstResolvedOnesComplete() throws {
        let incidents = try list(try Fixture.object(.incidents, .swedish), "incidents")
        #expect(ids(incidents) == ["10", "9"])
        let resolved = incidents[1]
        #expect(resolved["status"] as? String == "resolved")
        #expect(resolved["monitoring_at"] as? String == "2026-09-24T15:00:00.000+02:00")
        #expect(resolved["resolved_at"] as? String == "2026-09-24T16:00:00.000+02:00")
        #expect(resolved["shortlink"] as? String == "https://status.example.com/sv/incidents/9")
        #expect(try list(resolved, "incident_updates").first?["affected_components"] is NSNull)
        #expect(ids(try list(try Fixture.object(.unresolvedIncidents, .swedish), "incidents")) == ["10"])
    }

    @Test func incidentListIsCappedAtFifty() throws {
        let many = (1...60).map { Incident(id: Int64(100 + $0), title: LocalizedText([.english: "Old \($0)"]), impact: .none,
                                           status: .resolved, startedAt: Fixture.now - Double($0) * Fixture.day,
                                           resolvedAt: Fixture.now - Double($0) * Fixture.day + 60) }
        let incidents = try list(try Fixture.object(.incidents, .english, recentIncidents: many), "incidents")
        #expect(incidents.count == 50)
        #expect(incidents.first?["id"] as? String == "10")
    }

    @Test func maintenancesByStateNewestFirstWithoutCancelled() throws {
        let all = try list(try Fixture.object(.scheduledMaintenances, .swedish), "scheduled_maintenances")
        #expect(ids(all) == ["m21", "m20", "m23"])
        #expect(ids(try list(try Fixture.object(.upcomingMaintenances, .swedish), "scheduled_maintenances")) == ["m21"])
        #expect(ids(try list(try Fixture.object(.activeMaintenances, .swedish), "scheduled_maintenances")) == ["m20"])
        #expect(ids(try list(try Fixture.object(.summary, .swedish), "scheduled_maintenances")) == ["m21", "m20"])

        let active = all[1]
        #expect(active["status"] as? String == "in_progress")
        #expect(active["impact"] as? String == "maintenance")
        #expect(active["name"] as? String == "Uppgradering av rapporter")
        #expect(active["scheduled_for"] as? String == "2026-09-26T13:30:00.000+02:00")
        #expect(active["scheduled_until"] as? String == "2026-09-26T15:00:00.000+02:00")
        #expect(active["shortlink"] as? String == "https://status.example.com/sv/maintenance/20")
        #expect(active["resolved_at"] is NSNull)
        let updates = try list(active, "incident_updates")
        #expect(updates.map { $0["status"] as? String } == ["in_progress", "scheduled"])
        #expect(updates[0]["body"] as? String == "Det planerade underhållet pågår. Vi uppdaterar vid behov.")
        #expect(updates[1]["body"] as? String == "Uppgradering av rapporter") // no body: the title
        #expect(try list(updates[0], "affected_components").first?["new_status"] as? String == "under_maintenance")

        let upcoming = all[0]
        #expect(try list(upcoming, "incident_updates").map { $0["body"] as? String } == ["Inloggning kan vara otillgänglig."])
        let done = all[2]
        #expect(done["status"] as? String == "completed")
        #expect(done["resolved_at"] as? String == "2026-09-16T16:00:00.000+02:00")
        #expect(ids(try list(done, "components")) == ["2"]) // the hidden one is left out
        #expect(try list(done, "incident_updates").map { $0["status"] as? String } == ["completed", "in_progress", "scheduled"])
    }

    @Test func allOperationalSaysSoInBothLanguages() throws {
        let calm = StatusSnapshot(groups: [], components: [Component(id: 1, slug: "a", name: LocalizedText([.english: "A"]),
                                                                     position: 1, createdAt: Fixture.created)],
                                  incidents: [], maintenances: [], windowStart: Fixture.now - Fixture.day, takenAt: Fixture.now)
        let english = try Fixture.object(.summary, .english, snapshot: calm, recentIncidents: [])
        #expect(english["status"] as? [String: String] == ["indicator": "none", "description": "All Systems Operational"])
        #expect(try list(english, "incidents").isEmpty)
        let swedish = try Fixture.object(.status, .swedish, snapshot: calm, recentIncidents: [])
        #expect(swedish["status"] as? [String: String] == ["indicator": "none", "description": "Alla system fungerar"])
    }

    @Test func bytesAreStableWithSortedKeysAndSafeEscapes() throws {
        let first = Fixture.json(.summary, .swedish)
        #expect(first == Fixture.json(.summary, .swedish))
        #expect(String(decoding: first, as: UTF8.self).hasPrefix(#"{"components":["#))
        let tricky = "Quote \" backslash \\ newline \n tab \t bell \u{7} separator \u{2028} <script>"
        var incident = Fixture.activeIncident
        incident.title = LocalizedText([.english: tricky])
        let snapshot = StatusSnapshot(groups: [], components: [], incidents: [incident], maintenances: [],
                                      windowStart: Fixture.now - Fixture.day, takenAt: Fixture.now)
        let bytes = Fixture.json(.unresolvedIncidents, .english, snapshot: snapshot, recentIncidents: [])
        #expect(!String(decoding: bytes, as: UTF8.self).contains("\u{2028}"))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(try list(decoded, "incidents").first?["name"] as? String == tricky)
    }

    /// Runs the docs-derived JSON Schemas over every document in both languages
    /// (needs `python3` with the `jsonschema` package on PATH).
    @Test func outputValidatesAgainstTheDocsSchemas() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("statuspage-v2-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for language in [LanguageCode.swedish, .english] {
            for document in StatuspageDocument.allCases {
                let file = directory.appendingPathComponent(language.rawValue).appendingPathComponent(document.path)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(Fixture.json(document, language)).write(to: file)
            }
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RealClients/validate_statuspage_json.py")
        let (status, text) = try runPython(script, ["--files", directory.path])
        print(text)
        #expect(status == 0, "\(text)")
        #expect(text.contains("24 passed, 0 failed"))
    }
}
