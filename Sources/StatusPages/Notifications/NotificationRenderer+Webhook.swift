import Foundation
import StatusModel

extension NotificationRenderer {
    /// Statuspage's documented webhook notifications: a payload shows receivers "how to
    /// unsubscribe, where to find documentation" and the changed item.
    static let webhookDocumentationURL = "https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/"

    /// The JSON body of a webhook delivery, in the shape of Statuspage's incident and component
    /// webhooks (see docs/webhooks.md): `meta` + `page` + `incident` (maintenances too, as Statuspage
    /// sends them) or `component_update` + `component`. Deterministic: the moment is the event's, so
    /// every retry of a delivery has the same bytes (and signature).
    ///
    /// `unsubscribeURL` is where the receiver can stop the deliveries; webhooks are set up by staff,
    /// so by default it is the status page, whose staff remove subscriptions.
    public func webhookPayload(for event: NotificationEvent, language: LanguageCode, unsubscribeURL: String? = nil) -> [UInt8] {
        let at = event.createdAt
        var incidents: [Incident] = [], maintenances: [Maintenance] = []
        switch event.subject {
        case .incident(let incident, _): incidents = [incident]
        case .maintenance(let maintenance): maintenances = [maintenance]
        case .component: break
        }
        let snapshot = StatusSnapshot(groups: [], components: event.components, incidents: incidents, maintenances: maintenances,
                                      windowStart: at, takenAt: at)
        let rendering = StatuspageRendering(settings: settings, pageID: pageID, snapshot: snapshot, language: language, now: at)
        let overall = StatusRules.overallStatus(components: event.components, incidents: incidents, maintenances: maintenances, at: at)
        let pathLanguage = settings.languages.contains(language) ? language : settings.defaultLanguage
        var members: [String: StatuspageJSON] = [
            "meta": .object([
                "unsubscribe": .string(unsubscribeURL ?? pages.urls.absolutePage(pathLanguage, "/")),
                "documentation": .string(Self.webhookDocumentationURL),
                "generated_at": .string(rendering.timestamps.string(at)),
                "event_id": .string(event.publicID),
                "event_type": .string(event.kind.rawValue),
            ]),
            "page": .object([
                "id": .string(pageID),
                "status_indicator": .string(overall.indicator),
                "status_description": .string(StatuspageTexts.statusDescription(overall, in: language)),
            ]),
        ]
        switch event.subject {
        case .incident(let incident, _):
            members["incident"] = rendering.incidentObject(incident)
        case .maintenance(let maintenance):
            members["incident"] = rendering.maintenanceObject(maintenance)
        case .component(let component, let previousStatus):
            members["component_update"] = .object([
                "id": .string(event.publicID),
                "component_id": .string(String(component.id)),
                "old_status": .string(previousStatus.rawValue),
                "new_status": .string(component.status.rawValue),
                "created_at": .string(rendering.timestamps.string(at)),
            ])
            members["component"] = Self.setting("updated_at", to: .string(rendering.timestamps.string(at)),
                                                in: rendering.componentObject(component))
        }
        return StatuspageJSON.object(members).bytes
    }

    /// The component object's `updated_at` is derived from incidents and windows, which an event
    /// does not carry; the change being announced is the latest update.
    private static func setting(_ key: String, to value: StatuspageJSON, in object: StatuspageJSON) -> StatuspageJSON {
        guard case .object(var members) = object else { return object }
        members[key] = value
        return .object(members)
    }
}
