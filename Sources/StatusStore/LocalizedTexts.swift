import Foundation
import GRDB
import StatusModel

/// Rows of `localized_text`: one per (owner, field, language), so any number of languages fit.
enum TextOwner: String {
    case group = "component_group", component, incident, incidentUpdate = "incident_update", maintenance
}

enum TextField: String {
    case name, description, title, body
}

enum LocalizedTexts {
    /// Replaces the owner's text for `field` with `text` (all languages).
    static func save(_ text: LocalizedText, owner: TextOwner, id: Int64, field: TextField, in db: Database) throws {
        try db.execute(sql: "DELETE FROM localized_text WHERE owner_type = ? AND owner_id = ? AND field = ?",
                       arguments: [owner.rawValue, id, field.rawValue])
        for (language, body) in text.values.sorted(by: { $0.key < $1.key }) where !body.isEmpty {
            try db.execute(sql: "INSERT INTO localized_text (owner_type, owner_id, field, language, body) VALUES (?, ?, ?, ?, ?)",
                           arguments: [owner.rawValue, id, field.rawValue, language.rawValue, body])
        }
    }

    /// Every text of the given owners, in one query per 500 owners.
    static func load(owner: TextOwner, ids: [Int64], in db: Database) throws -> [Int64: [TextField: LocalizedText]] {
        let rows = try fetchRows(db, sql: """
            SELECT owner_id, field, language, body FROM localized_text
            WHERE owner_type = ? AND owner_id IN (%IDS%)
            """, ids: ids, leadingArguments: [owner.rawValue])
        var result: [Int64: [TextField: LocalizedText]] = [:]
        for row in rows {
            guard let field = TextField(rawValue: row["field"]), let language = LanguageCode(row["language"]) else { continue }
            let ownerID: Int64 = row["owner_id"]
            result[ownerID, default: [:]][field, default: LocalizedText()][language] = row["body"]
        }
        return result
    }
}

extension Optional where Wrapped == [TextField: LocalizedText] {
    subscript(field: TextField) -> LocalizedText { (self?[field]) ?? LocalizedText() }
}
