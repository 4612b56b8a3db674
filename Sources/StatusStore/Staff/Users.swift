import Foundation
import GRDB
import StatusModel

/// A session as stored: the hash of the cookie value, never the value itself.
public struct StoredSession: Sendable, Hashable {
    public let idHash: String
    public let user: StaffUser
    public let csrfSecret: String
    public let createdAt: Date
    public let lastSeenAt: Date

    public init(idHash: String, user: StaffUser, csrfSecret: String, createdAt: Date, lastSeenAt: Date) {
        self.idHash = idHash; self.user = user; self.csrfSecret = csrfSecret; self.createdAt = createdAt; self.lastSeenAt = lastSeenAt
    }
}

// Staff accounts and their sessions. Emails are stored trimmed and lowercased.
extension StatusStore {
    /// Throws `.conflict` when the email is taken.
    public func addUser(email: String, name: String, role: StaffRole, passwordHash: String, language: LanguageCode? = nil, at: Date,
                        by actor: Actor) throws -> StaffUser {
        let email = UserDraft.normalizedEmail(email)
        return try writeQuietly { db in
            if try Self.loadUser(db, email: email) != nil {
                throw StoreError.conflict("a staff account with email \(email) already exists")
            }
            try db.execute(sql: "INSERT INTO staff_user (email, name, role, password_hash, language, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [email, name, role.rawValue, passwordHash, language?.rawValue, at.storeMillis])
            let user = StaffUser(id: db.lastInsertedRowID, email: email, name: name, role: role,
                                 createdAt: Date(storeMillis: at.storeMillis), language: language)
            try Self.audit(db, actor: actor, at: at, action: "user.add", entityType: "user", entityID: user.id,
                           before: nil, after: AuditJSON.user(user))
            return user
        }
    }

    /// All accounts, by email.
    public func users() throws -> [StaffUser] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM staff_user ORDER BY email").map(Self.staffUser) }
    }

    public func user(id: Int64) throws -> StaffUser? {
        try read { db in try Self.loadUser(db, id: id) }
    }

    /// Case-insensitive.
    public func user(email: String) throws -> StaffUser? {
        try read { db in try Self.loadUser(db, email: UserDraft.normalizedEmail(email)) }
    }

    /// The account and its password hash, for signing in only.
    public func credentials(email: String) throws -> (user: StaffUser, passwordHash: String)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM staff_user WHERE email = ?",
                                             arguments: [UserDraft.normalizedEmail(email)]) else { return nil }
            return (try Self.staffUser(row), row["password_hash"])
        }
    }

    /// Changes name and role (email stays: it is the sign-in name).
    public func updateUser(id: Int64, name: String, role: StaffRole, at: Date, by actor: Actor) throws -> StaffUser {
        try writeQuietly { db in
            let before = try Self.requireUser(db, id: id)
            try db.execute(sql: "UPDATE staff_user SET name = ?, role = ? WHERE id = ?", arguments: [name, role.rawValue, id])
            let after = try Self.requireUser(db, id: id)
            try Self.audit(db, actor: actor, at: at, action: "user.update", entityType: "user", entityID: id,
                           before: AuditJSON.user(before), after: AuditJSON.user(after))
            return after
        }
    }

    /// Sets the language of the emails the user is sent; nil: the site's first language.
    public func setUserLanguage(id: Int64, language: LanguageCode?, at: Date, by actor: Actor) throws -> StaffUser {
        try writeQuietly { db in
            let before = try Self.requireUser(db, id: id)
            try db.execute(sql: "UPDATE staff_user SET language = ? WHERE id = ?", arguments: [language?.rawValue, id])
            let after = try Self.requireUser(db, id: id)
            try Self.audit(db, actor: actor, at: at, action: "user.language", entityType: "user", entityID: id,
                           before: AuditJSON.user(before), after: AuditJSON.user(after))
            return after
        }
    }

    /// Sets a new password hash and ends all the user's sessions, in one transaction.
    public func setPasswordHash(userID: Int64, passwordHash: String, at: Date, by actor: Actor) throws {
        try writeQuietly { db in
            let user = try Self.requireUser(db, id: userID)
            try db.execute(sql: "UPDATE staff_user SET password_hash = ? WHERE id = ?", arguments: [passwordHash, userID])
            try db.execute(sql: "DELETE FROM staff_session WHERE user_id = ?", arguments: [userID])
            let ended = db.changesCount
            // The hash itself stays out of the log; that it changed is what matters.
            try Self.audit(db, actor: actor, at: at, action: "user.password", entityType: "user", entityID: userID,
                           before: AuditJSON.user(user),
                           after: AuditJSON.encode(["password_changed": true, "sessions_ended": .number(ended)]))
        }
    }

    /// Removes the account; its sessions go with it.
    public func removeUser(id: Int64, at: Date, by actor: Actor) throws {
        try writeQuietly { db in
            let user = try Self.requireUser(db, id: id)
            try db.execute(sql: "DELETE FROM staff_user WHERE id = ?", arguments: [id])
            try Self.audit(db, actor: actor, at: at, action: "user.remove", entityType: "user", entityID: id,
                           before: AuditJSON.user(user), after: nil)
        }
    }

    // MARK: Sessions

    public func createSession(idHash: String, userID: Int64, csrfSecret: String, at: Date, by actor: Actor) throws {
        try writeQuietly { db in
            _ = try Self.requireUser(db, id: userID)
            try db.execute(sql: """
                INSERT INTO staff_session (id_hash, user_id, csrf_secret, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [idHash, userID, csrfSecret, at.storeMillis, at.storeMillis])
            try Self.audit(db, actor: actor, at: at, action: "session.create", entityType: "user", entityID: userID,
                           before: nil, after: AuditJSON.session(userID: userID, createdAt: at))
        }
    }

    public func session(idHash: String) throws -> StoredSession? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.id_hash, s.csrf_secret, s.created_at AS session_created_at, s.last_seen_at, u.*
                FROM staff_session s JOIN staff_user u ON u.id = s.user_id WHERE s.id_hash = ?
                """, arguments: [idHash]) else { return nil }
            return StoredSession(idHash: row["id_hash"], user: try Self.staffUser(row), csrfSecret: row["csrf_secret"],
                                 createdAt: row.date("session_created_at"), lastSeenAt: row.date("last_seen_at"))
        }
    }

    /// Records activity; not audited (it changes nothing staff care about) and leaves the
    /// data version alone, so public pages stay cached.
    public func touchSession(idHash: String, at: Date) throws {
        try writeQuietly { db in
            try db.execute(sql: "UPDATE staff_session SET last_seen_at = MAX(last_seen_at, ?) WHERE id_hash = ?",
                           arguments: [at.storeMillis, idHash])
        }
    }

    public func deleteSession(idHash: String, at: Date, by actor: Actor) throws {
        try writeQuietly { db in
            guard let userID = try Int64.fetchOne(db, sql: "SELECT user_id FROM staff_session WHERE id_hash = ?",
                                                  arguments: [idHash]) else { return }
            try db.execute(sql: "DELETE FROM staff_session WHERE id_hash = ?", arguments: [idHash])
            try Self.audit(db, actor: actor, at: at, action: "session.delete", entityType: "user", entityID: userID,
                           before: nil, after: nil)
        }
    }

    /// Ends every session of the user; returns how many there were.
    @discardableResult
    public func deleteSessions(userID: Int64, at: Date, by actor: Actor) throws -> Int {
        try writeQuietly { db in
            try db.execute(sql: "DELETE FROM staff_session WHERE user_id = ?", arguments: [userID])
            let count = db.changesCount
            try Self.audit(db, actor: actor, at: at, action: "session.delete_all", entityType: "user", entityID: userID,
                           before: nil, after: AuditJSON.encode(["sessions_ended": .number(count)]))
            return count
        }
    }

    /// Housekeeping: forgets sessions idle since `idleBefore` or created before `createdBefore`.
    @discardableResult
    public func deleteExpiredSessions(idleBefore: Date, createdBefore: Date) throws -> Int {
        try writeQuietly { db in
            try db.execute(sql: "DELETE FROM staff_session WHERE last_seen_at < ? OR created_at < ?",
                           arguments: [idleBefore.storeMillis, createdBefore.storeMillis])
            return db.changesCount
        }
    }

    static func staffUser(_ row: Row) throws -> StaffUser {
        StaffUser(id: row["id"], email: row["email"], name: row["name"], role: try row.enumeration("role", as: StaffRole.self),
                  createdAt: row.date("created_at"), language: (row["language"] as String?).flatMap(LanguageCode.init))
    }

    static func loadUser(_ db: Database, id: Int64) throws -> StaffUser? {
        try Row.fetchOne(db, sql: "SELECT * FROM staff_user WHERE id = ?", arguments: [id]).map(staffUser)
    }

    static func loadUser(_ db: Database, email: String) throws -> StaffUser? {
        try Row.fetchOne(db, sql: "SELECT * FROM staff_user WHERE email = ?", arguments: [email]).map(staffUser)
    }

    static func requireUser(_ db: Database, id: Int64) throws -> StaffUser {
        guard let user = try loadUser(db, id: id) else { throw StoreError.notFound(kind: "user", id: id) }
        return user
    }
}
