import Foundation
import StatusModel
import StatusPages

/// Postmortems: save the draft (`PUT .../postmortem`) and publish it (`POST .../postmortem/publish`).
enum APIPostmortemHandlers {
    static func save(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let incident = try APIIncidentHandlers.existing(app, context)
        let body = context.body.text("body")
        try context.finishReading(extra: []) { PostmortemRules.validate(body, languages: app.publishing.languages) }
        let draft = try app.publishing.savePostmortem(incidentID: incident.id, body: body, by: context.actor, at: context.now)
        let encoder = try app.apiEncoder(now: context.now)
        return .object([("postmortem", encoder.postmortemDraft(draft)),
                        ("warnings", encoder.warnings(StatusModel.missingTranslations(["body": body], languages: app.publishing.languages),
                                                      context.messages))])
    }

    static func publish(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let incident = try APIIncidentHandlers.existing(app, context)
        let notify = context.body.bool("notify") ?? false
        try context.finishReading(extra: []) { [] }
        let published = try app.publishing.publishPostmortem(incidentID: incident.id, notify: notify, by: context.actor, at: context.now)
        return .object([("incident", try app.apiEncoder(now: context.now).incident(published))])
    }
}

extension APIEncoder {
    func postmortem(_ postmortem: Postmortem?) -> APIJSON {
        guard let postmortem else { return .null }
        return .object([("body", text(postmortem.body)), ("published_at", date(postmortem.publishedAt)),
                        ("last_published_at", date(postmortem.lastPublishedAt))])
    }

    func postmortemDraft(_ draft: PostmortemDraft) -> APIJSON {
        .object([("incident_id", .integer(draft.incidentID)), ("body", text(draft.body)), ("saved_at", date(draft.savedAt)),
                 ("published", postmortem(draft.published)), ("has_unpublished_changes", .bool(draft.hasUnpublishedChanges))])
    }
}
