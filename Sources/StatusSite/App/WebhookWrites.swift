import Foundation
import SiteSettings
import StatusModel
import StatusStore

/// Creating and deleting webhook subscriptions, shared by the admin UI and the write API:
/// one permission check, validation, and the audited store write.
struct WebhookWrites: Sendable {
    let store: StatusStore
    let settings: SiteSettings

    /// Checks, stores (audited without the secret) and returns the webhook with the secret to show once.
    func create(_ draft: WebhookDraft, by actor: Actor, at: Date) throws -> (webhook: WebhookSubscription, secret: String) {
        guard actor.role.allows(SiteApplication.webhookPermission) else { throw PublishingError.forbidden }
        var draft = draft
        draft.url = WebhookSubscription.normalizedURL(draft.url)
        let known = try PublishingError.mapping { Set(try store.components().map(\.id)) }
        let errors = draft.validate(languages: settings.languages, knownComponents: known,
                                    allowPrivateAddresses: settings.notifications.webhooksAllowPrivateAddresses)
        guard errors.isEmpty else { throw PublishingError.validation(errors) }
        let secret = draft.secret ?? WebhookDraft.generatedSecret()
        let webhook = try PublishingError.mapping {
            try store.createWebhook(url: draft.url, secret: secret, language: draft.language, componentIDs: Set(draft.componentIDs),
                                    description: draft.description, format: draft.format, at: at, by: actor)
        }
        return (webhook, secret)
    }

    func delete(id: Int64, by actor: Actor, at: Date) throws {
        guard actor.role.allows(SiteApplication.webhookPermission) else { throw PublishingError.forbidden }
        try PublishingError.mapping { try store.deleteWebhook(id: id, at: at, by: actor) }
    }
}
