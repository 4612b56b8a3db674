import Foundation
import GRDB
import StatusModel

// Postmortems: a draft staff edit and preview, and the published copy the public sees.
extension StatusStore {
    /// The draft (with the published copy, if any) of an incident's postmortem; nil when none was written.
    public func postmortemDraft(incidentID: Int64) throws -> PostmortemDraft? {
        try read { db in try Self.loadDraft(db, incidentID: incidentID) }
    }

    /// Creates or replaces the draft. Only a resolved incident gets a postmortem.
    @discardableResult
    public func savePostmortemDraft(incidentID: Int64, body: LocalizedText, at: Date, by actor: Actor) throws -> PostmortemDraft {
        guard !body.isEmpty else { throw StoreError.invalid("a postmortem needs a text") }
        return try write { db in
            let incident = try Self.requireIncident(db, id: incidentID)
            guard !incident.isActive else {
                throw StoreError.conflict("incident \(incidentID) is not resolved; a postmortem follows the resolution")
            }
            let before = try Self.loadDraft(db, incidentID: incidentID)
            try db.execute(sql: """
                INSERT INTO postmortem (incident_id, draft_saved_at) VALUES (?, ?)
                ON CONFLICT (incident_id) DO UPDATE SET draft_saved_at = excluded.draft_saved_at
                """, arguments: [incidentID, at.storeMillis])
            try Self.saveTexts(db, incidentID: incidentID, version: "draft", body: body)
            guard let after = try Self.loadDraft(db, incidentID: incidentID) else { throw StoreError.database("postmortem vanished") }
            try Self.audit(db, actor: actor, at: at, action: "postmortem.save", entityType: "incident", entityID: incidentID,
                           before: before.map(AuditJSON.postmortem), after: AuditJSON.postmortem(after))
            return after
        }
    }

    /// Publishes the draft: the public pages, feeds and API show it from now on. The first
    /// publication's time stays `publishedAt`. With `notify`, subscribers of the incident's
    /// components are told (an `incident.postmortem` event in the outbox, same transaction).
    @discardableResult
    public func publishPostmortem(incidentID: Int64, notify: Bool, at: Date, by actor: Actor) throws -> Incident {
        try write { db in
            _ = try Self.requireIncident(db, id: incidentID)
            guard let before = try Self.loadDraft(db, incidentID: incidentID) else {
                throw StoreError.conflict("incident \(incidentID) has no postmortem draft to publish")
            }
            try db.execute(sql: """
                UPDATE postmortem SET published_at = COALESCE(published_at, ?), last_published_at = ? WHERE incident_id = ?
                """, arguments: [at.storeMillis, at.storeMillis, incidentID])
            try Self.saveTexts(db, incidentID: incidentID, version: "published", body: before.body)
            let incident = try Self.requireIncident(db, id: incidentID)
            let after = try Self.loadDraft(db, incidentID: incidentID)
            try Self.audit(db, actor: actor, at: at, action: "postmortem.publish", entityType: "incident", entityID: incidentID,
                           before: AuditJSON.postmortem(before), after: after.map(AuditJSON.postmortem))
            if notify {
                try Self.enqueue(db, kind: .incidentPostmortem, subject: .incident(incident, update: nil), at: at)
            }
            return incident
        }
    }

    // MARK: - Helpers

    private static func saveTexts(_ db: Database, incidentID: Int64, version: String, body: LocalizedText) throws {
        try db.execute(sql: "DELETE FROM postmortem_text WHERE incident_id = ? AND version = ?", arguments: [incidentID, version])
        for (language, text) in body.values.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT INTO postmortem_text (incident_id, version, language, body) VALUES (?, ?, ?, ?)",
                           arguments: [incidentID, version, language.rawValue, text])
        }
    }

    private static func texts(_ db: Database, incidentIDs: [Int64], version: String) throws -> [Int64: LocalizedText] {
        var result: [Int64: LocalizedText] = [:]
        for row in try fetchRows(db, sql: """
            SELECT incident_id, language, body FROM postmortem_text WHERE version = ? AND incident_id IN (%IDS%)
            """, ids: incidentIDs, leadingArguments: [version]) {
            guard let language = LanguageCode(row["language"]) else { continue }
            result[row["incident_id"], default: LocalizedText()][language] = row["body"]
        }
        return result
    }

    /// The published postmortems of the given incidents, in two queries.
    static func loadPublishedPostmortems(_ db: Database, incidentIDs: [Int64]) throws -> [Int64: Postmortem] {
        let rows = try fetchRows(db, sql: """
            SELECT incident_id, published_at, last_published_at FROM postmortem
            WHERE published_at IS NOT NULL AND incident_id IN (%IDS%)
            """, ids: incidentIDs)
        guard !rows.isEmpty else { return [:] }
        let bodies = try texts(db, incidentIDs: rows.map { $0["incident_id"] }, version: "published")
        var result: [Int64: Postmortem] = [:]
        for row in rows {
            let id: Int64 = row["incident_id"]
            guard let body = bodies[id], !body.isEmpty else { continue }
            result[id] = Postmortem(body: body, publishedAt: row.date("published_at"), lastPublishedAt: row.date("last_published_at"))
        }
        return result
    }

    private static func loadDraft(_ db: Database, incidentID: Int64) throws -> PostmortemDraft? {
        guard let row = try Row.fetchOne(db, sql: "SELECT draft_saved_at FROM postmortem WHERE incident_id = ?",
                                         arguments: [incidentID]) else { return nil }
        let body = try texts(db, incidentIDs: [incidentID], version: "draft")[incidentID] ?? LocalizedText()
        let published = try loadPublishedPostmortems(db, incidentIDs: [incidentID])[incidentID]
        return PostmortemDraft(incidentID: incidentID, body: body, savedAt: row.date("draft_saved_at"), published: published)
    }
}

extension AuditJSON {
    static func postmortem(_ draft: PostmortemDraft) -> String {
        encode(["incident_id": .int(draft.incidentID), "draft": text(draft.body), "draft_saved_at": time(draft.savedAt),
                "published": draft.published.map { text($0.body) } ?? .null,
                "published_at": time(draft.published?.publishedAt), "last_published_at": time(draft.published?.lastPublishedAt)])
    }
}
