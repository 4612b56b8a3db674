import Crypto
import Foundation

/// `X-Driftstatus-Signature: sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the
/// subscription's secret, so a receiver can check the payload came from us unchanged.
public enum WebhookSignature {
    public static let header = "X-Driftstatus-Signature"

    public static func value(body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time check, for receivers written in Swift (and the tests).
    public static func isValid(_ signature: String, body: [UInt8], secret: String) -> Bool {
        let expected = Array(value(body: body, secret: secret).utf8), given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
