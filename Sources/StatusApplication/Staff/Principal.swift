import StatusModel

/// Who is making a request: a signed-in staff member (with session and CSRF token) or an API token.
public struct Principal: Sendable, Hashable {
    public let actor: Actor
    /// The session cookie value; nil for tokens.
    public let sessionID: String?
    /// What forms must echo; nil for tokens (bearer requests cannot be forged cross-site).
    public let csrfToken: String?

    public init(actor: Actor, sessionID: String?, csrfToken: String?) {
        self.actor = actor; self.sessionID = sessionID; self.csrfToken = csrfToken
    }

    public func allows(_ permission: Permission) -> Bool { actor.role.allows(permission) }
}
