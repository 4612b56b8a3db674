import Foundation
import StatusModel
import StatusPages

/// The JSON shapes the API answers with. Field names follow Statuspage's (snake_case, `impact`,
/// `status`, `started_at`, `resolved_at`), texts are objects keyed by language.
struct APIEncoder {
    let components: [Int64: Component]
    let urls: SiteURLs
    let languages: [LanguageCode]
    let now: Date

    func text(_ text: LocalizedText) -> APIJSON {
        .object(text.values.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .string($0.value)) })
    }

    func date(_ date: Date?) -> APIJSON { date.map { .string(RFC3339.format($0)) } ?? .null }

    func componentReference(_ id: Int64, status: ComponentStatus? = nil) -> APIJSON {
        var members: [(String, APIJSON)] = [("id", .integer(id)), ("slug", .optional(components[id]?.slug))]
        if let status { members.append(("status", .string(status.rawValue))) }
        return .object(members)
    }

    /// The public pages, one per site language, so a script can post the link in a chat.
    func permalinks(_ route: (LanguageCode) -> Route) -> APIJSON {
        .object(languages.map { ($0.rawValue, .string(urls.origin + urls.basePath + route($0).path)) })
    }

    func incident(_ incident: Incident) -> APIJSON {
        .object([
            ("id", .integer(incident.id)),
            ("title", text(incident.title)),
            ("impact", .string(incident.impact.rawValue)),
            ("status", .string(incident.status.rawValue)),
            ("started_at", date(incident.startedAt)),
            ("resolved_at", date(incident.resolvedAt)),
            ("components", .array(incident.componentIDs.map { componentReference($0) })),
            // Newest first, as Statuspage lists incident_updates.
            ("updates", .array(incident.updates.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.map(update))),
            ("permalinks", permalinks { .incident($0, incident.id) }),
            ("postmortem", postmortem(incident.postmortem)),
        ])
    }

    func update(_ update: IncidentUpdate) -> APIJSON {
        .object([
            ("id", .integer(update.id)),
            ("incident_id", .integer(update.incidentID)),
            ("status", .string(update.status.rawValue)),
            ("body", text(update.body)),
            ("created_at", date(update.createdAt)),
            ("components", .array(update.componentChanges.map { componentReference($0.componentID, status: $0.status) })),
        ])
    }

    func maintenance(_ maintenance: Maintenance) -> APIJSON {
        .object([
            ("id", .integer(maintenance.id)),
            ("title", text(maintenance.title)),
            ("body", text(maintenance.body)),
            ("status", .string(maintenance.status(at: now).rawValue)),
            ("starts_at", date(maintenance.startsAt)),
            ("ends_at", date(maintenance.endsAt)),
            ("cancelled_at", date(maintenance.cancelledAt)),
            ("completed_at", date(maintenance.completedAt)),
            ("created_at", date(maintenance.createdAt)),
            ("components", .array(maintenance.componentIDs.map { componentReference($0) })),
            ("permalinks", permalinks { .maintenance($0, maintenance.id) }),
        ])
    }

    func component(_ component: Component) -> APIJSON {
        .object([
            ("id", .integer(component.id)),
            ("slug", .string(component.slug)),
            ("name", text(component.name)),
            ("description", text(component.description)),
            ("group_id", component.groupID.map(APIJSON.integer) ?? .null),
            ("position", .integer(Int64(component.position))),
            ("status", .string(component.status.rawValue)),
            ("hidden", .bool(component.isHidden)),
        ])
    }

    /// Missing translations, as `{field, code, message}` like problem errors (but not errors).
    func warnings(_ fields: [String], _ messages: APIMessages) -> APIJSON {
        .array(fields.map { field in
            .object([("field", .string(field)), ("code", .string("missing_translation")),
                     ("message", .string(messages.missingTranslation(field)))])
        })
    }
}
