import Foundation
import GRDB
import StatusModel

// Component groups and components.
extension StatusStore {
    /// All groups, by position.
    public func groups() throws -> [ComponentGroup] {
        try read { db in try Self.loadGroups(db) }
    }

    /// All components, hidden ones included: ungrouped first, then by group position, then position.
    public func components() throws -> [Component] {
        try read { db in try Self.loadComponents(db) }
    }

    public func component(id: Int64) throws -> Component? {
        try read { db in try Self.loadComponents(db).first { $0.id == id } }
    }

    public func createGroup(name: LocalizedText, description: LocalizedText = LocalizedText(), position: Int? = nil,
                            isCollapsed: Bool = false, at: Date = Date(), by actor: Actor) throws -> ComponentGroup {
        guard !name.isEmpty else { throw StoreError.invalid("a group needs a name") }
        return try write { db in
            let position = try position ?? Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position) + 1, 0) FROM component_group") ?? 0
            try db.execute(sql: "INSERT INTO component_group (position, is_collapsed) VALUES (?, ?)", arguments: [position, isCollapsed])
            let id = db.lastInsertedRowID
            try LocalizedTexts.save(name, owner: .group, id: id, field: .name, in: db)
            try LocalizedTexts.save(description, owner: .group, id: id, field: .description, in: db)
            let group = ComponentGroup(id: id, name: name, description: description, position: position, isCollapsed: isCollapsed)
            try Self.audit(db, actor: actor, at: at, action: "group.create", entityType: "component_group", entityID: id,
                           before: nil, after: AuditJSON.group(group))
            return group
        }
    }

    public func createComponent(slug: String, groupID: Int64? = nil, name: LocalizedText, description: LocalizedText = LocalizedText(),
                                position: Int? = nil, status: ComponentStatus = .operational, isHidden: Bool = false,
                                createdAt: Date, by actor: Actor) throws -> Component {
        guard Self.isValidSlug(slug) else {
            throw StoreError.invalid("slug '\(slug)' must be 1-64 characters of a-z, 0-9 and '-'")
        }
        guard !name.isEmpty else { throw StoreError.invalid("a component needs a name") }
        return try write { db in
            if let groupID, try !Self.exists(db, table: "component_group", id: groupID) {
                throw StoreError.notFound(kind: "group", id: groupID)
            }
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM component WHERE slug = ?)", arguments: [slug]) ?? false {
                throw StoreError.invalid("slug '\(slug)' is already used by another component")
            }
            let position = try position ?? Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position) + 1, 0) FROM component WHERE group_id IS ?",
                                                        arguments: [groupID]) ?? 0
            try db.execute(sql: """
                INSERT INTO component (slug, group_id, position, status, is_hidden, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [slug, groupID, position, status.rawValue, isHidden, createdAt.storeMillis])
            let id = db.lastInsertedRowID
            try LocalizedTexts.save(name, owner: .component, id: id, field: .name, in: db)
            try LocalizedTexts.save(description, owner: .component, id: id, field: .description, in: db)
            let component = Component(id: id, slug: slug, groupID: groupID, name: name, description: description, position: position,
                                      status: status, isHidden: isHidden, createdAt: Date(storeMillis: createdAt.storeMillis))
            try Self.audit(db, actor: actor, at: createdAt, action: "component.create", entityType: "component", entityID: id,
                           before: nil, after: AuditJSON.component(component))
            return component
        }
    }

    public func setComponentStatus(id: Int64, status: ComponentStatus, at: Date = Date(), by actor: Actor,
                                   notify: Bool = false) throws {
        try write { db in
            guard let before = try Self.loadComponent(db, id: id) else { throw StoreError.notFound(kind: "component", id: id) }
            try db.execute(sql: "UPDATE component SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
            try Self.auditComponent(db, actor: actor, at: at, action: "component.status", before: before)
            if notify { try Self.enqueueComponentChanges(db, before: [id: before.status], at: at) }
        }
    }

    static func isValidSlug(_ slug: String) -> Bool {
        (1...64).contains(slug.count) && slug.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func exists(_ db: Database, table: String, id: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id]) ?? false
    }

    /// Throws `.notFound` for the first id that is not a component, `.invalid` for one named twice.
    static func requireComponents(_ ids: [Int64], in db: Database) throws {
        var seen = Set<Int64>()
        for id in ids {
            guard seen.insert(id).inserted else { throw StoreError.invalid("component \(id) is named more than once") }
            guard try exists(db, table: "component", id: id) else { throw StoreError.notFound(kind: "component", id: id) }
        }
    }

    static func loadGroups(_ db: Database) throws -> [ComponentGroup] {
        let rows = try Row.fetchAll(db, sql: "SELECT id, position, is_collapsed FROM component_group ORDER BY position, id")
        let texts = try LocalizedTexts.load(owner: .group, ids: rows.map { $0["id"] }, in: db)
        return rows.map { row in
            let id: Int64 = row["id"]
            return ComponentGroup(id: id, name: texts[id][.name], description: texts[id][.description],
                                  position: row["position"], isCollapsed: row["is_collapsed"])
        }
    }

    static func loadComponents(_ db: Database) throws -> [Component] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT c.* FROM component c LEFT JOIN component_group g ON g.id = c.group_id
            ORDER BY g.position, g.id, c.position, c.id
            """)
        let texts = try LocalizedTexts.load(owner: .component, ids: rows.map { $0["id"] }, in: db)
        return try rows.map { row in
            let id: Int64 = row["id"]
            return Component(id: id, slug: row["slug"], groupID: row["group_id"], name: texts[id][.name],
                             description: texts[id][.description], position: row["position"],
                             status: try row.enumeration("status", as: ComponentStatus.self),
                             isHidden: row["is_hidden"], createdAt: row.date("created_at"))
        }
    }
}
