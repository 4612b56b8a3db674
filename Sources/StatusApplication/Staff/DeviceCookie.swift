import Crypto
import Foundation

/// OWASP's device cookies ("Slow Down Online Guessing Attacks with Device Cookies"): a browser that
/// signed in to an account before carries a signed cookie for that account, and is then throttled
/// only by its own failures, not by the account-wide lock that anyone can trigger.
///
/// Value: `<user id>.<nonce>.<signature>`, the signature an HMAC-SHA256 of the id and nonce keyed
/// with the account's stored password hash. That hash is a secret kept only in the database (random
/// salt, 600,000 PBKDF2 rounds), so no extra key, table or migration is needed; the key is per
/// account, so a cookie for another account proves nothing; and a new password (set by the user,
/// an admin or `driftstatus user passwd`) revokes every device cookie of the account.
public enum DeviceCookie {
    public static let name = "driftstatus_device"
    static let lifetime: TimeInterval = 365 * 86_400

    /// The cookie's nonce when `value` was issued for this account (and its current password); nil otherwise.
    static func verifiedNonce(_ value: String?, userID: Int64, passwordHash: String) -> String? {
        guard let value, value.count < 200 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0] == String(userID), StaffAuth.looksLikeSecret(parts[1], prefix: "") else { return nil }
        let expected = signature(userID: userID, nonce: parts[1], passwordHash: passwordHash)
        return ConstantTime.equal(parts[2], expected) ? parts[1] : nil
    }

    /// The nonce a well-formed cookie claims, unverified (verifying needs the stored password hash).
    static func claimedNonce(_ value: String?) -> String? {
        guard let value, value.count < 200 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return parts.count == 3 && StaffAuth.looksLikeSecret(parts[1], prefix: "") ? parts[1] : nil
    }

    /// The `Set-Cookie` value; only the sign-in form's path sees it.
    static func header(userID: Int64, nonce: String, passwordHash: String, isSecure: Bool) -> String {
        let value = "\(userID).\(nonce).\(signature(userID: userID, nonce: nonce, passwordHash: passwordHash))"
        return "\(name)=\(value); Path=/admin/login; HttpOnly; SameSite=Strict; Max-Age=\(Int(lifetime))" + (isSecure ? "; Secure" : "")
    }

    private static func signature(userID: Int64, nonce: String, passwordHash: String) -> String {
        let key = SymmetricKey(data: Array(passwordHash.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Array("driftstatus-device-v1.\(userID).\(nonce)".utf8), using: key)
        return Data(code).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
