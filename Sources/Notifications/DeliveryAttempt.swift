import Foundation
import SiteSettings
import StatusModel
import StatusStore

/// Turns one due delivery into a message and sends it. Everything that can go wrong ends as a
/// `DeliveryOutcome`, never as a thrown error: the sender must record every attempt.
struct DeliveryAttempt {
    let store: StatusStore
    let renderer: any NotificationRendering
    let email: (any EmailTransport)?
    let webhooks: any WebhookTransport
    let settings: SiteSettings
    let links: SubscriptionLinks

    func run(_ delivery: DueDelivery, event: NotificationEvent?, now: Date) -> DeliveryOutcome {
        do {
            switch delivery.recipient {
            case .email(let subscriber, let token):
                guard let email else { return .transientFailure("no SMTP relay is configured ([smtp] host)") }
                guard let outgoing = try message(for: subscriber, token: token, event: event, delivery: delivery, now: now) else {
                    return .delivered
                }
                return email.send(outgoing)
            case .staff(let address, let language):
                guard let email else { return .transientFailure("no SMTP relay is configured ([smtp] host)") }
                guard let event else { return .permanentFailure("a staff delivery without an event") }
                return email.send(try staffMessage(to: address, language: language, event: event, delivery: delivery, now: now))
            case .webhook(let webhook):
                guard let event else { return .permanentFailure("a webhook delivery without an event") }
                return post(event, to: webhook, attempt: delivery.attempts + 1)
            }
        } catch {
            // Rendering failed (a template edited into a broken state): worth retrying once fixed.
            return .transientFailure("rendering failed: \(error)")
        }
    }

    /// nil when there is nothing to send any more (confirmed in the meantime).
    private func message(for subscriber: EmailSubscriber, token: String, event: NotificationEvent?, delivery: DueDelivery,
                         now: Date) throws -> OutgoingEmail? {
        let language = published(subscriber.language)
        let unsubscribe = links.unsubscribe(language, token: token)
        var headers = [OutgoingEmail.Header("Auto-Submitted", "auto-generated")]
        let rendered: (subject: String, text: String, html: String)
        let messageID: String
        if let event {
            guard subscriber.isConfirmed else { return nil }
            rendered = try renderer.renderEmail(for: event, language: language, unsubscribeURL: unsubscribe)
            messageID = "<\(event.publicID).\(subscriber.id)@\(links.host)>"
            headers += [.init("List-Unsubscribe", "<\(unsubscribe)>"), .init("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                        .init("X-Driftstatus-Event-Id", event.publicID), .init("X-Driftstatus-Event-Type", event.kind.rawValue)]
        } else {
            guard !subscriber.isConfirmed, let expiry = try store.confirmationExpiry(subscriberID: subscriber.id), expiry > now else {
                return nil
            }
            let names = try componentNames(subscriber.filter, language: language)
            rendered = try renderer.renderConfirmation(language: language, confirmURL: links.confirm(language, token: token),
                                                       componentNames: names, expiresAt: expiry)
            messageID = "<confirm.\(delivery.id).\(subscriber.id)@\(links.host)>"
        }
        return OutgoingEmail(from: settings.notifications.fromAddress, fromName: text(settings.name, language),
                             to: subscriber.email, subject: rendered.subject, text: rendered.text, html: rendered.html,
                             messageID: messageID, date: now, headers: headers)
    }

    /// A reminder to staff: no unsubscribe link (staff stop it by updating the incident or by
    /// `[notifications] stale_incident_minutes = 0`); one Message-ID per delivery, stable across retries.
    private func staffMessage(to address: EmailAddress, language: LanguageCode, event: NotificationEvent, delivery: DueDelivery,
                              now: Date) throws -> OutgoingEmail {
        let language = published(language)
        let rendered = try renderer.renderStaffEmail(for: event, language: language, period: settings.notifications.staleIncidentPeriod)
        return OutgoingEmail(from: settings.notifications.fromAddress, fromName: text(settings.name, language), to: address,
                             subject: rendered.subject, text: rendered.text, html: rendered.html,
                             messageID: "<\(event.publicID).staff\(delivery.id)@\(links.host)>", date: now,
                             headers: [.init("Auto-Submitted", "auto-generated"), .init("X-Driftstatus-Event-Id", event.publicID),
                                       .init("X-Driftstatus-Event-Type", event.kind.rawValue)])
    }

    private func componentNames(_ filter: ComponentFilter, language: LanguageCode) throws -> [String] {
        guard case .only(let ids) = filter else { return [] }
        return try store.components().filter { ids.contains($0.id) }.map { text($0.name, language) }
    }

    /// A language the site no longer publishes in (removed from settings) falls back to the default.
    private func published(_ language: LanguageCode) -> LanguageCode {
        settings.languages.contains(language) ? language : settings.defaultLanguage
    }

    private func text(_ localized: LocalizedText, _ language: LanguageCode) -> String {
        localized.resolved(in: language, fallbacks: settings.languages)?.text ?? ""
    }

    private func post(_ event: NotificationEvent, to webhook: WebhookSubscription, attempt: Int) -> DeliveryOutcome {
        let language = published(webhook.language)
        let body = renderer.renderWebhookPayload(for: event, format: webhook.format, language: language)
        return webhooks.post(url: webhook.url, body: body, headers: [
            .init("Content-Type", "application/json; charset=utf-8"),
            .init("X-Driftstatus-Event-Id", event.publicID),
            .init("X-Driftstatus-Event-Type", event.kind.rawValue),
            .init("X-Driftstatus-Delivery-Attempt", String(attempt)),
            .init(WebhookSignature.header, WebhookSignature.value(body: body, secret: webhook.secret)),
        ])
    }
}
