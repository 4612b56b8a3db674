import Foundation
import StatusModel
import StatusStore

/// `driftstatus demo`: a realistic, bilingual data set for an online accounting service,
/// dated relative to `now` so it always looks current. Written only through StatusStore's
/// public write API, the same path staff edits take.
public enum DemoData {
    public static let defaultTimeZone = TimeZone(identifier: "Europe/Stockholm") ?? TimeZone(secondsFromGMT: 3_600) ?? .current

    /// Fills an EMPTY store and says what it added. Refuses a store that already has
    /// components, so nobody's real data gets mixed with demo data.
    public static func load(into store: StatusStore, now: Date, timeZone: TimeZone = defaultTimeZone) throws -> DemoSummary {
        let existing = try store.components().count
        guard existing == 0 else { throw DemoDataError.storeNotEmpty(components: existing) }
        let clock = DemoClock(now: now, timeZone: timeZone)

        let componentIDs = try createComponents(in: store, clock: clock)
        let incidents = try DemoIncidents.all
            .map { (script: $0, start: try clock.date(of: $0.start)) }
            .sorted { $0.start < $1.start }
        for (script, start) in incidents {
            try createIncident(script, startingAt: start, in: store, componentIDs: componentIDs)
        }
        for script in DemoMaintenances.all {
            try createMaintenance(script, in: store, clock: clock, componentIDs: componentIDs)
        }
        return DemoSummary(components: componentIDs.count, incidents: incidents.count, maintenances: DemoMaintenances.all.count)
    }

    private static func createComponents(in store: StatusStore, clock: DemoClock) throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        var position = 0
        func add(_ script: DemoComponentScript, groupID: Int64?) throws {
            let component = try store.createComponent(
                slug: script.slug, groupID: groupID, name: script.name, description: script.description,
                position: position, status: .operational, isHidden: false,
                createdAt: try clock.local(daysFromToday: -script.addedDaysAgo, hour: 9, minute: 0), by: .system("demo"))
            ids[script.slug] = component.id
            position += 1
        }
        for (index, group) in DemoCatalog.groups.enumerated() {
            let created = try store.createGroup(name: group.name, description: group.description, position: index, isCollapsed: false, by: .system("demo"))
            for component in group.components { try add(component, groupID: created.id) }
        }
        for component in DemoCatalog.ungrouped { try add(component, groupID: nil) }
        return ids
    }

    private static func createIncident(_ script: DemoIncidentScript, startingAt start: Date, in store: StatusStore,
                                       componentIDs: [String: Int64]) throws {
        guard let first = script.updates.first, first.after == 0 else { throw DemoDataError.badScript(script.title) }
        var touched: [String] = []
        func changes(for update: DemoUpdateScript) throws -> [ComponentStatusChange] {
            var changes = update.changes
            // Resolving returns everything the incident touched to operational unless the script says otherwise.
            if update.status == .resolved {
                changes += touched.filter { slug in !changes.contains { $0.slug == slug } }.map { .set($0, .operational) }
            }
            for change in changes where !touched.contains(change.slug) { touched.append(change.slug) }
            return try changes.map { change in
                guard let id = componentIDs[change.slug] else { throw DemoDataError.unknownComponent(change.slug) }
                return ComponentStatusChange(componentID: id, status: change.status)
            }
        }
        let incident = try store.createIncident(title: script.title, impact: script.impact, status: first.status,
                                                body: first.body, componentChanges: try changes(for: first), at: start, by: .system("demo"))
        for update in script.updates.dropFirst() {
            _ = try store.addUpdate(incidentID: incident.id, status: update.status, body: update.body,
                                    componentChanges: try changes(for: update),
                                    at: start.addingTimeInterval(TimeInterval(update.after * 60)), by: .system("demo"))
        }
        if let postmortem = script.postmortem, let last = script.updates.last {
            let writtenAt = start.addingTimeInterval(TimeInterval(last.after * 60) + 3 * 86_400)
            try store.savePostmortemDraft(incidentID: incident.id, body: postmortem, at: writtenAt, by: .system("demo"))
            try store.publishPostmortem(incidentID: incident.id, notify: false, at: writtenAt, by: .system("demo"))
        }
    }

    private static func createMaintenance(_ script: DemoMaintenanceScript, in store: StatusStore, clock: DemoClock,
                                          componentIDs: [String: Int64]) throws {
        let ids = try script.componentSlugs.map { slug in
            guard let id = componentIDs[slug] else { throw DemoDataError.unknownComponent(slug) }
            return id
        }
        let window = try script.window(clock)
        let maintenance = try store.createMaintenance(title: script.title, body: script.body, startsAt: window.startsAt,
                                                      endsAt: window.endsAt, componentIDs: ids, createdAt: window.createdAt, by: .system("demo"))
        if let cancelledAt = script.cancelledAt {
            try store.cancelMaintenance(id: maintenance.id, at: try cancelledAt(clock), by: .system("demo"))
        }
    }
}

/// What `driftstatus demo` reports when it is done.
public struct DemoSummary: Sendable, Equatable, CustomStringConvertible {
    public let components: Int
    public let incidents: Int
    public let maintenances: Int

    public var description: String {
        "Demo data loaded: \(components) components, \(incidents) incidents, \(maintenances) maintenance windows."
    }
}

public enum DemoDataError: Error, Equatable, CustomStringConvertible {
    /// The store already holds data; demo data goes only into an empty database.
    case storeNotEmpty(components: Int)
    /// The demo content names a component that does not exist (a bug in the content).
    case unknownComponent(String)
    /// An incident script without a first update at minute 0 (a bug in the content).
    case badScript(LocalizedText)
    case unrepresentableDate(String)

    public var description: String {
        switch self {
        case let .storeNotEmpty(count):
            "The database already has \(count) components; demo data is only loaded into an empty database."
        case let .unknownComponent(slug): "Demo content refers to an unknown component \"\(slug)\"."
        case let .badScript(title): "Demo incident \"\(title[.english] ?? title[.swedish] ?? "?")\" must start with an update at minute 0."
        case let .unrepresentableDate(what): "Cannot represent the demo date \(what)."
        }
    }
}
