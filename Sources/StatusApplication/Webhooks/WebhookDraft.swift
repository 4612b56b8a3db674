import Foundation
import Outbound
import StatusModel

/// A webhook as staff ask for it (admin form or API), checked before it is stored.
public struct WebhookDraft: Sendable, Hashable {
    public var url: String
    /// Staff's own secret, or nil to have one generated.
    public var secret: String?
    public var language: LanguageCode
    public var componentIDs: [Int64]
    public var description: String
    public var format: WebhookFormat

    public init(url: String, secret: String?, language: LanguageCode, componentIDs: [Int64], description: String,
                format: WebhookFormat = .driftstatus) {
        self.url = url; self.secret = secret; self.language = language
        self.componentIDs = componentIDs; self.description = description; self.format = format
    }

    public static let minimumSecretLength = 16
    public static let maximumSecretLength = 200

    /// Field names are the form's and the API's: url, secret, language, components, description.
    /// Unless `allowPrivateAddresses`, a URL whose host is obviously internal is refused here;
    /// names that resolve to internal addresses are refused when a delivery connects.
    public func validate(languages: [LanguageCode], knownComponents: Set<Int64>, allowPrivateAddresses: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        if url.isEmpty {
            errors.append(FieldError(field: "url", code: .required))
        } else if !WebhookSubscription.isAcceptableURL(url) {
            errors.append(FieldError(field: "url", code: .invalid))
        } else if !allowPrivateAddresses && Self.hasInternalHost(url) {
            errors.append(FieldError(field: "url", code: .privateAddress))
        }
        if let secret {
            if secret.count < Self.minimumSecretLength {
                errors.append(FieldError(field: "secret", code: .tooShort, limit: Self.minimumSecretLength))
            } else if secret.count > Self.maximumSecretLength {
                errors.append(FieldError(field: "secret", code: .tooLong, limit: Self.maximumSecretLength))
            } else if !secret.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) {
                // Receivers type it into their own config: visible ASCII only, no spaces to lose.
                errors.append(FieldError(field: "secret", code: .invalid))
            }
        }
        if !languages.contains(language) { errors.append(FieldError(field: "language", code: .notAllowed)) }
        if description.count > TextLimits.title {
            errors.append(FieldError(field: "description", code: .tooLong, limit: TextLimits.title))
        } else if description.contains(where: \.isNewline) || TextRules.containsForbiddenControls(description, allowLineBreaks: false) {
            errors.append(FieldError(field: "description", code: .invalid))
        }
        if componentIDs.contains(where: { !knownComponents.contains($0) }) {
            errors.append(FieldError(field: "components", code: .unknownComponent))
        } else if Set(componentIDs).count != componentIDs.count {
            errors.append(FieldError(field: "components", code: .duplicate))
        }
        return errors
    }

    /// `localhost` (and its subdomains) or an address literal in any spelling the resolver
    /// accepts (`127.1`, `0x7f000001`, `2130706433`, `[::1]`, `[::ffff:10.0.0.1]`) outside the
    /// public internet.
    public static func hasInternalHost(_ url: String) -> Bool {
        guard var host = URL(string: url)?.host?.lowercased() else { return false }
        while host.hasSuffix(".") { host.removeLast() }
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        return IPAddress(literal: host).map { !$0.isGlobal } ?? false
    }

    /// 32 random bytes as 64 hex digits: what a receiver's HMAC key should be.
    public static func generatedSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}
