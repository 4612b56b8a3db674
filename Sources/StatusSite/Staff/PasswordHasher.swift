import Crypto
import CryptoExtras
import Foundation

/// PBKDF2-HMAC-SHA256 password hashes, stored as "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>"
/// so the iteration count can grow without invalidating existing hashes.
public struct PasswordHasher: Sendable {
    public static let defaultIterations = 600_000
    public let iterations: Int

    /// Tests pass a small `iterations`; the stored hash records whatever was used.
    public init(iterations: Int = PasswordHasher.defaultIterations) {
        self.iterations = iterations
    }

    public func hash(_ password: String) throws -> String { fatalError("not yet") }

    /// Constant-time comparison of the derived key; false for malformed hashes.
    public func verify(_ password: String, against encoded: String) -> Bool { fatalError("not yet") }

    /// Spends the same work as a real verification, so an unknown account answers as slowly as a wrong password.
    public func simulateVerification(_ password: String) { fatalError("not yet") }
}
