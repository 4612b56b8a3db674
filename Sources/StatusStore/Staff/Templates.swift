import Foundation
import GRDB
import StatusModel

// Reusable message templates. Not shown publicly, so writes leave the data version alone.
extension StatusStore {
    /// By name.
    public func templates() throws -> [MessageTemplate] {
        try read { db in try Self.loadTemplates(db, whereSQL: "1", arguments: []) }
    }

    public func template(id: Int64) throws -> MessageTemplate? {
        try read { db in try Self.loadTemplates(db, whereSQL: "id = ?", arguments: [id]).first }
    }

    /// Throws `.conflict` when the name is taken.
    public func createTemplate(name: String, title: LocalizedText, body: LocalizedText, at: Date,
                               by actor: Actor) throws -> MessageTemplate {
        try writeQuietly { db in
            try Self.requireFreeTemplateName(db, name: name, except: nil)
            try db.execute(sql: "INSERT INTO message_template (name, created_at, updated_at) VALUES (?, ?, ?)",
                           arguments: [name, at.storeMillis, at.storeMillis])
            let id = db.lastInsertedRowID
            try Self.saveTemplateTexts(db, id: id, title: title, body: body)
            let template = try Self.requireTemplate(db, id: id)
            try Self.audit(db, actor: actor, at: at, action: "template.create", entityType: "template", entityID: id,
                           before: nil, after: AuditJSON.template(template))
            return template
        }
    }

    public func updateTemplate(id: Int64, name: String, title: LocalizedText, body: LocalizedText, at: Date,
                               by actor: Actor) throws -> MessageTemplate {
        try writeQuietly { db in
            let before = try Self.requireTemplate(db, id: id)
            try Self.requireFreeTemplateName(db, name: name, except: id)
            try db.execute(sql: "UPDATE message_template SET name = ?, updated_at = ? WHERE id = ?",
                           arguments: [name, at.storeMillis, id])
            try Self.saveTemplateTexts(db, id: id, title: title, body: body)
            let after = try Self.requireTemplate(db, id: id)
            try Self.audit(db, actor: actor, at: at, action: "template.update", entityType: "template", entityID: id,
                           before: AuditJSON.template(before), after: AuditJSON.template(after))
            return after
        }
    }

    public func deleteTemplate(id: Int64, at: Date, by actor: Actor) throws {
        try writeQuietly { db in
            let before = try Self.requireTemplate(db, id: id)
            try db.execute(sql: "DELETE FROM message_template WHERE id = ?", arguments: [id])
            try Self.audit(db, actor: actor, at: at, action: "template.delete", entityType: "template", entityID: id,
                           before: AuditJSON.template(before), after: nil)
        }
    }

    private static func requireFreeTemplateName(_ db: Database, name: String, except id: Int64?) throws {
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM message_template WHERE name = ? AND id IS NOT ?)",
                             arguments: [name, id]) ?? false {
            throw StoreError.conflict("a template named '\(name)' already exists")
        }
    }

    private static func requireTemplate(_ db: Database, id: Int64) throws -> MessageTemplate {
        guard let template = try loadTemplates(db, whereSQL: "id = ?", arguments: [id]).first else {
            throw StoreError.notFound(kind: "template", id: id)
        }
        return template
    }

    private static func saveTemplateTexts(_ db: Database, id: Int64, title: LocalizedText, body: LocalizedText) throws {
        try db.execute(sql: "DELETE FROM message_template_text WHERE template_id = ?", arguments: [id])
        for (field, text) in [("title", title), ("body", body)] {
            for (language, value) in text.values.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: """
                    INSERT INTO message_template_text (template_id, field, language, body) VALUES (?, ?, ?, ?)
                    """, arguments: [id, field, language.rawValue, value])
            }
        }
    }

    private static func loadTemplates(_ db: Database, whereSQL: String, arguments: StatementArguments) throws -> [MessageTemplate] {
        let rows = try Row.fetchAll(db, sql: "SELECT id, name FROM message_template WHERE \(whereSQL) ORDER BY name, id",
                                    arguments: arguments)
        let texts = try fetchRows(db, sql: """
            SELECT template_id, field, language, body FROM message_template_text WHERE template_id IN (%IDS%)
            """, ids: rows.map { $0["id"] })
        var titles: [Int64: LocalizedText] = [:], bodies: [Int64: LocalizedText] = [:]
        for row in texts {
            guard let language = LanguageCode(row["language"]) else { continue }
            let id: Int64 = row["template_id"]
            if (row["field"] as String) == "title" {
                titles[id, default: LocalizedText()][language] = row["body"]
            } else {
                bodies[id, default: LocalizedText()][language] = row["body"]
            }
        }
        return rows.map { row in
            let id: Int64 = row["id"]
            return MessageTemplate(id: id, name: row["name"], title: titles[id] ?? LocalizedText(), body: bodies[id] ?? LocalizedText())
        }
    }
}
