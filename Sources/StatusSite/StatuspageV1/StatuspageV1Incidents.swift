import Foundation
import HTTPServer
import StatusModel
import StatusPages

/// Incidents as Statuspage has them: Driftstatus incidents, and Driftstatus maintenance windows
/// as "scheduled incidents" (id "m{id}", as in the public v2 JSON).
extension StatuspageV1API {
    /// What an `{incident_id}` names.
    enum Target {
        case incident(Incident)
        case maintenance(Maintenance)
    }

    static let listLimit = 100

    func target(_ id: String) throws -> Target {
        let missing = StatuspageV1Error.notFound("incident '\(id)' not found")
        if id.hasPrefix("m"), let number = Int64(id.dropFirst()), number > 0 {
            guard let maintenance = try reads.maintenance(id: number) else { throw missing }
            return .maintenance(maintenance)
        }
        guard let number = Int64(id), number > 0, let incident = try reads.incident(id: number) else { throw missing }
        return .incident(incident)
    }

    func item(_ target: Target) -> StatuspageV1Objects.Item {
        switch target {
        case .incident(let incident): .incident(incident)
        case .maintenance(let maintenance): .maintenance(maintenance)
        }
    }

    // MARK: Reading

    /// Incidents and maintenance windows, newest first; `page`/`per_page` (at most 100) and `q`
    /// (a case-insensitive match on the name) as Statuspage documents them; `limit` is `per_page`'s old name.
    func listIncidents(_ context: Context) throws -> Response {
        let request = context.request
        func number(_ name: String, default value: Int) throws -> Int {
            guard let raw = request.queryValue(name) else { return value }
            guard let parsed = Int(raw), parsed >= 1 else { throw StatuspageV1Error.invalid("\(name) must be a whole number of at least 1") }
            return parsed
        }
        let perPage = min(try number("per_page", default: try number("limit", default: Self.listLimit)), Self.listLimit)
        let page = min(try number("page", default: 1), 1000)
        let wanted = page * perPage
        let query = request.queryValue("q")?.lowercased() ?? ""
        var entries: [(at: Date, item: StatuspageV1Objects.Item, names: [String])] = []
        entries += try reads.recentIncidents(limit: wanted).map { ($0.startedAt, .incident($0), Array($0.title.values.values)) }
        entries += try reads.recentMaintenances(limit: wanted).filter { $0.status(at: context.now) != .cancelled }
            .map { ($0.startsAt, .maintenance($0), Array($0.title.values.values)) }
        let matching = entries.filter { query.isEmpty || $0.names.contains { $0.lowercased().contains(query) } }
            .sorted { $0.at > $1.at }
        return try answer(Array(matching.dropFirst((page - 1) * perPage).prefix(perPage).map(\.item)), context)
    }

    func listIncidents(_ list: StatuspageV1Route.IncidentList, _ context: Context) throws -> Response {
        switch list {
        case .unresolved:
            return try answer(try reads.activeIncidents().sorted { $0.startedAt > $1.startedAt }.map { .incident($0) }, context)
        case .scheduled, .upcoming, .activeMaintenance:
            let wanted: Set<MaintenanceStatus> = list == .activeMaintenance ? [.inProgress] : [.scheduled]
            let windows = try reads.activeAndUpcomingMaintenances(now: context.now)
                .filter { wanted.contains($0.status(at: context.now)) }
                .sorted { $0.startsAt < $1.startsAt }
            return try answer(windows.map { .maintenance($0) }, context)
        }
    }

    func getIncident(_ id: String, _ context: Context) throws -> Response {
        try answer(item(try target(id)), context)
    }

    // MARK: Creating

    func createIncident(_ context: Context) throws -> Response {
        let body = try StatuspageV1Body(context.request, key: "incident")
        let fields = try StatuspageV1IncidentFields(body, language: context.language)
        guard let name = fields.name else { throw StatuspageV1Error.invalid("incident.name is required") }
        let components = try componentChanges(fields, context)
        if fields.isScheduled {
            if fields.incidentStatus != nil {
                throw StatuspageV1Error.invalid("a scheduled incident's status is one of: scheduled, in_progress, verifying, completed")
            }
            let maintenance = try createMaintenance(name: name, fields, components: components, context)
            return try created(.maintenance(maintenance), id: "m\(maintenance.id)", context)
        }
        guard let text = fields.text(fields.body) else {
            throw StatuspageV1Error.invalid("incident.body is required: Driftstatus shows every incident with a first message")
        }
        let draft = IncidentDraft(title: fields.text(name) ?? LocalizedText(), body: text,
                                  impact: try fields.impact() ?? StatuspageV1IncidentFields.impact(of: components),
                                  status: fields.incidentStatus ?? .investigating, componentChanges: components)
        let incident = try publishing.createIncident(draft, by: context.actor, at: context.now, notify: fields.notify)
        return try created(.incident(incident), id: String(incident.id), context)
    }

    private func created(_ item: StatuspageV1Objects.Item, id: String, _ context: Context) throws -> Response {
        var response = try answer(item, context, status: 201)
        response.headers.add("Location", StatuspageV1Address.page(id: settings.statuspagePageID, resource: ["incidents", id], json: false).path)
        return response
    }

    private func createMaintenance(name: String, _ fields: StatuspageV1IncidentFields, components: [ComponentStatusChange],
                                   _ context: Context) throws -> Maintenance {
        if fields.maintenanceStatus == .completed { throw StatuspageV1Error.invalid("a scheduled incident cannot be created as completed") }
        let startsNow = fields.maintenanceStatus == .inProgress
        guard let startsAt = fields.scheduledFor ?? (startsNow ? context.now : nil) else {
            throw StatuspageV1Error.invalid("incident.scheduled_for is required for a scheduled incident")
        }
        guard let endsAt = fields.scheduledUntil else {
            throw StatuspageV1Error.invalid("incident.scheduled_until is required for a scheduled incident")
        }
        let draft = MaintenanceDraft(title: fields.text(name) ?? LocalizedText(), body: fields.text(fields.body) ?? LocalizedText(),
                                     startsAt: startsAt, endsAt: endsAt, componentIDs: components.map(\.componentID))
        return try publishing.createMaintenance(draft, by: context.actor, at: context.now, notify: fields.notify)
    }

    /// `components: {id: status}` plus `component_ids` (named without a status: kept at their current one).
    func componentChanges(_ fields: StatuspageV1IncidentFields, _ context: Context) throws -> [ComponentStatusChange] {
        let known = Dictionary(try reads.components().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func component(_ id: String) throws -> Component {
            guard let number = Int64(id), let component = known[number] else {
                throw StatuspageV1Error.invalid("component '\(id)' does not exist")
            }
            return component
        }
        var changes: [ComponentStatusChange] = []
        for (id, raw) in fields.componentStatuses {
            guard let status = ComponentStatus(rawValue: raw) else {
                throw StatuspageV1Error.invalid("incident.components.\(id) '\(raw)' is not one of: "
                                                + ComponentStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            changes.append(ComponentStatusChange(componentID: try component(id).id, status: status))
        }
        for id in fields.componentIDs {
            let component = try component(id)
            if !changes.contains(where: { $0.componentID == component.id }) {
                changes.append(ComponentStatusChange(componentID: component.id, status: component.status))
            }
        }
        return changes
    }

    // MARK: Deleting

    /// A maintenance window is cancelled (it leaves the public lists); incidents are history and stay.
    func deleteIncident(_ id: String, _ context: Context) throws -> Response {
        switch try target(id) {
        case .incident:
            throw StatuspageV1Error.methodNotAllowed("DELETE", allowed: ["GET", "PATCH", "PUT"], why:
                "Driftstatus does not delete incidents (their history stays on the page); resolve it with PATCH status=resolved")
        case .maintenance(let maintenance):
            guard [.scheduled, .inProgress].contains(maintenance.status(at: context.now)) else {
                throw StatuspageV1Error.conflict("this scheduled incident has already ended or was cancelled")
            }
            try publishing.cancelMaintenance(id: maintenance.id, by: context.actor, at: context.now)
            return try answer(item(try target(id)), context)
        }
    }
}
