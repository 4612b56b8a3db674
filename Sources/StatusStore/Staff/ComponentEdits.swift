import Foundation
import GRDB
import StatusModel

// Editing, ordering and removing components and groups.
extension StatusStore {
    public func group(id: Int64) throws -> ComponentGroup? {
        try read { db in try Self.loadGroups(db).first { $0.id == id } }
    }

    /// Replaces slug, group, texts and visibility (status is left alone). Moving to another group
    /// puts the component last there.
    @discardableResult
    public func updateComponent(id: Int64, slug: String, groupID: Int64?, name: LocalizedText, description: LocalizedText,
                                isHidden: Bool, at: Date, by actor: Actor) throws -> Component {
        guard Self.isValidSlug(slug) else {
            throw StoreError.invalid("slug '\(slug)' must be 1-64 characters of a-z, 0-9 and '-'")
        }
        guard !name.isEmpty else { throw StoreError.invalid("a component needs a name") }
        return try write { db in
            let before = try Self.requireComponent(db, id: id)
            if let groupID, try !Self.exists(db, table: "component_group", id: groupID) {
                throw StoreError.notFound(kind: "group", id: groupID)
            }
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM component WHERE slug = ? AND id <> ?)",
                                 arguments: [slug, id]) ?? false {
                throw StoreError.conflict("slug '\(slug)' is already used by another component")
            }
            var position = before.position
            if groupID != before.groupID {
                position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position) + 1, 0) FROM component WHERE group_id IS ?",
                                            arguments: [groupID]) ?? 0
            }
            try db.execute(sql: "UPDATE component SET slug = ?, group_id = ?, position = ?, is_hidden = ? WHERE id = ?",
                           arguments: [slug, groupID, position, isHidden, id])
            try LocalizedTexts.save(name, owner: .component, id: id, field: .name, in: db)
            try LocalizedTexts.save(description, owner: .component, id: id, field: .description, in: db)
            try Self.auditComponent(db, actor: actor, at: at, action: "component.update", before: before)
            return try Self.requireComponent(db, id: id)
        }
    }

    public func setComponentHidden(id: Int64, isHidden: Bool, at: Date, by actor: Actor) throws {
        try write { db in
            let before = try Self.requireComponent(db, id: id)
            try db.execute(sql: "UPDATE component SET is_hidden = ? WHERE id = ?", arguments: [isHidden, id])
            try Self.auditComponent(db, actor: actor, at: at, action: isHidden ? "component.hide" : "component.show", before: before)
        }
    }

    /// Swaps the component with its neighbour in its group; at an end, nothing changes.
    public func moveComponent(id: Int64, up: Bool, at: Date, by actor: Actor) throws {
        try write { db in
            let before = try Self.requireComponent(db, id: id)
            var siblings = try Self.componentSiblings(db, groupID: before.groupID)
            guard let index = siblings.firstIndex(of: id) else { return }
            let target = up ? index - 1 : index + 1
            guard siblings.indices.contains(target) else { return }
            siblings.swapAt(index, target)
            try Self.renumber(db, table: "component", ids: siblings)
            try Self.auditComponent(db, actor: actor, at: at, action: "component.move", before: before)
        }
    }

    /// Moves the component to `position` (0-based, clamped) within its group, renumbering the others.
    public func setComponentPosition(id: Int64, position: Int, at: Date, by actor: Actor) throws {
        try write { db in
            let before = try Self.requireComponent(db, id: id)
            var siblings = try Self.componentSiblings(db, groupID: before.groupID).filter { $0 != id }
            siblings.insert(id, at: max(0, min(position, siblings.count)))
            try Self.renumber(db, table: "component", ids: siblings)
            try Self.auditComponent(db, actor: actor, at: at, action: "component.move", before: before)
        }
    }

    /// How many incidents and maintenances name the component: deleting it would rewrite their history.
    public func componentUsage(id: Int64) throws -> (incidents: Int, maintenances: Int) {
        try read { db in try Self.componentUsage(db, id: id) }
    }

    /// Throws `.conflict` when incidents or maintenances reference the component, unless `force`.
    public func deleteComponent(id: Int64, force: Bool, at: Date, by actor: Actor) throws {
        try write { db in
            let before = try Self.requireComponent(db, id: id)
            let usage = try Self.componentUsage(db, id: id)
            if !force && (usage.incidents > 0 || usage.maintenances > 0) {
                throw StoreError.conflict("component '\(before.slug)' is named by \(usage.incidents) incident(s) and "
                                          + "\(usage.maintenances) maintenance(s)")
            }
            // The links go with it (ON DELETE CASCADE); the audit row keeps what was there.
            try db.execute(sql: "DELETE FROM component WHERE id = ?", arguments: [id])
            try Self.renumber(db, table: "component", ids: try Self.componentSiblings(db, groupID: before.groupID))
            try Self.audit(db, actor: actor, at: at, action: "component.delete", entityType: "component", entityID: id,
                           before: AuditJSON.component(before),
                           after: AuditJSON.encode(["deleted": true, "forced": .bool(force), "incidents": .number(usage.incidents),
                                                    "maintenances": .number(usage.maintenances)]))
        }
    }

    @discardableResult
    public func updateGroup(id: Int64, name: LocalizedText, description: LocalizedText, isCollapsed: Bool, at: Date,
                            by actor: Actor) throws -> ComponentGroup {
        guard !name.isEmpty else { throw StoreError.invalid("a group needs a name") }
        return try write { db in
            let before = try Self.requireGroup(db, id: id)
            try db.execute(sql: "UPDATE component_group SET is_collapsed = ? WHERE id = ?", arguments: [isCollapsed, id])
            try LocalizedTexts.save(name, owner: .group, id: id, field: .name, in: db)
            try LocalizedTexts.save(description, owner: .group, id: id, field: .description, in: db)
            return try Self.auditGroup(db, actor: actor, at: at, action: "group.update", before: before)
        }
    }

    public func moveGroup(id: Int64, up: Bool, at: Date, by actor: Actor) throws {
        try write { db in
            let before = try Self.requireGroup(db, id: id)
            var order = try Int64.fetchAll(db, sql: "SELECT id FROM component_group ORDER BY position, id")
            guard let index = order.firstIndex(of: id) else { return }
            let target = up ? index - 1 : index + 1
            guard order.indices.contains(target) else { return }
            order.swapAt(index, target)
            try Self.renumber(db, table: "component_group", ids: order)
            _ = try Self.auditGroup(db, actor: actor, at: at, action: "group.move", before: before)
        }
    }

    /// Its components become ungrouped (they are not deleted), after the ungrouped ones.
    public func deleteGroup(id: Int64, at: Date, by actor: Actor) throws {
        try write { db in
            let before = try Self.requireGroup(db, id: id)
            let members = try Self.componentSiblings(db, groupID: id)
            let ungrouped = try Self.componentSiblings(db, groupID: nil)
            try db.execute(sql: "DELETE FROM component_group WHERE id = ?", arguments: [id])
            try Self.renumber(db, table: "component", ids: ungrouped + members)
            try Self.renumber(db, table: "component_group",
                              ids: try Int64.fetchAll(db, sql: "SELECT id FROM component_group ORDER BY position, id"))
            try Self.audit(db, actor: actor, at: at, action: "group.delete", entityType: "component_group", entityID: id,
                           before: AuditJSON.group(before), after: AuditJSON.encode(["ungrouped_component_ids": .ids(members)]))
        }
    }

    // MARK: Helpers

    static func loadComponent(_ db: Database, id: Int64) throws -> Component? {
        try loadComponents(db).first { $0.id == id }
    }

    static func requireComponent(_ db: Database, id: Int64) throws -> Component {
        guard let component = try loadComponent(db, id: id) else { throw StoreError.notFound(kind: "component", id: id) }
        return component
    }

    static func requireGroup(_ db: Database, id: Int64) throws -> ComponentGroup {
        guard let group = try loadGroups(db).first(where: { $0.id == id }) else { throw StoreError.notFound(kind: "group", id: id) }
        return group
    }

    static func componentUsage(_ db: Database, id: Int64) throws -> (incidents: Int, maintenances: Int) {
        let incidents = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (SELECT incident_id FROM incident_component WHERE component_id = ?
                                  UNION SELECT u.incident_id FROM incident_update_component uc
                                        JOIN incident_update u ON u.id = uc.update_id WHERE uc.component_id = ?)
            """, arguments: [id, id]) ?? 0
        let maintenances = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM maintenance_component WHERE component_id = ?",
                                            arguments: [id]) ?? 0
        return (incidents, maintenances)
    }

    /// The components of a group (or the ungrouped ones), in display order.
    static func componentSiblings(_ db: Database, groupID: Int64?) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM component WHERE group_id IS ? ORDER BY position, id", arguments: [groupID])
    }

    /// Positions 0, 1, 2, ... in the given order. `table` is one of our own table names, never input.
    static func renumber(_ db: Database, table: String, ids: [Int64]) throws {
        for (position, id) in ids.enumerated() {
            try db.execute(sql: "UPDATE \(table) SET position = ? WHERE id = ?", arguments: [position, id])
        }
    }

    static func auditComponent(_ db: Database, actor: Actor, at: Date, action: String, before: Component) throws {
        let after = try loadComponent(db, id: before.id)
        try audit(db, actor: actor, at: at, action: action, entityType: "component", entityID: before.id,
                  before: AuditJSON.component(before), after: after.map(AuditJSON.component))
    }

    static func auditGroup(_ db: Database, actor: Actor, at: Date, action: String, before: ComponentGroup) throws -> ComponentGroup {
        let after = try requireGroup(db, id: before.id)
        try audit(db, actor: actor, at: at, action: action, entityType: "component_group", entityID: before.id,
                  before: AuditJSON.group(before), after: AuditJSON.group(after))
        return after
    }
}
