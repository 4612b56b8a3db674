import Foundation
import SiteSettings
import StatusModel
import StatusStore

/// The one way staff changes reach the store, for the admin UI and the API alike:
/// check the role, validate with StatusModel's rules, write (audited, one transaction),
/// then `onChange()` so cached public pages are rendered afresh.
public final class Publishing: Sendable {
    public let store: StatusStore
    public let languages: [LanguageCode]
    private let onChange: @Sendable () -> Void

    public init(store: StatusStore, settings: SiteSettings, onChange: @escaping @Sendable () -> Void) {
        self.store = store
        languages = settings.languages
        self.onChange = onChange
    }

    // MARK: Incidents

    public func createIncident(_ draft: IncidentDraft, by: Actor, at: Date) throws -> Incident { fatalError("not yet") }

    /// Changes title and impact of a published incident.
    public func updateIncident(id: Int64, title: LocalizedText, impact: IncidentImpact, by: Actor, at: Date) throws -> Incident {
        fatalError("not yet")
    }

    public func addUpdate(incidentID: Int64, _ draft: UpdateDraft, by: Actor, at: Date) throws -> IncidentUpdate {
        fatalError("not yet")
    }

    /// Posts a "resolved" update; components not named in `componentChanges` return to operational
    /// (unless another active incident still holds them).
    public func resolve(incidentID: Int64, body: LocalizedText, componentChanges: [ComponentStatusChange], by: Actor,
                        at: Date) throws -> IncidentUpdate {
        fatalError("not yet")
    }

    public func editUpdate(updateID: Int64, body: LocalizedText, by: Actor, at: Date) throws { fatalError("not yet") }

    public func deleteUpdate(updateID: Int64, by: Actor, at: Date) throws { fatalError("not yet") }

    public func setComponentStatus(componentID: Int64, status: ComponentStatus, by: Actor, at: Date) throws {
        fatalError("not yet")
    }

    // MARK: Maintenance

    public func createMaintenance(_ draft: MaintenanceDraft, by: Actor, at: Date) throws -> Maintenance { fatalError("not yet") }

    public func cancelMaintenance(id: Int64, by: Actor, at: Date) throws { fatalError("not yet") }

    public func extendMaintenance(id: Int64, endsAt: Date, by: Actor, at: Date) throws { fatalError("not yet") }

    public func completeMaintenance(id: Int64, by: Actor, at: Date) throws { fatalError("not yet") }

    // MARK: Components and groups (admins)

    public func createComponent(_ draft: ComponentDraft, by: Actor, at: Date) throws -> Component { fatalError("not yet") }

    public func updateComponent(id: Int64, _ draft: ComponentDraft, by: Actor, at: Date) throws { fatalError("not yet") }

    public func moveComponent(id: Int64, up: Bool, by: Actor, at: Date) throws { fatalError("not yet") }

    public func deleteComponent(id: Int64, force: Bool, by: Actor, at: Date) throws { fatalError("not yet") }

    public func createGroup(_ draft: GroupDraft, by: Actor, at: Date) throws -> ComponentGroup { fatalError("not yet") }

    public func updateGroup(id: Int64, _ draft: GroupDraft, by: Actor, at: Date) throws { fatalError("not yet") }

    public func moveGroup(id: Int64, up: Bool, by: Actor, at: Date) throws { fatalError("not yet") }

    public func deleteGroup(id: Int64, by: Actor, at: Date) throws { fatalError("not yet") }

    // MARK: Templates (editors may manage them: they are publishing aids)

    public func saveTemplate(id: Int64?, name: String, title: LocalizedText, body: LocalizedText, by: Actor,
                             at: Date) throws -> MessageTemplate {
        fatalError("not yet")
    }

    public func deleteTemplate(id: Int64, by: Actor, at: Date) throws { fatalError("not yet") }
}
