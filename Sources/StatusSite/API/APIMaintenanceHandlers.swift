import Foundation
import StatusModel

/// Planned maintenance: list, read, plan, cancel.
enum APIMaintenanceHandlers {
    static func list(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let limit = try context.limit(APIIncidentHandlers.limit)
        let maintenances = try app.apiStore { try app.store.recentMaintenances(limit: limit) }
        let encoder = try app.apiEncoder(now: context.now)
        return .object([("maintenances", .array(maintenances.map(encoder.maintenance)))])
    }

    static func get(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        .object([("maintenance", try app.apiEncoder(now: context.now).maintenance(try existing(app, context)))])
    }

    static func create(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let resolver = ComponentResolver(components: try app.apiStore { try app.store.components() })
        let title = context.body.text("title")
        let body = context.body.text("body")
        let startsAt = context.body.date("starts_at")
        let endsAt = context.body.date("ends_at")
        let notify = context.body.bool("notify") ?? true
        var issues: [APIFieldIssue] = []
        let componentIDs = resolver.ids(context.body.array("components"), field: "components", issues: &issues)
        for (field, value) in [("starts_at", startsAt), ("ends_at", endsAt)] where value == nil && !context.body.has(field) {
            issues.append(APIFieldIssue(field: field, code: ValidationCode.required.rawValue))
        }
        // Stand-in times for dates that could not be read (those are reported already).
        let draft = MaintenanceDraft(title: title, body: body, startsAt: startsAt ?? context.now,
                                     endsAt: endsAt ?? (startsAt ?? context.now).addingTimeInterval(1), componentIDs: componentIDs)
        try context.finishReading(extra: issues) { resolver.validate(draft.validate, languages: app.publishing.languages) }
        let maintenance = try app.publishing.createMaintenance(draft, by: context.actor, at: context.now, notify: notify)
        let encoder = try app.apiEncoder(now: context.now)
        return .object([("maintenance", encoder.maintenance(maintenance)),
                        ("warnings", encoder.warnings(draft.missingTranslations(languages: app.publishing.languages), context.messages))])
    }

    static func cancel(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let current = try existing(app, context)
        // A window that has run its course is over even if nobody marked it complete.
        guard [.scheduled, .inProgress].contains(current.status(at: context.now)) else {
            throw APIProblem(kind: "conflict", status: 409, detail: context.messages.maintenanceClosed)
        }
        try app.publishing.cancelMaintenance(id: current.id, by: context.actor, at: context.now)
        return .object([("maintenance", try app.apiEncoder(now: context.now).maintenance(try existing(app, context)))])
    }

    /// Moves a window that has not started yet (409 once it has, or was cancelled or completed).
    static func reschedule(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let current = try existing(app, context)
        let startsAt = context.body.date("starts_at")
        let endsAt = context.body.date("ends_at")
        let notify = context.body.bool("notify") ?? true
        var issues: [APIFieldIssue] = []
        for (field, value) in [("starts_at", startsAt), ("ends_at", endsAt)] where value == nil && !context.body.has(field) {
            issues.append(APIFieldIssue(field: field, code: ValidationCode.required.rawValue))
        }
        try context.finishReading(extra: issues)
        guard let startsAt, let endsAt else { throw APIProblem.validation(issues, context.messages) }
        guard current.status(at: context.now) == .scheduled else {
            throw APIProblem(kind: "conflict", status: 409, detail: context.messages.maintenanceClosed)
        }
        try app.publishing.rescheduleMaintenance(id: current.id, startsAt: startsAt, endsAt: endsAt, by: context.actor,
                                                 at: context.now, notify: notify)
        return .object([("maintenance", try app.apiEncoder(now: context.now).maintenance(try existing(app, context)))])
    }

    private static func existing(_ app: WriteAPI, _ context: APIContext) throws -> Maintenance {
        try context.existing("maintenance", in: app) { try app.store.maintenance(id: $0) }
    }

    static let location = APIOperation.location(of: "maintenance", at: "/api/v1/maintenances/{id}")
}

/// Components: list, set status (by id or slug).
enum APIComponentHandlers {
    static func list(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let components = try app.apiStore { try app.store.components() }
        let encoder = try app.apiEncoder(now: context.now, components: components)
        return .object([("components", .array(components.map(encoder.component)))])
    }

    static func setStatus(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let components = try app.apiStore { try app.store.components() }
        guard let parameter = context.parameter, let component = ComponentResolver(components: components).find(parameter) else {
            throw APIProblem(kind: "not-found", status: 404, detail: context.messages.notFound("component \(context.parameter ?? "")"))
        }
        let status = context.body.enumeration("status", ComponentStatus.self)
        let notify = context.body.bool("notify") ?? true
        let issues = status == nil && !context.body.has("status")
            ? [APIFieldIssue(field: "status", code: ValidationCode.required.rawValue)] : []
        try context.finishReading(extra: issues)
        guard let status else { throw APIProblem.validation(issues, context.messages) }
        try app.publishing.setComponentStatus(componentID: component.id, status: status, by: context.actor, at: context.now,
                                              notify: notify)
        guard let updated = try app.apiStore({ try app.store.component(id: component.id) }) else {
            throw APIProblem(kind: "not-found", status: 404, detail: context.messages.notFound("component \(component.id)"))
        }
        return .object([("component", try app.apiEncoder(now: context.now).component(updated))])
    }
}
