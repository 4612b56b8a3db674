import Foundation
import StatusModel
import StatusPages

/// The sender renders through StatusPages' renderer (templates in templates/email/).
extension NotificationRenderer: NotificationRendering {
    public func renderEmail(for event: NotificationEvent, language: LanguageCode, unsubscribeURL: String) throws
        -> (subject: String, text: String, html: String) {
        let email = try email(for: event, language: language, unsubscribeURL: unsubscribeURL)
        return (email.subject, email.text, email.html)
    }

    public func renderConfirmation(language: LanguageCode, confirmURL: String, componentNames: [String], expiresAt: Date) throws
        -> (subject: String, text: String, html: String) {
        let email = try confirmationEmail(language: language, confirmURL: confirmURL, componentNames: componentNames, expiresAt: expiresAt)
        return (email.subject, email.text, email.html)
    }

    public func renderStaffEmail(for event: NotificationEvent, language: LanguageCode, period: TimeInterval) throws
        -> (subject: String, text: String, html: String) {
        let email = try staleIncidentEmail(for: event, language: language, period: period)
        return (email.subject, email.text, email.html)
    }

    public func renderWebhookPayload(for event: NotificationEvent, format: WebhookFormat, language: LanguageCode) -> [UInt8] {
        webhookBody(for: event, format: format, language: language)
    }
}
