import Crypto
import CryptoExtras
import Foundation

/// PBKDF2-HMAC-SHA256 password hashes, stored as "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>"
/// so the iteration count can grow without invalidating existing hashes.
public struct PasswordHasher: Sendable {
    public static let defaultIterations = 600_000
    static let scheme = "pbkdf2-sha256"
    static let saltByteCount = 16
    static let keyByteCount = 32
    /// Refuse stored counts beyond this: a tampered hash must not make sign-in hang.
    static let maximumIterations = 10_000_000

    public let iterations: Int
    /// Called once per key derivation (tests count hashes with it).
    let didHash: (@Sendable () -> Void)?

    /// Tests pass a small `iterations`; the stored hash records whatever was used.
    public init(iterations: Int = PasswordHasher.defaultIterations, didHash: (@Sendable () -> Void)? = nil) {
        self.iterations = max(1, iterations)
        self.didHash = didHash
    }

    public func hash(_ password: String) throws -> String {
        let salt = SecureRandom.bytes(Self.saltByteCount)
        let key = try counted(password, salt: salt, iterations: iterations)
        return "\(Self.scheme)$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Constant-time comparison of the derived key; false for malformed hashes.
    public func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme,
              let rounds = Int(parts[1]), (1...Self.maximumIterations).contains(rounds),
              let salt = Data(base64Encoded: String(parts[2])), !salt.isEmpty,
              let expected = Data(base64Encoded: String(parts[3])), expected.count == Self.keyByteCount,
              let derived = try? counted(password, salt: Array(salt), iterations: rounds) else { return false }
        return ConstantTime.equal(derived, Array(expected))
    }

    /// Spends the same work as a real verification, so an unknown account answers as slowly as a wrong password.
    public func simulateVerification(_ password: String) {
        _ = try? counted(password, salt: [UInt8](repeating: 0, count: Self.saltByteCount), iterations: iterations)
    }

    private func counted(_ password: String, salt: [UInt8], iterations: Int) throws -> [UInt8] {
        defer { didHash?() }
        return try Self.derive(password, salt: salt, iterations: iterations)
    }

    /// Passwords are compared in NFC, so the same password typed on a phone and a laptop matches.
    static func derive(_ password: String, salt: [UInt8], iterations: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.precomposedStringWithCanonicalMapping.utf8), salt: salt,
                                                    using: .sha256, outputByteCount: keyByteCount,
                                                    unsafeUncheckedRounds: iterations)
        return key.withUnsafeBytes { Array($0) }
    }
}

/// Comparisons whose time does not depend on where the inputs differ.
enum ConstantTime {
    static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        equal(Array(lhs.utf8), Array(rhs.utf8))
    }
}

/// Secrets for sessions, CSRF and tokens, from the system's CSPRNG.
enum SecureRandom {
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// `count` random bytes as unpadded base64url (cookie- and header-safe).
    static func token(_ count: Int = 32) -> String {
        Data(bytes(count)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Lowercase hex SHA-256: what the store keeps instead of a session id or token.
    static func sha256Hex(_ value: String) -> String {
        SHA256.hash(data: Array(value.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
