import Foundation
import StatusModel
import StatusPages

/// Incidents: list, read, open, edit title/impact, post updates, resolve.
enum APIIncidentHandlers {
    static let limit = APIOperation.QueryParameter(name: "limit", description: "How many, newest first.", minimum: 1,
                                                   maximum: 100, defaultValue: 20)

    static func list(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let limit = try context.limit(limit)
        let incidents = try app.apiStore { try app.store.recentIncidents(limit: limit) }
        let encoder = try app.apiEncoder(now: context.now)
        return .object([("incidents", .array(incidents.map(encoder.incident)))])
    }

    static func get(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let incident = try existing(app, context)
        return .object([("incident", try app.apiEncoder(now: context.now).incident(incident))])
    }

    static func create(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let resolver = ComponentResolver(components: try app.apiStore { try app.store.components() })
        let title = context.body.text("title")
        let body = context.body.text("body")
        let impact = context.body.enumeration("impact", IncidentImpact.self)
        let status = context.body.enumeration("status", IncidentStatus.self) ?? .investigating
        let notify = context.body.bool("notify") ?? true
        var issues: [APIFieldIssue] = []
        let changes = resolver.changes(context.body.array("components"), field: "components", issues: &issues)
        if impact == nil && !context.body.has("impact") {
            issues.append(APIFieldIssue(field: "impact", code: ValidationCode.required.rawValue))
        }
        let draft = IncidentDraft(title: title, body: body, impact: impact ?? .none, status: status, componentChanges: changes)
        try context.finishReading(extra: issues) { resolver.validate(draft.validate, languages: app.publishing.languages) }
        let incident = try app.publishing.createIncident(draft, by: context.actor, at: context.now, notify: notify)
        let encoder = try app.apiEncoder(now: context.now)
        return .object([("incident", encoder.incident(incident)),
                        ("warnings", encoder.warnings(draft.missingTranslations(languages: app.publishing.languages), context.messages))])
    }

    static func edit(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let current = try existing(app, context)
        let newTitle = context.body.text("title")
        let title = context.body.has("title") ? newTitle : current.title
        let impact = context.body.enumeration("impact", IncidentImpact.self) ?? current.impact
        try context.finishReading()
        let incident = try app.publishing.updateIncident(id: current.id, title: title, impact: impact, by: context.actor, at: context.now)
        let encoder = try app.apiEncoder(now: context.now)
        let missing = StatusModel.missingTranslations(["title": title], languages: app.publishing.languages)
        return .object([("incident", encoder.incident(incident)), ("warnings", encoder.warnings(missing, context.messages))])
    }

    static func postUpdate(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let current = try existing(app, context)
        let status = context.body.enumeration("status", IncidentStatus.self)
        var issues: [APIFieldIssue] = []
        if status == nil && !context.body.has("status") {
            issues.append(APIFieldIssue(field: "status", code: ValidationCode.required.rawValue))
        }
        return try addUpdate(app, &context, incidentID: current.id, status: status ?? .investigating, issues: issues)
    }

    static func resolve(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let current = try existing(app, context)
        return try addUpdate(app, &context, incidentID: current.id, status: .resolved, issues: [])
    }

    /// An update and a resolution read the same body (`body`, `components`) and answer alike.
    private static func addUpdate(_ app: WriteAPI, _ context: inout APIContext, incidentID: Int64,
                                  status: IncidentStatus, issues: [APIFieldIssue]) throws -> APIJSON {
        let resolver = ComponentResolver(components: try app.apiStore { try app.store.components() })
        let body = context.body.text("body")
        let notify = context.body.bool("notify") ?? true
        var issues = issues
        let changes = resolver.changes(context.body.array("components"), field: "components", issues: &issues)
        let draft = UpdateDraft(status: status, body: body, componentChanges: changes)
        try context.finishReading(extra: issues) { resolver.validate(draft.validate, languages: app.publishing.languages) }
        let update = try app.publishing.addUpdate(incidentID: incidentID, draft, by: context.actor, at: context.now, notify: notify)
        let incident = try existing(app, context)
        let encoder = try app.apiEncoder(now: context.now)
        return .object([("incident", encoder.incident(incident)), ("update", encoder.update(update)),
                        ("warnings", encoder.warnings(draft.missingTranslations(languages: app.publishing.languages), context.messages))])
    }

    static func existing(_ app: WriteAPI, _ context: APIContext) throws -> Incident {
        try context.existing("incident", in: app) { try app.store.incident(id: $0) }
    }

    static let location = APIOperation.location(of: "incident", at: "/api/v1/incidents/{id}")
}
