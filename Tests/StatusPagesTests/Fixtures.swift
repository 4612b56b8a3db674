import Foundation
import SiteSettings
import StatusModel
@testable import StatusPages

/// Hand-built values and helpers shared by the page tests.
enum Fixtures {
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    static let stockholm = TimeZone(identifier: "Europe/Stockholm")!

    static let settings = SiteSettings(
        name: LocalizedText([.swedish: "Driftstatus", .english: "Service status"]),
        baseURL: "https://status.example.se", timeZone: stockholm, languages: [.swedish, .english],
        supportURL: "https://example.se/support", logoPath: nil)

    static func renderer(_ settings: SiteSettings = settings) throws -> PageRenderer {
        try PageRenderer(siteDirectory: repositoryRoot, settings: settings)
    }

    /// "2026-11-23T11:00:00Z" → Date.
    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    /// Monday 23 November 2026, 12:00 in Stockholm.
    static let now = date("2026-11-23T11:00:00Z")

    static func context(_ language: LanguageCode, path: String = "/", remember: Bool = true) -> PageContext {
        PageContext(language: language, now: now, pathWithoutLanguage: path, assetVersion: "abc123", rememberLanguageChoice: remember)
    }

    static func text(_ sv: String, _ en: String) -> LocalizedText { LocalizedText([.swedish: sv, .english: en]) }

    static let created = date("2026-01-01T00:00:00Z")

    static let groups = [
        ComponentGroup(id: 1, name: text("Bokföring", "Bookkeeping"), position: 1),
        ComponentGroup(id: 2, name: text("Integrationer", "Integrations"), position: 3, isCollapsed: true),
    ]

    static let components = [
        Component(id: 1, slug: "login", name: text("Inloggning", "Login"), description: text("Logga in på kontot", "Signing in"),
                  position: 0, createdAt: created),
        Component(id: 2, slug: "invoicing", groupID: 1, name: text("Fakturering", "Invoicing"), position: 1, createdAt: created),
        Component(id: 3, slug: "bank-sync", groupID: 2, name: text("Banksynkronisering", "Bank synchronisation"), position: 1,
                  status: .majorOutage, createdAt: created),
        Component(id: 4, slug: "secret", name: text("Hemlig intern tjänst", "Secret internal service"), position: 2,
                  isHidden: true, createdAt: created),
        Component(id: 5, slug: "reports", groupID: 1, name: text("Rapporter", "Reports"), position: 2, createdAt: date("2026-11-01T00:00:00Z")),
    ]

    static let activeIncident = Incident(
        id: 12, title: text("Banksynkroniseringen fungerar inte", "Bank synchronisation is down"), impact: .major, status: .identified,
        startedAt: date("2026-11-23T08:05:00Z"), componentIDs: [3, 4],
        updates: [
            IncidentUpdate(id: 1, incidentID: 12, status: .investigating, body: text("Vi undersöker.\nMer snart.", "We are investigating.\nMore soon."),
                           createdAt: date("2026-11-23T08:05:00Z"), componentChanges: [ComponentStatusChange(componentID: 3, status: .partialOutage)]),
            IncidentUpdate(id: 2, incidentID: 12, status: .identified, body: text("Orsaken är hittad.", "The cause is found."),
                           createdAt: date("2026-11-23T09:30:00Z"), componentChanges: [ComponentStatusChange(componentID: 3, status: .majorOutage)]),
        ])

    static let resolvedIncident = Incident(
        id: 11, title: text("Långsam fakturering", "Slow invoicing"), impact: .minor, status: .resolved,
        startedAt: date("2026-11-20T09:00:00Z"), resolvedAt: date("2026-11-20T11:15:00Z"), componentIDs: [2],
        updates: [
            IncidentUpdate(id: 3, incidentID: 11, status: .investigating, body: text("Fakturor skapas långsamt.", "Invoices are slow."),
                           createdAt: date("2026-11-20T09:00:00Z")),
            IncidentUpdate(id: 4, incidentID: 11, status: .resolved, body: text("Åtgärdat.", "Fixed."), createdAt: date("2026-11-20T11:15:00Z")),
        ])

    /// 26 September 2026 18:00 – 27 September 06:00 Stockholm time.
    static let septemberWindow = Maintenance(
        id: 3, title: text("Uppgradering av databasen", "Database upgrade"), body: text("Tjänsten är otillgänglig.", "The service is unavailable."),
        startsAt: date("2026-09-26T16:00:00Z"), endsAt: date("2026-09-27T04:00:00Z"), componentIDs: [1, 2], createdAt: created)

    /// 25 October 2026 01:30 CEST – 03:30 CET: across the end of summer time.
    static let dstWindow = Maintenance(
        id: 4, title: text("Nattligt underhåll", "Night maintenance"), startsAt: date("2026-10-24T23:30:00Z"),
        endsAt: date("2026-10-25T02:30:00Z"), componentIDs: [2], createdAt: created)

    static let upcoming = Maintenance(
        id: 5, title: text("Planerat serverbyte", "Planned server change"), startsAt: date("2026-11-28T17:00:00Z"),
        endsAt: date("2026-11-28T19:00:00Z"), componentIDs: [1], createdAt: created)

    static func snapshot(components: [Component] = components, incidents: [Incident] = [activeIncident, resolvedIncident],
                         maintenances: [Maintenance] = [upcoming]) -> StatusSnapshot {
        StatusSnapshot(groups: groups, components: components, incidents: incidents, maintenances: maintenances,
                       windowStart: date("2026-08-25T00:00:00Z"), takenAt: now)
    }

    /// The page as text without tags, whitespace collapsed: what a reader sees.
    static func visibleText(_ html: String) -> String {
        let inline = "</?(time|a|span|bdi|strong|svg|path|circle|rect)\\b[^>]*>"
        let withoutInline = html.replacingOccurrences(of: inline, with: "", options: .regularExpression)
        let withoutTags = withoutInline.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        return withoutTags.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}

/// Runs a Python validator script and returns its exit status and combined output.
func runPython(_ script: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}
