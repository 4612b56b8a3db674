import Foundation
import SiteSettings
import StatusModel
import StatusStore

/// The one way staff changes reach the store, for the admin UI and the API alike:
/// check the role, validate with StatusModel's rules, write (audited, one transaction),
/// then `onChange(change)` so the web module renders cached public pages afresh and the caches in
/// front purge what `change` touched. Failures throw `PublishingError`.
public final class Publishing: Sendable {
    public let store: StatusStore
    public let languages: [LanguageCode]
    private let onChange: @Sendable (PublishedChange) -> Void

    public init(store: StatusStore, settings: SiteSettings, onChange: @escaping @Sendable (PublishedChange) -> Void) {
        self.store = store
        languages = settings.languages
        self.onChange = onChange
    }

    // MARK: Incidents

    /// `notify`: whether subscribers are told (email and webhooks), decided per post by staff.
    public func createIncident(_ draft: IncidentDraft, by actor: Actor, at: Date, notify: Bool = true) throws -> Incident {
        try perform(actor, .publish, change: { .incident($0.id) }) {
            try check(draft.validate(languages: languages, knownComponents: try knownComponents()))
            return try store.createIncident(title: draft.title, impact: draft.impact, status: draft.status, body: draft.body,
                                            componentChanges: draft.componentChanges, at: at, by: actor, notify: notify)
        }
    }

    /// Changes title and impact of a published incident.
    public func updateIncident(id: Int64, title: LocalizedText, impact: IncidentImpact, by actor: Actor, at: Date) throws -> Incident {
        try perform(actor, .publish, change: { _ in .incident(id) }) {
            try check(IncidentEditDraft(title: title, impact: impact).validate(languages: languages))
            return try store.updateIncident(id: id, title: title, impact: impact, at: at, by: actor)
        }
    }

    public func addUpdate(incidentID: Int64, _ draft: UpdateDraft, by actor: Actor, at: Date, notify: Bool = true) throws -> IncidentUpdate {
        try perform(actor, .publish, change: { _ in .incident(incidentID) }) {
            guard try store.incident(id: incidentID) != nil else { throw StoreError.notFound(kind: "incident", id: incidentID) }
            try check(draft.validate(languages: languages, knownComponents: try knownComponents()))
            return try store.addUpdate(incidentID: incidentID, status: draft.status, body: draft.body,
                                       componentChanges: draft.componentChanges, at: at, by: actor, notify: notify)
        }
    }

    /// Posts a "resolved" update; components not named in `componentChanges` return to operational
    /// (unless another active incident still holds them).
    public func resolve(incidentID: Int64, body: LocalizedText, componentChanges: [ComponentStatusChange], by actor: Actor,
                        at: Date, notify: Bool = true) throws -> IncidentUpdate {
        try addUpdate(incidentID: incidentID, UpdateDraft(status: .resolved, body: body, componentChanges: componentChanges),
                      by: actor, at: at, notify: notify)
    }

    public func editUpdate(updateID: Int64, body: LocalizedText, by actor: Actor, at: Date) throws {
        try perform(actor, .publish, change: { .incident($0) }) {
            guard let update = try store.update(id: updateID) else { throw StoreError.notFound(kind: "incident update", id: updateID) }
            try check(UpdateDraft(status: update.status, body: body).validate(languages: languages, knownComponents: []))
            try store.editUpdate(id: updateID, body: body, at: at, by: actor)
            return update.incidentID
        }
    }

    public func deleteUpdate(updateID: Int64, by actor: Actor, at: Date) throws {
        try perform(actor, .publish, change: { $0.map { .incident($0) } ?? .everything }) {
            let incidentID = try store.update(id: updateID)?.incidentID
            try store.deleteUpdate(id: updateID, at: at, by: actor)
            return incidentID
        }
    }

    /// Editors may set a component's status directly (a quick "degraded" without an incident).
    /// Webhooks hear of it unless `notify` is off; email subscribers never do (see NotificationEventKind.isEmailed).
    public func setComponentStatus(componentID: Int64, status: ComponentStatus, by actor: Actor, at: Date, notify: Bool = true) throws {
        try perform(actor, .publish) {
            try store.setComponentStatus(id: componentID, status: status, at: at, by: actor, notify: notify)
        }
    }

    // MARK: Postmortems

    /// Saves the draft of a resolved incident's postmortem; the public sees nothing until it is published.
    public func savePostmortem(incidentID: Int64, body: LocalizedText, by actor: Actor, at: Date) throws -> PostmortemDraft {
        try perform(actor, .publish, notify: false) {
            guard try store.incident(id: incidentID) != nil else { throw StoreError.notFound(kind: "incident", id: incidentID) }
            try check(PostmortemRules.validate(body, languages: languages))
            return try store.savePostmortemDraft(incidentID: incidentID, body: body, at: at, by: actor)
        }
    }

    /// Publishes the saved draft; `notify` tells subscribers of the incident's components.
    public func publishPostmortem(incidentID: Int64, notify: Bool, by actor: Actor, at: Date) throws -> Incident {
        try perform(actor, .publish) {
            try store.publishPostmortem(incidentID: incidentID, notify: notify, at: at, by: actor)
        }
    }

    // MARK: Maintenance

    /// `notify` covers the whole window: announced now, and again when it starts, ends or is cancelled.
    public func createMaintenance(_ draft: MaintenanceDraft, by actor: Actor, at: Date, notify: Bool = true) throws -> Maintenance {
        try perform(actor, .publish, change: { .maintenance($0.id) }) {
            try check(draft.validate(languages: languages, knownComponents: try knownComponents()))
            return try store.createMaintenance(title: draft.title, body: draft.body, startsAt: draft.startsAt, endsAt: draft.endsAt,
                                               componentIDs: draft.componentIDs, createdAt: at, by: actor, notify: notify)
        }
    }

    public func cancelMaintenance(id: Int64, by actor: Actor, at: Date) throws {
        try perform(actor, .publish, change: { _ in .maintenance(id) }) { try store.cancelMaintenance(id: id, at: at, by: actor) }
    }

    public func extendMaintenance(id: Int64, endsAt: Date, by actor: Actor, at: Date, notify: Bool = false) throws {
        try perform(actor, .publish, change: { _ in .maintenance(id) }) {
            guard let maintenance = try store.maintenance(id: id) else { throw StoreError.notFound(kind: "maintenance", id: id) }
            if endsAt <= maintenance.startsAt { try check([FieldError(field: "ends_at", code: .endBeforeStart)]) }
            try store.extendMaintenance(id: id, endsAt: endsAt, at: at, by: actor, notify: notify)
        }
    }

    /// Moves a window that has not started; its reminder is sent again for the new start.
    public func rescheduleMaintenance(id: Int64, startsAt: Date, endsAt: Date, by actor: Actor, at: Date, notify: Bool = false) throws {
        try perform(actor, .publish) {
            if endsAt <= startsAt { try check([FieldError(field: "ends_at", code: .endBeforeStart)]) }
            try store.rescheduleMaintenance(id: id, startsAt: startsAt, endsAt: endsAt, at: at, by: actor, notify: notify)
        }
    }

    public func completeMaintenance(id: Int64, by actor: Actor, at: Date) throws {
        try perform(actor, .publish, change: { _ in .maintenance(id) }) { try store.completeMaintenance(id: id, at: at, by: actor) }
    }

    // MARK: Components and groups (admins)

    public func createComponent(_ draft: ComponentDraft, by actor: Actor, at: Date) throws -> Component {
        try perform(actor, .manageComponents) {
            let components = try store.components()
            try check(draft.validate(languages: languages, knownGroups: Set(try store.groups().map(\.id)),
                                     takenSlugs: Set(components.map(\.slug))))
            return try store.createComponent(slug: draft.slug, groupID: draft.groupID, name: draft.name,
                                             description: draft.description, position: nil, status: .operational,
                                             isHidden: draft.isHidden, createdAt: at, by: actor)
        }
    }

    public func updateComponent(id: Int64, _ draft: ComponentDraft, by actor: Actor, at: Date) throws {
        try perform(actor, .manageComponents) {
            let components = try store.components()
            guard components.contains(where: { $0.id == id }) else { throw StoreError.notFound(kind: "component", id: id) }
            try check(draft.validate(languages: languages, knownGroups: Set(try store.groups().map(\.id)),
                                     takenSlugs: Set(components.filter { $0.id != id }.map(\.slug))))
            try store.updateComponent(id: id, slug: draft.slug, groupID: draft.groupID, name: draft.name,
                                      description: draft.description, isHidden: draft.isHidden, at: at, by: actor)
        }
    }

    public func moveComponent(id: Int64, up: Bool, by actor: Actor, at: Date) throws {
        try perform(actor, .manageComponents) { try store.moveComponent(id: id, up: up, at: at, by: actor) }
    }

    /// Refused with `.conflict` while incidents or maintenance name the component, unless `force`.
    public func deleteComponent(id: Int64, force: Bool, by actor: Actor, at: Date) throws {
        try perform(actor, .manageComponents) { try store.deleteComponent(id: id, force: force, at: at, by: actor) }
    }

    public func createGroup(_ draft: GroupDraft, by actor: Actor, at: Date) throws -> ComponentGroup {
        try perform(actor, .manageComponents) {
            try check(draft.validate(languages: languages))
            return try store.createGroup(name: draft.name, description: draft.description, position: nil,
                                         isCollapsed: draft.isCollapsed, at: at, by: actor)
        }
    }

    public func updateGroup(id: Int64, _ draft: GroupDraft, by actor: Actor, at: Date) throws {
        try perform(actor, .manageComponents) {
            guard try store.group(id: id) != nil else { throw StoreError.notFound(kind: "group", id: id) }
            try check(draft.validate(languages: languages))
            try store.updateGroup(id: id, name: draft.name, description: draft.description, isCollapsed: draft.isCollapsed,
                                  at: at, by: actor)
        }
    }

    public func moveGroup(id: Int64, up: Bool, by actor: Actor, at: Date) throws {
        try perform(actor, .manageComponents) { try store.moveGroup(id: id, up: up, at: at, by: actor) }
    }

    /// Its components become ungrouped.
    public func deleteGroup(id: Int64, by actor: Actor, at: Date) throws {
        try perform(actor, .manageComponents) { try store.deleteGroup(id: id, at: at, by: actor) }
    }

    // MARK: Templates (editors may manage them: they are publishing aids; no public page changes)

    public func saveTemplate(id: Int64?, name: String, title: LocalizedText, body: LocalizedText, by actor: Actor,
                             at: Date) throws -> MessageTemplate {
        try perform(actor, .publish, notify: false) {
            let others = try store.templates().filter { $0.id != id }
            let name = name.trimmingCharacters(in: .whitespaces)
            try check(TemplateDraft(name: name, title: title, body: body)
                .validate(languages: languages, takenNames: Set(others.map(\.name))))
            if let id {
                return try store.updateTemplate(id: id, name: name, title: title, body: body, at: at, by: actor)
            }
            return try store.createTemplate(name: name, title: title, body: body, at: at, by: actor)
        }
    }

    public func deleteTemplate(id: Int64, by actor: Actor, at: Date) throws {
        try perform(actor, .publish, notify: false) { try store.deleteTemplate(id: id, at: at, by: actor) }
    }

    // MARK: Helpers

    /// Checks the role, runs `body` with store errors mapped, and reports the change afterwards:
    /// `change` says from the result what public pages it touched (by default any of them).
    @discardableResult
    private func perform<T>(_ actor: Actor, _ permission: Permission, notify: Bool = true,
                            change: (T) -> PublishedChange = { _ in .everything }, _ body: () throws -> T) throws -> T {
        guard actor.role.allows(permission) else { throw PublishingError.forbidden }
        let result = try PublishingError.mapping(body)
        if notify { onChange(change(result)) }
        return result
    }

    private func check(_ errors: [FieldError]) throws {
        if !errors.isEmpty { throw PublishingError.validation(errors) }
    }

    private func knownComponents() throws -> Set<Int64> {
        Set(try store.components().map(\.id))
    }
}
