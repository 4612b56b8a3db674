import Crypto
import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// Sign-in, sessions, API tokens and staff accounts.
public final class StaffAuth: Sendable {
    public static let sessionCookieName = "driftstatus_session"

    public let store: StatusStore
    public let hasher: PasswordHasher
    public let idleTimeout: TimeInterval
    public let absoluteTimeout: TimeInterval

    public init(store: StatusStore, hasher: PasswordHasher = .init(), idleTimeout: TimeInterval = 2 * 3600,
                absoluteTimeout: TimeInterval = 12 * 3600) {
        self.store = store; self.hasher = hasher; self.idleTimeout = idleTimeout; self.absoluteTimeout = absoluteTimeout
    }

    public enum SignInResult: Sendable {
        case success(Principal, setCookie: String)
        /// Wrong email or password; deliberately does not say which.
        case failure
        case throttled(retryAfterSeconds: Int)
    }

    /// The session cookie (idle and absolute expiry enforced, activity recorded) or a bearer token.
    public func principal(for request: Request, now: Date) -> Principal? { fatalError("not yet") }

    public func signIn(email: String, password: String, remoteAddress: String, isSecure: Bool, now: Date) -> SignInResult {
        fatalError("not yet")
    }

    public func signOut(_ principal: Principal) { fatalError("not yet") }

    public func sessionCookie(_ sessionID: String, isSecure: Bool) -> String { fatalError("not yet") }

    public func clearedSessionCookie(isSecure: Bool) -> String { fatalError("not yet") }

    public func isValidCSRF(_ submitted: String?, for principal: Principal) -> Bool { fatalError("not yet") }

    /// Returns the token itself once ("ds_" + 43 base64url characters); only its hash is stored.
    public func createToken(name: String, role: StaffRole, by: Actor, now: Date) throws -> (token: String, APIToken) {
        fatalError("not yet")
    }

    public func revokeToken(id: Int64, by: Actor, now: Date) throws { fatalError("not yet") }

    // MARK: Accounts (the CLI and the admin UI share these; both need .manageUsers)

    /// Validates (email, name, password of at least 12 characters) and stores a new account.
    public func addUser(_ draft: UserDraft, by: Actor, now: Date) throws -> StaffUser { fatalError("not yet") }

    /// Sets a new password and ends all the user's sessions. Staff may change their own password.
    public func changePassword(userID: Int64, newPassword: String, by: Actor, now: Date) throws { fatalError("not yet") }

    public func updateUser(id: Int64, name: String, role: StaffRole, by: Actor, now: Date) throws -> StaffUser {
        fatalError("not yet")
    }

    /// Removes the account and ends its sessions.
    public func removeUser(id: Int64, by: Actor, now: Date) throws { fatalError("not yet") }
}
