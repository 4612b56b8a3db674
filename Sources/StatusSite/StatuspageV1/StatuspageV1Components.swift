import Foundation
import HTTPServer
import StatusModel

/// Components: list, read, and change (status for editors; name and description for admins).
extension StatuspageV1API {
    func listComponents(_ context: Context) throws -> Response {
        StatuspageV1Responses.json(objects.components(snapshot: try snapshot(context), language: context.language, now: context.now),
                                   status: 200)
    }

    func getComponent(_ id: String, _ context: Context) throws -> Response {
        try answer(.component(try component(id)), context)
    }

    func changeComponent(_ id: String, _ context: Context) throws -> Response {
        let current = try component(id)
        let body = try StatuspageV1Body(context.request, key: "component")
        let status = try body.string("status").map { raw in
            guard let status = ComponentStatus(rawValue: raw) else {
                throw StatuspageV1Error.invalid("component.status '\(raw)' is not one of: "
                                                + ComponentStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return status
        }
        let name = try body.string("name")
        let description = try body.string("description")
        if let group = try body.string("group_id"), group != current.groupID.map({ "g\($0)" }) {
            throw StatuspageV1Error.unsupported("Moving a component to another group")
        }
        // Accepted with no effect: every Driftstatus component shows its uptime, and is always shown.
        _ = try body.bool("showcase")
        _ = try body.bool("only_show_if_degraded")
        _ = try body.string("start_date")
        let renamed = name.map { $0 != current.name[context.language] } ?? false
        let redescribed = description.map { $0 != (current.description[context.language] ?? "") } ?? false
        if renamed || redescribed {
            // A changed text replaces every language's (the translation no longer matches).
            let draft = ComponentDraft(slug: current.slug, groupID: current.groupID,
                                       name: renamed ? LocalizedText([context.language: name ?? ""]) : current.name,
                                       description: redescribed ? LocalizedText([context.language: description ?? ""]) : current.description,
                                       isHidden: current.isHidden)
            try publishing.updateComponent(id: current.id, draft, by: context.actor, at: context.now)
        }
        if let status, status != current.status {
            try publishing.setComponentStatus(componentID: current.id, status: status, by: context.actor, at: context.now)
        }
        return try answer(.component(try component(id)), context)
    }

    private func component(_ id: String) throws -> Component {
        guard let number = Int64(id), let component = try reads.component(id: number) else {
            throw StatuspageV1Error.notFound("component '\(id)' not found")
        }
        return component
    }
}
