import Foundation
import GRDB
import StatusModel

// API tokens: only the SHA-256 hash of a token is stored. None of this shows on public pages,
// so these writes leave the data version (and the render cache) alone.
extension StatusStore {
    /// Throws `.conflict` when a live token already has `name`.
    public func createToken(name: String, role: StaffRole, hash: String, prefix: String, language: LanguageCode? = nil,
                            at: Date, by actor: Actor) throws -> APIToken {
        try writeQuietly { db in
            if try Self.loadToken(db, whereSQL: "name = ? AND revoked_at IS NULL", arguments: [name]) != nil {
                throw StoreError.conflict("a token named '\(name)' already exists")
            }
            try db.execute(sql: """
                INSERT INTO api_token (name, role, token_hash, prefix, language, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [name, role.rawValue, hash, prefix, language?.rawValue, at.storeMillis])
            let id = db.lastInsertedRowID
            guard let token = try Self.loadToken(db, whereSQL: "id = ?", arguments: [id]) else {
                throw StoreError.notFound(kind: "token", id: id)
            }
            try Self.audit(db, actor: actor, at: at, action: "token.create", entityType: "token", entityID: id,
                           before: nil, after: AuditJSON.token(token))
            return token
        }
    }

    /// All tokens, revoked ones too, newest first.
    public func tokens() throws -> [APIToken] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY id DESC").map(Self.apiToken) }
    }

    public func token(id: Int64) throws -> APIToken? {
        try read { db in try Self.loadToken(db, whereSQL: "id = ?", arguments: [id]) }
    }

    /// The live (not revoked) token called `name`.
    public func token(name: String) throws -> APIToken? {
        try read { db in try Self.loadToken(db, whereSQL: "name = ? AND revoked_at IS NULL", arguments: [name]) }
    }

    /// The token with this hash, revoked or not (callers check `revokedAt`).
    public func token(hash: String) throws -> APIToken? {
        try read { db in try Self.loadToken(db, whereSQL: "token_hash = ?", arguments: [hash]) }
    }

    /// Records use; not audited.
    public func touchToken(id: Int64, at: Date) throws {
        try writeQuietly { db in
            try db.execute(sql: "UPDATE api_token SET last_used_at = MAX(COALESCE(last_used_at, 0), ?) WHERE id = ?",
                           arguments: [at.storeMillis, id])
        }
    }

    /// Throws `.notFound` for an unknown id, `.conflict` when already revoked.
    public func revokeToken(id: Int64, at: Date, by actor: Actor) throws {
        try writeQuietly { db in
            guard let before = try Self.loadToken(db, whereSQL: "id = ?", arguments: [id]) else {
                throw StoreError.notFound(kind: "token", id: id)
            }
            guard before.revokedAt == nil else { throw StoreError.conflict("token \(id) is already revoked") }
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ?", arguments: [at.storeMillis, id])
            let after = try Self.loadToken(db, whereSQL: "id = ?", arguments: [id])
            try Self.audit(db, actor: actor, at: at, action: "token.revoke", entityType: "token", entityID: id,
                           before: AuditJSON.token(before), after: after.map(AuditJSON.token))
        }
    }

    static func apiToken(_ row: Row) throws -> APIToken {
        APIToken(id: row["id"], name: row["name"], role: try row.enumeration("role", as: StaffRole.self), prefix: row["prefix"],
                 createdAt: row.date("created_at"), lastUsedAt: row.optionalDate("last_used_at"),
                 revokedAt: row.optionalDate("revoked_at"), language: (row["language"] as String?).flatMap(LanguageCode.init))
    }

    static func loadToken(_ db: Database, whereSQL: String, arguments: StatementArguments) throws -> APIToken? {
        try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE \(whereSQL)", arguments: arguments).map(apiToken)
    }
}
