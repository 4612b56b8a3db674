import Foundation

/// An incident an alert proposed, waiting for staff to publish or discard it.
public struct AlertDraft: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var componentID: Int64
    public var fingerprint: String
    public var startsAt: Date
    public var ruleName: String
    /// The component status the published incident sets.
    public var status: ComponentStatus
    public var title: LocalizedText
    public var body: LocalizedText
    public var createdAt: Date

    public init(id: Int64, componentID: Int64, fingerprint: String, startsAt: Date, ruleName: String, status: ComponentStatus,
                title: LocalizedText, body: LocalizedText, createdAt: Date) {
        self.id = id; self.componentID = componentID; self.fingerprint = fingerprint; self.startsAt = startsAt
        self.ruleName = ruleName; self.status = status; self.title = title; self.body = body; self.createdAt = createdAt
    }

    /// The incident staff publish with one click: investigating, the rule's status on its component.
    public var incident: IncidentDraft {
        IncidentDraft(title: title, body: body, impact: Self.impact(of: status), status: .investigating,
                      componentChanges: [ComponentStatusChange(componentID: componentID, status: status)])
    }

    /// The impact an incident has when it puts a component in `status`.
    public static func impact(of status: ComponentStatus) -> IncidentImpact {
        switch status {
        case .operational, .underMaintenance: .none
        case .degradedPerformance: .minor
        case .partialOutage: .major
        case .majorOutage: .critical
        }
    }

    /// The rule's templates filled in from the alert, in every language the rule has.
    public static func texts(rule: AlertRule, notice: AlertNotice) -> (title: LocalizedText, body: LocalizedText) {
        func fill(_ templates: [LanguageCode: String], _ field: AlertMessageTemplate.Field) -> LocalizedText {
            LocalizedText(templates.mapValues {
                AlertMessageTemplate.render($0, field: field, labels: notice.labels, annotations: notice.annotations)
            })
        }
        return (fill(rule.title, .title), fill(rule.body, .body))
    }
}
