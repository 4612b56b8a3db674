import Foundation
import SiteSettings
import StatusModel
import StatusStore

/// Staff managing webhooks, for the admin UI and the API alike: each call checks the role, then
/// validates and writes (one audited store transaction, the secret not in the audit log).
/// Failures throw `PublishingError`.
public final class Webhooks: Sendable {
    /// Webhooks carry secrets: admins only, like API tokens.
    public static let permission = Permission.manageTokens

    let store: StatusStore
    let languages: [LanguageCode]
    /// `[notifications] webhooks_allow_private_addresses`.
    let allowPrivateAddresses: Bool

    public init(store: StatusStore, settings: SiteSettings) {
        self.store = store
        languages = settings.languages
        allowPrivateAddresses = settings.notifications.webhooksAllowPrivateAddresses
    }

    /// Checks, stores and returns the webhook with the secret to show once (staff's own, or a generated one).
    public func create(_ draft: WebhookDraft, by actor: Actor, at: Date) throws -> (webhook: WebhookSubscription, secret: String) {
        guard actor.role.allows(Self.permission) else { throw PublishingError.forbidden }
        var draft = draft
        draft.url = WebhookSubscription.normalizedURL(draft.url)
        let known = try PublishingError.mapping { Set(try store.components().map(\.id)) }
        let errors = draft.validate(languages: languages, knownComponents: known, allowPrivateAddresses: allowPrivateAddresses)
        guard errors.isEmpty else { throw PublishingError.validation(errors) }
        let secret = draft.secret ?? WebhookDraft.generatedSecret()
        let webhook = try PublishingError.mapping {
            try store.createWebhook(url: draft.url, secret: secret, language: draft.language, componentIDs: Set(draft.componentIDs),
                                    description: draft.description, format: draft.format, at: at, by: actor)
        }
        return (webhook, secret)
    }

    public func delete(id: Int64, by actor: Actor, at: Date) throws {
        guard actor.role.allows(Self.permission) else { throw PublishingError.forbidden }
        try PublishingError.mapping { try store.deleteWebhook(id: id, at: at, by: actor) }
    }
}
