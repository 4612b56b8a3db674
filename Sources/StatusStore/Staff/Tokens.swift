import Foundation
import GRDB
import StatusModel

// API tokens: only the SHA-256 hash of a token is stored.
extension StatusStore {
    /// Throws `.conflict` when a live token already has `name`.
    public func createToken(name: String, role: StaffRole, hash: String, prefix: String, at: Date,
                            by actor: Actor) throws -> APIToken {
        fatalError("not yet")
    }

    /// All tokens, revoked ones too, newest first.
    public func tokens() throws -> [APIToken] { fatalError("not yet") }

    public func token(id: Int64) throws -> APIToken? { fatalError("not yet") }

    /// The live (not revoked) token called `name`.
    public func token(name: String) throws -> APIToken? { fatalError("not yet") }

    /// The token with this hash, revoked or not (callers check `revokedAt`).
    public func token(hash: String) throws -> APIToken? { fatalError("not yet") }

    /// Records use; not audited.
    public func touchToken(id: Int64, at: Date) throws { fatalError("not yet") }

    /// Throws `.notFound` for an unknown id, `.conflict` when already revoked.
    public func revokeToken(id: Int64, at: Date, by actor: Actor) throws { fatalError("not yet") }
}
