import Foundation
import Outbound
import StatusModel
import StatusStore

/// A webhook as staff ask for it (admin form or API), checked before it is stored.
struct WebhookDraft: Sendable, Hashable {
    var url: String
    /// Staff's own secret, or nil to have one generated.
    var secret: String?
    var language: LanguageCode
    var componentIDs: [Int64]
    var description: String
    var format: WebhookFormat = .driftstatus

    static let minimumSecretLength = 16
    static let maximumSecretLength = 200

    /// Field names are the form's and the API's: url, secret, language, components, description.
    /// Unless `allowPrivateAddresses`, a URL whose host is obviously internal is refused here;
    /// names that resolve to internal addresses are refused when a delivery connects.
    func validate(languages: [LanguageCode], knownComponents: Set<Int64>, allowPrivateAddresses: Bool) -> [FieldError] {
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
    static func hasInternalHost(_ url: String) -> Bool {
        guard var host = URL(string: url)?.host?.lowercased() else { return false }
        while host.hasSuffix(".") { host.removeLast() }
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        return IPAddress(literal: host).map { !$0.isGlobal } ?? false
    }

    /// 32 random bytes as 64 hex digits: what a receiver's HMAC key should be.
    static func generatedSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}

extension SiteApplication {
    /// Webhooks carry secrets: admins only, like API tokens.
    static let webhookPermission = Permission.manageTokens
    /// Subscribers are personal data: admins only, like staff accounts.
    static let subscriberPermission = Permission.manageUsers

    /// Checks, stores (audited without the secret) and returns the webhook with the secret to show once.
    func createWebhook(_ draft: WebhookDraft, by actor: Actor, at: Date) throws -> (webhook: WebhookSubscription, secret: String) {
        try webhookWrites.create(draft, by: actor, at: at)
    }

    func deleteWebhook(id: Int64, by actor: Actor, at: Date) throws {
        try webhookWrites.delete(id: id, by: actor, at: at)
    }

    func deleteSubscriber(id: Int64, by actor: Actor, at: Date) throws {
        guard actor.role.allows(Self.subscriberPermission) else { throw PublishingError.forbidden }
        try PublishingError.mapping { try store.deleteEmailSubscriber(id: id, at: at, by: actor) }
    }
}
