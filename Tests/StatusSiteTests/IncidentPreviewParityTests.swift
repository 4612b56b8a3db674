import Foundation
import StatusModel
import StatusStore
import Testing
import TestSupport

/// Preview == publish over real HTTP: with overlapping incidents, what the admin preview shows for
/// the incident and the components' statuses is what the public page and the Statuspage-compatible
/// JSON show once the same form is published.
@Suite("Incident preview matches what is published")
struct IncidentPreviewParityTests {
    @Test func overlappingIncidentsPreviewWhatPublishingDoes() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let login: Int64 = 1, sync: Int64 = 2
        let a = try open(site, admin, title: "A", [login: .majorOutage])
        let b = try open(site, admin, title: "B", [login: .degradedPerformance, sync: .partialOutage])
        // The newest word on a component is what it shows.
        try #require(try statuses(site) == [login: .degradedPerformance, sync: .partialOutage])

        try check(site, admin, "/admin/incidents/\(a)/updates", incident: a, status: "identified",
                  changes: [login: .majorOutage], expect: [login: .majorOutage])
        // Resolve A while B still holds login (degraded) and sync.
        try check(site, admin, "/admin/incidents/\(a)/resolve", incident: a, expect: [login: .degradedPerformance])
        // A second "resolved" note on A keeps its first resolution time and releases nothing.
        try check(site, admin, "/admin/incidents/\(a)/resolve", incident: a, expect: [:])
        // Reopen A by an update naming login.
        try check(site, admin, "/admin/incidents/\(a)/updates", incident: a, status: "identified",
                  changes: [login: .partialOutage], expect: [login: .partialOutage])
        // Update B to name login operational while A is active: the named status is what staff set.
        try check(site, admin, "/admin/incidents/\(b)/updates", incident: b, status: "monitoring",
                  changes: [login: .operational], expect: [login: .operational])
        // Resolve B while A is active: login returns to A's latest word, sync to operational.
        try check(site, admin, "/admin/incidents/\(b)/resolve", incident: b, expect: [login: .partialOutage, sync: .operational])
        // Maintenance in progress on login: resolving A leaves it operational, which shows as under maintenance.
        _ = try site.store.createMaintenance(title: .both("Underhåll", "Maintenance"), body: LocalizedText(),
                                             startsAt: site.clock.now.addingTimeInterval(-60),
                                             endsAt: site.clock.now.addingTimeInterval(7_200), componentIDs: [login],
                                             createdAt: site.clock.now.addingTimeInterval(-120), by: .system("test"))
        try check(site, admin, "/admin/incidents/\(a)/resolve", incident: a, expect: [login: .underMaintenance])
    }

    // MARK: Steps

    private func open(_ site: TestSite, _ admin: AdminSession, title: String, _ changes: [Int64: ComponentStatus]) throws -> Int64 {
        let response = try admin.post("/admin/incidents/new", [
            ("title.sv", title), ("title.en", title), ("body.sv", "Vi undersöker."), ("body.en", "Investigating."),
            ("impact", "major"), ("status", "investigating"), ("action", "publish"),
        ] + fields(changes))
        #expect(response.status == 303)
        site.clock.set(site.clock.now.addingTimeInterval(600))
        return try #require(try site.store.activeIncidents().first?.id)
    }

    /// Previews the form, publishes it, and compares: the incident as previewed with its public
    /// page, and each component the preview lists with `/api/v2/components.json` (unlisted ones unchanged).
    private func check(_ site: TestSite, _ admin: AdminSession, _ path: String, incident: Int64, status: String? = nil,
                       changes: [Int64: ComponentStatus] = [:], expect expected: [Int64: ComponentStatus],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        site.clock.set(site.clock.now.addingTimeInterval(600))
        let form = [("body.sv", "Uppdatering \(path)"), ("body.en", "Update \(path)")] + (status.map { [("status", $0)] } ?? [])
            + fields(changes)
        let before = try statuses(site)
        let preview = try admin.post(path, form + [("action", "preview")])
        #expect(preview.status == 200, sourceLocation: sourceLocation)
        let previewed = try previewedStatuses(preview.text, site)
        let previewedIncident = permalink(after: "class=\"preview-frame\" lang=\"sv\"", in: preview.text)

        let published = try admin.post(path, form + [("action", "publish")])
        #expect(published.status == 303, sourceLocation: sourceLocation)
        let after = try statuses(site)
        #expect(previewed == expected, "the preview shows the rule's result", sourceLocation: sourceLocation)
        for (id, status) in after where previewed[id] == nil {
            #expect(before[id] == status, "component \(id) changed without the preview saying so", sourceLocation: sourceLocation)
        }
        for (id, status) in previewed {
            #expect(after[id] == status, "component \(id): preview \(status), published \(String(describing: after[id]))",
                    sourceLocation: sourceLocation)
        }
        let publicIncident = permalink(after: "<main", in: try site.get("/sv/incidents/\(incident)").text)
        #expect(previewedIncident != nil, sourceLocation: sourceLocation)
        #expect(previewedIncident == publicIncident, "the previewed incident page differs from the published one",
                sourceLocation: sourceLocation)
    }

    // MARK: Reading pages

    private func fields(_ changes: [Int64: ComponentStatus]) -> [(String, String)] {
        changes.sorted { $0.key < $1.key }.map { ("component.\($0.key)", $0.value.rawValue) }
    }

    /// What `/api/v2/components.json` says, by component id.
    private func statuses(_ site: TestSite) throws -> [Int64: ComponentStatus] {
        let response = try site.get("/api/v2/components.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
        let components = try #require(object["components"] as? [[String: Any]])
        var result: [Int64: ComponentStatus] = [:]
        for component in components where component["group"] as? Bool != true {
            let id = try #require((component["id"] as? String).flatMap { Int64($0) })
            result[id] = try #require((component["status"] as? String).flatMap(ComponentStatus.init(rawValue:)))
        }
        return result
    }

    /// The preview's list of component statuses after publishing, read back through the admin's locale.
    private func previewedStatuses(_ html: String, _ site: TestSite) throws -> [Int64: ComponentStatus] {
        let strings = try locale(html)
        let heading = try #require(strings["admin_preview_components_heading"])
        guard let start = html.range(of: "<h2>\(heading)</h2>") else { return [:] }
        let section = html[start.upperBound...]
        let end = section.range(of: "</section>")?.lowerBound ?? section.endIndex
        let components = try site.store.components()
        var result: [Int64: ComponentStatus] = [:]
        let pattern = try Regex(#"<p class="item-title" dir="auto">([^<]*)</p>\s*<p class="item-line">([^<]*)</p>"#)
        for match in section[..<end].matches(of: pattern) {
            let name = String(match.output[1].substring ?? ""), label = String(match.output[2].substring ?? "")
            let component = try #require(components.first { $0.name.values.values.contains(name) }, "unknown component \(name)")
            let status = ComponentStatus.allCases.first(where: { strings["component_status_\($0.rawValue)"] == label })
            #expect(status != nil, "unknown status \(label)")
            result[component.id] = status
        }
        return result
    }

    private func locale(_ html: String) throws -> [String: String] {
        let language = html.range(of: "<html lang=\"en") != nil ? "en" : "sv"
        let data = try Data(contentsOf: TestSite.repositoryRoot.appendingPathComponent("templates/locales/\(language).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
    }

    /// The public incident template's `<article class="permalink">` after `marker`.
    private func permalink(after marker: String, in html: String) -> String? {
        guard let from = html.range(of: marker),
              let start = html.range(of: "<article class=\"permalink\">", range: from.upperBound..<html.endIndex),
              let end = html.range(of: "</article>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }
}
