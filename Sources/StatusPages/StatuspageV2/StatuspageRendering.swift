import Foundation
import SiteSettings
import StatusModel

/// Builds the objects of one request's documents: one language, one moment.
struct StatuspageRendering {
    let settings: SiteSettings
    let pageID: String
    let snapshot: StatusSnapshot
    let language: LanguageCode
    let now: Date
    let timestamps: StatuspageTimestamp
    let baseURL: String
    /// Visible components only: hidden ones never appear in the API.
    let visible: [Int64: Component]
    let visibleGroups: [ComponentGroup]

    /// `includeHidden`: the staff-facing REST API v1 shows hidden components too (the public v2 never does).
    init(settings: SiteSettings, pageID: String, snapshot: StatusSnapshot, language: LanguageCode, now: Date,
         includeHidden: Bool = false) {
        self.settings = settings; self.pageID = pageID; self.snapshot = snapshot
        self.language = language; self.now = now
        timestamps = StatuspageTimestamp(timeZone: settings.timeZone)
        baseURL = StatuspageV2Encoder.trimmedBaseURL(settings.baseURL)
        let shown = snapshot.components.filter { includeHidden || !$0.isHidden }
        visible = Dictionary(shown.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let usedGroups = Set(shown.compactMap(\.groupID))
        visibleGroups = snapshot.groups.filter { usedGroups.contains($0.id) }
    }

    // MARK: - Page and status

    func pageObject(incidents: [Incident], maintenances: [Maintenance]) -> StatuspageJSON {
        var moments = visible.values.map(componentUpdatedAt)
        moments += incidents.map(incidentUpdatedAt)
        moments += maintenances.map(maintenanceUpdatedAt)
        let updated = moments.filter { $0 <= now }.max() ?? now
        return .object([
            "id": .string(pageID),
            "name": .string(text(settings.name) ?? "Driftstatus"),
            "url": .string(baseURL),
            "time_zone": .string(settings.timeZone.identifier),
            "updated_at": .string(timestamps.string(updated)),
        ])
    }

    func statusObject() -> StatuspageJSON {
        let overall = StatusRules.overallStatus(components: snapshot.components, incidents: snapshot.incidents,
                                                maintenances: snapshot.maintenances, alerts: snapshot.alerts, at: now)
        return .object([
            "indicator": .string(overall.indicator),
            "description": .string(StatuspageTexts.statusDescription(overall, in: language)),
        ])
    }

    // MARK: - Components

    /// Page order: ungrouped components and groups by position, each group followed by its members.
    func componentsArray() -> StatuspageJSON {
        enum Entry { case component(Component), group(ComponentGroup) }
        let groupIDs = Set(visibleGroups.map(\.id))
        var entries: [(position: Int, id: Int64, entry: Entry)] = visibleGroups.map { ($0.position, $0.id, .group($0)) }
        entries += visible.values.filter { $0.groupID.map { !groupIDs.contains($0) } ?? true }
            .map { ($0.position, $0.id, .component($0)) }
        entries.sort { ($0.position, $0.id) < ($1.position, $1.id) }
        var result: [StatuspageJSON] = []
        for item in entries {
            switch item.entry {
            case .component(let component): result.append(componentObject(component))
            case .group(let group):
                let members = members(of: group)
                result.append(groupObject(group, members: members))
                result += members.map(componentObject)
            }
        }
        return .array(result)
    }

    func members(of group: ComponentGroup) -> [Component] {
        visible.values.filter { $0.groupID == group.id }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
    }

    func componentObject(_ component: Component) -> StatuspageJSON {
        let groupID = component.groupID.flatMap { id in visibleGroups.contains { $0.id == id } ? Self.groupID(id) : nil }
        return .object([
            "id": .string(String(component.id)),
            "name": .string(text(component.name) ?? component.slug),
            "status": .string(effectiveStatus(component).rawValue),
            "created_at": .string(timestamps.string(component.createdAt)),
            "updated_at": .string(timestamps.string(componentUpdatedAt(component))),
            "position": .int(component.position),
            "description": .optional(text(component.description)),
            // Every Driftstatus component shows its uptime bars, which is what "showcase" turns on.
            "showcase": .bool(true),
            "start_date": .string(timestamps.day(component.createdAt)),
            "group_id": .optional(groupID),
            "page_id": .string(pageID),
            "group": .bool(false),
            "only_show_if_degraded": .bool(false),
        ])
    }

    func groupObject(_ group: ComponentGroup, members: [Component]) -> StatuspageJSON {
        let created = members.map(\.createdAt).min() ?? now
        let updated = members.map(componentUpdatedAt).max() ?? created
        return .object([
            "id": .string(Self.groupID(group.id)),
            "name": .string(text(group.name) ?? Self.groupID(group.id)),
            "status": .string(ComponentStatus.worst(members.map(effectiveStatus)).rawValue),
            "created_at": .string(timestamps.string(created)),
            "updated_at": .string(timestamps.string(updated)),
            "position": .int(group.position),
            "description": .optional(text(group.description)),
            "showcase": .bool(false),
            "start_date": .null,
            "group_id": .null,
            "page_id": .string(pageID),
            "group": .bool(true),
            "only_show_if_degraded": .bool(false),
            "components": .array(members.map { .string(String($0.id)) }),
        ])
    }

    func effectiveStatus(_ component: Component) -> ComponentStatus {
        StatusRules.effectiveStatus(of: component, maintenances: snapshot.maintenances, alerts: snapshot.alerts, at: now)
    }

    /// We keep no "last changed" column, so this is the latest past event that touched the
    /// component: its creation, an incident naming it, or a maintenance window starting or ending.
    func componentUpdatedAt(_ component: Component) -> Date {
        var moments = [component.createdAt]
        for incident in snapshot.incidents {
            let named = incident.componentIDs.contains(component.id)
            if named { moments.append(incident.startedAt); moments += incident.resolvedAt.map { [$0] } ?? [] }
            moments += incident.updates.filter { $0.componentChanges.contains { $0.componentID == component.id } }.map(\.createdAt)
        }
        for window in snapshot.maintenances where window.cancelledAt == nil && window.componentIDs.contains(component.id) {
            moments += [window.startsAt, window.actualEnd]
        }
        return moments.filter { $0 <= now }.max() ?? component.createdAt
    }

    // MARK: - Incidents

    func incidentObject(_ incident: Incident) -> StatuspageJSON {
        let updates = incident.updates.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        var lastStatus: [Int64: ComponentStatus] = [:]
        var updateObjects: [StatuspageJSON] = []
        for update in updates {
            var affected: [StatuspageJSON] = []
            for change in update.componentChanges {
                let old = lastStatus[change.componentID] ?? .operational
                lastStatus[change.componentID] = change.status
                guard let component = visible[change.componentID] else { continue }
                affected.append(.object([
                    "code": .string(String(component.id)),
                    "name": .string(text(component.name) ?? component.slug),
                    "old_status": .string(old.rawValue),
                    "new_status": .string(change.status.rawValue),
                ]))
            }
            updateObjects.append(updateObject(id: String(update.id), incidentID: String(incident.id),
                                              status: update.status.rawValue, body: plain(update.body) ?? "",
                                              at: update.createdAt, affected: affected))
        }
        let componentIDs = incident.componentIDs + updates.flatMap { $0.componentChanges.map(\.componentID) }
        let monitoringAt = updates.first { $0.status == .monitoring }?.createdAt
        return .object([
            "id": .string(String(incident.id)),
            "name": .string(text(incident.title) ?? "#\(incident.id)"),
            "status": .string(incident.status.rawValue),
            "impact": .string(incident.impact.rawValue),
            "created_at": .string(timestamps.string(updates.first?.createdAt ?? incident.startedAt)),
            "updated_at": .string(timestamps.string(incidentUpdatedAt(incident))),
            "monitoring_at": .optional(monitoringAt.map(timestamps.string)),
            "resolved_at": .optional(incident.resolvedAt.map(timestamps.string)),
            "started_at": .string(timestamps.string(incident.startedAt)),
            "shortlink": .string(permalink("incidents", incident.id)),
            "page_id": .string(pageID),
            "incident_updates": .array(updateObjects.reversed()),
            "components": .array(visibleComponents(componentIDs).map(componentObject)),
            "postmortem_body": .optional(incident.postmortem.flatMap { plain($0.body) }),
            "postmortem_published_at": .optional(incident.postmortem.map { timestamps.string($0.publishedAt) }),
        ])
    }

    func incidentUpdatedAt(_ incident: Incident) -> Date {
        ([incident.startedAt] + incident.updates.map(\.createdAt) + (incident.resolvedAt.map { [$0] } ?? [])
            + (incident.postmortem.map { [$0.lastPublishedAt] } ?? [])).max()
            ?? incident.startedAt
    }

    // MARK: - Maintenances

    /// A maintenance as Statuspage shows one: an incident with a window and the updates
    /// Statuspage posts when the window is scheduled, starts and completes.
    func maintenanceObject(_ maintenance: Maintenance) -> StatuspageJSON {
        let status = maintenance.status(at: now)
        let id = Self.maintenanceID(maintenance.id)
        let title = text(maintenance.title) ?? "#\(maintenance.id)"
        let components = visibleComponents(maintenance.componentIDs)
        func changes(_ from: ComponentStatus, _ to: ComponentStatus) -> [StatuspageJSON] {
            components.map { .object(["code": .string(String($0.id)), "name": .string(text($0.name) ?? $0.slug),
                                      "old_status": .string(from.rawValue), "new_status": .string(to.rawValue)]) }
        }
        var updates = [updateObject(id: "\(id)-scheduled", incidentID: id, status: MaintenanceStatus.scheduled.rawValue,
                                    body: plain(maintenance.body) ?? title, at: maintenance.createdAt, affected: [])]
        if status == .inProgress || status == .completed {
            updates.append(updateObject(id: "\(id)-in_progress", incidentID: id, status: MaintenanceStatus.inProgress.rawValue,
                                        body: StatuspageTexts.maintenanceStarted(in: language), at: maintenance.startsAt,
                                        affected: changes(.operational, .underMaintenance)))
        }
        if status == .completed {
            updates.append(updateObject(id: "\(id)-completed", incidentID: id, status: MaintenanceStatus.completed.rawValue,
                                        body: StatuspageTexts.maintenanceCompleted(in: language), at: maintenance.actualEnd,
                                        affected: changes(.underMaintenance, .operational)))
        }
        return .object([
            "id": .string(id),
            "name": .string(title),
            "status": .string(status.rawValue),
            "impact": .string("maintenance"),
            "created_at": .string(timestamps.string(maintenance.createdAt)),
            "updated_at": .string(timestamps.string(maintenanceUpdatedAt(maintenance))),
            "monitoring_at": .null,
            "resolved_at": .optional(status == .completed ? timestamps.string(maintenance.actualEnd) : nil),
            "started_at": .string(timestamps.string(maintenance.startsAt)),
            "scheduled_for": .string(timestamps.string(maintenance.startsAt)),
            "scheduled_until": .string(timestamps.string(maintenance.endsAt)),
            "shortlink": .string(permalink("maintenance", maintenance.id)),
            "page_id": .string(pageID),
            "incident_updates": .array(updates.reversed()),
            "components": .array(components.map(componentObject)),
        ])
    }

    /// The latest of the moments the window was created, started and ended, as far as they are past.
    func maintenanceUpdatedAt(_ maintenance: Maintenance) -> Date {
        [maintenance.createdAt, maintenance.startsAt, maintenance.actualEnd].filter { $0 <= now }.max()
            ?? maintenance.createdAt
    }

    // MARK: - Shared pieces

    func updateObject(id: String, incidentID: String, status: String, body: String, at date: Date,
                      affected: [StatuspageJSON]) -> StatuspageJSON {
        let stamp = StatuspageJSON.string(timestamps.string(date))
        return .object([
            "id": .string(id),
            "status": .string(status),
            "body": .string(body),
            "incident_id": .string(incidentID),
            "created_at": stamp,
            "updated_at": stamp,
            "display_at": stamp,
            "affected_components": affected.isEmpty ? .null : .array(affected),
            "deliver_notifications": .bool(true),
            "custom_tweet": .null,
            "tweet_id": .null,
        ])
    }

    /// Visible components among `ids`, each once, in page order.
    func visibleComponents(_ ids: [Int64]) -> [Component] {
        Set(ids).compactMap { visible[$0] }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
    }

    func text(_ localized: LocalizedText) -> String? {
        localized.resolved(in: language, fallbacks: settings.languages)?.text
    }

    /// A staff post as Statuspage's API gives it: plain text, the Markdown markers taken out.
    func plain(_ localized: LocalizedText) -> String? {
        text(localized).map(PostText.plain)
    }

    /// Links go to the page in the requested language when the site publishes it.
    func permalink(_ kind: String, _ id: Int64) -> String {
        let pathLanguage = settings.languages.contains(language) ? language : settings.defaultLanguage
        return "\(baseURL)/\(pathLanguage)/\(kind)/\(id)"
    }

    static func groupID(_ id: Int64) -> String { "g\(id)" }
    static func maintenanceID(_ id: Int64) -> String { "m\(id)" }
}
