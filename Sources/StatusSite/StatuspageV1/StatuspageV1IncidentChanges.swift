import Foundation
import HTTPServer
import StatusModel

/// PATCH/PUT of an incident and of an incident update.
extension StatuspageV1API {
    func changeIncident(_ id: String, _ context: Context) throws -> Response {
        let body = try StatuspageV1Body(context.request, key: "incident")
        let fields = try StatuspageV1IncidentFields(body, language: context.language)
        switch try target(id) {
        case .incident(let incident): try change(incident, fields, context)
        case .maintenance(let maintenance): try change(maintenance, fields, context)
        }
        return try answer(item(try target(id)), context)
    }

    /// Name and impact edit the incident; a new status or a body posts an update (status
    /// "resolved" resolves it); component statuses alone are set without an update.
    private func change(_ incident: Incident, _ fields: StatuspageV1IncidentFields, _ context: Context) throws {
        if fields.status != nil && fields.incidentStatus == nil || fields.scheduledFor != nil || fields.scheduledUntil != nil {
            throw StatuspageV1Error.invalid("an incident cannot become a scheduled incident (statuses: investigating, identified, monitoring, resolved)")
        }
        let renamed = fields.name.map { $0 != incident.title[context.language] } ?? false
        let impact = try fields.impact() ?? incident.impact
        if renamed || impact != incident.impact {
            // A new name replaces every language's: the old translation no longer says the same.
            let title = renamed ? fields.text(fields.name) ?? LocalizedText() : incident.title
            _ = try publishing.updateIncident(id: incident.id, title: title, impact: impact, by: context.actor, at: context.now)
        }
        let changes = try componentChanges(fields, context)
        let newStatus = fields.incidentStatus.flatMap { $0 == incident.status ? nil : $0 }
        if newStatus != nil || fields.text(fields.body) != nil {
            guard let text = fields.text(fields.body) else {
                throw StatuspageV1Error.invalid("incident.body is required with a new status: Driftstatus shows every update with a message")
            }
            let draft = UpdateDraft(status: newStatus ?? incident.status, body: text, componentChanges: changes)
            _ = try publishing.addUpdate(incidentID: incident.id, draft, by: context.actor, at: context.now, notify: fields.notify)
        } else {
            for change in changes {
                try publishing.setComponentStatus(componentID: change.componentID, status: change.status, by: context.actor,
                                                  at: context.now, notify: fields.notify)
            }
        }
    }

    /// A window moves by its times: "in_progress" starts it now, "completed" ends it now,
    /// scheduled_for/scheduled_until move or extend it. Its texts and components are fixed once planned.
    private func change(_ maintenance: Maintenance, _ fields: StatuspageV1IncidentFields, _ context: Context) throws {
        let now = context.now
        if fields.status != nil && fields.maintenanceStatus == nil {
            throw StatuspageV1Error.invalid("a scheduled incident's status is one of: scheduled, in_progress, verifying, completed")
        }
        if let name = fields.name, name != maintenance.title[context.language] {
            throw StatuspageV1Error.unsupported("Renaming a scheduled incident")
        }
        if let body = fields.body, !body.isEmpty, body != maintenance.body[context.language] {
            throw StatuspageV1Error.unsupported("Posting updates to a scheduled incident")
        }
        let named = try componentChanges(fields, context).map(\.componentID)
        if (fields.sent.contains("components") || fields.sent.contains("component_ids")) && Set(named) != Set(maintenance.componentIDs) {
            throw StatuspageV1Error.unsupported("Changing the components of a scheduled incident")
        }
        let current = maintenance.status(at: now)
        guard current == .scheduled || current == .inProgress else {
            if fields.maintenanceStatus == nil || fields.maintenanceStatus == .completed, fields.scheduledFor == nil,
               fields.scheduledUntil == nil { return }
            throw StatuspageV1Error.conflict("this scheduled incident has already ended or was cancelled")
        }
        switch fields.maintenanceStatus {
        case .completed?:
            try publishing.completeMaintenance(id: maintenance.id, by: context.actor, at: now)
            return
        case .inProgress? where current == .scheduled:
            let endsAt = fields.scheduledUntil ?? maintenance.endsAt
            try publishing.rescheduleMaintenance(id: maintenance.id, startsAt: now, endsAt: endsAt, by: context.actor, at: now,
                                                 notify: fields.notify)
            return
        case .scheduled? where current == .inProgress:
            throw StatuspageV1Error.conflict("this scheduled incident has already started")
        default:
            break
        }
        let startsAt = fields.scheduledFor ?? maintenance.startsAt
        let endsAt = fields.scheduledUntil ?? maintenance.endsAt
        guard startsAt != maintenance.startsAt || endsAt != maintenance.endsAt else { return }
        if current == .scheduled {
            try publishing.rescheduleMaintenance(id: maintenance.id, startsAt: startsAt, endsAt: endsAt, by: context.actor, at: now,
                                                 notify: fields.notify)
        } else if startsAt == maintenance.startsAt {
            try publishing.extendMaintenance(id: maintenance.id, endsAt: endsAt, by: context.actor, at: now, notify: fields.notify)
        } else {
            throw StatuspageV1Error.conflict("this scheduled incident has already started: only scheduled_until can change")
        }
    }

    /// `incident_update: {body}`: the text is replaced in the token's language (other languages'
    /// translations no longer match, so they are dropped and the fallback note shows until staff translate).
    func editUpdate(incident incidentID: String, update updateID: String, _ context: Context) throws -> Response {
        let body = try StatuspageV1Body(context.request, key: "incident_update")
        guard case .incident(let incident) = try target(incidentID) else {
            throw StatuspageV1Error.unsupported("Editing the updates of a scheduled incident (Driftstatus writes them by the clock)")
        }
        guard let id = Int64(updateID), incident.updates.contains(where: { $0.id == id }) else {
            throw StatuspageV1Error.notFound("incident update '\(updateID)' not found in incident '\(incidentID)'")
        }
        _ = try body.date("display_at")
        _ = try body.bool("deliver_notifications")
        _ = try body.bool("wants_twitter_update")
        if let text = try body.string("body") {
            try publishing.editUpdate(updateID: id, body: LocalizedText([context.language: text]), by: context.actor, at: context.now)
        }
        guard case .incident(let edited) = try target(incidentID) else { throw StatuspageV1Error.notFound("incident not found") }
        return try answer(.incidentUpdate(edited, updateID: id), context)
    }
}
