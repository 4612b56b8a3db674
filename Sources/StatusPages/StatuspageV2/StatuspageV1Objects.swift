import Foundation
import StatusModel

/// The objects of Statuspage's REST API v1 (`/v1/pages/{page_id}/...`) in the same shapes as the
/// public v2 documents, so one incident reads the same through both. Differences from v2, all
/// because v1 is the staff side: hidden components are included, the page id is the configured
/// `statuspage_page_id`, and a cancelled maintenance shows as `completed` (v1 clients refuse any
/// status outside Statuspage's enum, which has no "cancelled"; v2 leaves such windows out).
public struct StatuspageV1Objects: Sendable {
    public enum Item: Sendable {
        case incident(Incident)
        case maintenance(Maintenance)
        case component(Component)
        /// One update of an incident, as `incident_updates` lists it.
        case incidentUpdate(Incident, updateID: Int64)
    }

    private let encoder: StatuspageV2Encoder
    private let pageID: String

    public init(encoder: StatuspageV2Encoder, pageID: String) {
        self.encoder = encoder
        self.pageID = pageID
    }

    /// One object; `snapshot` supplies the components and maintenance windows statuses depend on.
    public func object(_ item: Item, snapshot: StatusSnapshot, language: LanguageCode, now: Date) -> [UInt8] {
        json(item, rendering(snapshot, language, now)).bytes
    }

    public func array(_ items: [Item], snapshot: StatusSnapshot, language: LanguageCode, now: Date) -> [UInt8] {
        let rendering = rendering(snapshot, language, now)
        return StatuspageJSON.array(items.map { json($0, rendering) }).bytes
    }

    /// Every component with the groups among them, in page order (groups carry `"group": true`).
    public func components(snapshot: StatusSnapshot, language: LanguageCode, now: Date) -> [UInt8] {
        rendering(snapshot, language, now).componentsArray().bytes
    }

    private func rendering(_ snapshot: StatusSnapshot, _ language: LanguageCode, _ now: Date) -> StatuspageRendering {
        StatuspageRendering(settings: encoder.settings, pageID: pageID, snapshot: snapshot, language: language, now: now,
                            includeHidden: true)
    }

    private func json(_ item: Item, _ rendering: StatuspageRendering) -> StatuspageJSON {
        switch item {
        case .incident(let incident):
            return Self.adding(rendering.incidentObject(incident), [
                "impact_override": .null, "scheduled_for": .null, "scheduled_until": .null, "metadata": .object([:]),
            ])
        case .maintenance(let maintenance):
            var object = rendering.maintenanceObject(maintenance)
            if maintenance.status(at: rendering.now) == .cancelled, case .object(var members) = object {
                members["status"] = .string(MaintenanceStatus.completed.rawValue)
                object = .object(members)
            }
            // Driftstatus windows always start and end by the clock.
            return Self.adding(object, [
                "impact_override": .null, "metadata": .object([:]),
                "scheduled_auto_in_progress": .bool(true), "scheduled_auto_completed": .bool(true),
            ])
        case .component(let component):
            return rendering.componentObject(component)
        case .incidentUpdate(let incident, let updateID):
            guard case .object(let members) = rendering.incidentObject(incident), case .array(let updates)? = members["incident_updates"],
                  let update = updates.first(where: { if case .object(let fields) = $0 { fields["id"] == .string(String(updateID)) } else { false } })
            else { return .null }
            return update
        }
    }

    private static func adding(_ object: StatuspageJSON, _ extra: [String: StatuspageJSON]) -> StatuspageJSON {
        guard case .object(let members) = object else { return object }
        return .object(members.merging(extra) { current, _ in current })
    }
}
