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
    public func addUser(email: String, name: String, role: StaffRole, passwordHash: String, at: Date,
                        by actor: Actor) throws -> StaffUser {
        fatalError("not yet")
    }

    /// All accounts, by email.
    public func users() throws -> [StaffUser] { fatalError("not yet") }

    public func user(id: Int64) throws -> StaffUser? { fatalError("not yet") }

    /// Case-insensitive.
    public func user(email: String) throws -> StaffUser? { fatalError("not yet") }

    /// The account and its password hash, for signing in only.
    public func credentials(email: String) throws -> (user: StaffUser, passwordHash: String)? { fatalError("not yet") }

    /// Changes name and role (email stays: it is the sign-in name).
    public func updateUser(id: Int64, name: String, role: StaffRole, at: Date, by actor: Actor) throws -> StaffUser {
        fatalError("not yet")
    }

    /// Sets a new password hash and ends all the user's sessions, in one transaction.
    public func setPasswordHash(userID: Int64, passwordHash: String, at: Date, by actor: Actor) throws {
        fatalError("not yet")
    }

    /// Removes the account; its sessions go with it.
    public func removeUser(id: Int64, at: Date, by actor: Actor) throws { fatalError("not yet") }

    // MARK: Sessions

    public func createSession(idHash: String, userID: Int64, csrfSecret: String, at: Date, by actor: Actor) throws {
        fatalError("not yet")
    }

    public func session(idHash: String) throws -> StoredSession? { fatalError("not yet") }

    /// Records activity; not audited (it changes nothing staff care about).
    public func touchSession(idHash: String, at: Date) throws { fatalError("not yet") }

    public func deleteSession(idHash: String, at: Date, by actor: Actor) throws { fatalError("not yet") }

    /// Ends every session of the user; returns how many there were.
    @discardableResult
    public func deleteSessions(userID: Int64, at: Date, by actor: Actor) throws -> Int { fatalError("not yet") }

    /// Housekeeping: forgets sessions idle since `idleBefore` or created before `createdBefore`.
    @discardableResult
    public func deleteExpiredSessions(idleBefore: Date, createdBefore: Date) throws -> Int { fatalError("not yet") }
}
