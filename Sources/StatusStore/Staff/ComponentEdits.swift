import Foundation
import GRDB
import StatusModel

// Editing, ordering and removing components and groups.
extension StatusStore {
    public func group(id: Int64) throws -> ComponentGroup? { fatalError("not yet") }

    /// Replaces slug, group, texts and visibility (status is left alone). Moving to another group
    /// puts the component last there.
    @discardableResult
    public func updateComponent(id: Int64, slug: String, groupID: Int64?, name: LocalizedText, description: LocalizedText,
                                isHidden: Bool, at: Date, by actor: Actor) throws -> Component {
        fatalError("not yet")
    }

    public func setComponentHidden(id: Int64, isHidden: Bool, at: Date, by actor: Actor) throws { fatalError("not yet") }

    /// Swaps the component with its neighbour in its group; at an end, nothing changes.
    public func moveComponent(id: Int64, up: Bool, at: Date, by actor: Actor) throws { fatalError("not yet") }

    /// Moves the component to `position` (0-based, clamped) within its group, renumbering the others.
    public func setComponentPosition(id: Int64, position: Int, at: Date, by actor: Actor) throws { fatalError("not yet") }

    /// How many incidents and maintenances name the component: deleting it would rewrite their history.
    public func componentUsage(id: Int64) throws -> (incidents: Int, maintenances: Int) { fatalError("not yet") }

    /// Throws `.conflict` when incidents or maintenances reference the component, unless `force`.
    public func deleteComponent(id: Int64, force: Bool, at: Date, by actor: Actor) throws { fatalError("not yet") }

    @discardableResult
    public func updateGroup(id: Int64, name: LocalizedText, description: LocalizedText, isCollapsed: Bool, at: Date,
                            by actor: Actor) throws -> ComponentGroup {
        fatalError("not yet")
    }

    public func moveGroup(id: Int64, up: Bool, at: Date, by actor: Actor) throws { fatalError("not yet") }

    /// Its components become ungrouped (they are not deleted).
    public func deleteGroup(id: Int64, at: Date, by actor: Actor) throws { fatalError("not yet") }

    static func loadComponent(_ db: Database, id: Int64) throws -> Component? {
        try loadComponents(db).first { $0.id == id }
    }

    static func auditComponent(_ db: Database, actor: Actor, at: Date, action: String, before: Component) throws {
        let after = try loadComponent(db, id: before.id)
        try audit(db, actor: actor, at: at, action: action, entityType: "component", entityID: before.id,
                  before: AuditJSON.component(before), after: after.map(AuditJSON.component))
    }
}
