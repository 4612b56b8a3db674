import Foundation
import Outbound
import SiteSettings
import StatusModel

/// Email through the configured SMTP relay (libcurl, via Outbound).
public final class RelayEmailTransport: EmailTransport {
    private let relay: SMTPRelay

    public init(settings: NotificationSettings, timeout: TimeInterval = 30) throws {
        guard let host = settings.smtpHost else { throw OutboundError(kind: .invalidInput, message: "no SMTP host configured", isPermanent: true) }
        let security: SMTPRelayConfiguration.Security = switch settings.smtpSecurity {
        case .startTLS: .startTLS
        case .tls: .implicitTLS
        case .none: .plain
        }
        relay = try SMTPRelay(configuration: SMTPRelayConfiguration(
            host: host, port: settings.smtpPort, security: security, username: settings.smtpUsername,
            password: settings.smtpPassword, timeoutSeconds: timeout, ehloName: settings.fromAddress.value.split(separator: "@").last.map(String.init)))
    }

    public func send(_ email: OutgoingEmail) -> DeliveryOutcome {
        let message = MailMessage(
            from: MailAddress(email.from.value, displayName: email.fromName), to: MailAddress(email.to.value),
            subject: email.subject, textBody: email.text, htmlBody: email.html, messageID: email.messageID, date: email.date,
            extraHeaders: email.headers.map { ($0.name, $0.value) })
        do {
            try relay.send(message, envelopeFrom: email.from.value, recipients: [email.to.value])
            return .delivered
        } catch {
            return error.isPermanent ? .permanentFailure(error.description) : .transientFailure(error.description)
        }
    }
}

/// Webhook POSTs (libcurl, via Outbound). Redirects are not followed: a receiver that moved must be updated by staff.
public final class PosterWebhookTransport: WebhookTransport {
    private let poster: WebhookPoster
    private let timeout: TimeInterval

    /// `addressPolicy`: which resolved addresses deliveries may connect to (see `[webhooks]
    /// allow_private_addresses`); a refused one is a permanent failure.
    public init(timeout: TimeInterval = 10, addressPolicy: AddressPolicy) throws {
        poster = try WebhookPoster(addressPolicy: addressPolicy)
        self.timeout = timeout
    }

    public func post(url: String, body: [UInt8], headers: [OutgoingEmail.Header]) -> DeliveryOutcome {
        do {
            let status = try poster.post(url: url, body: body, headers: headers.map { ($0.name, $0.value) }, timeout: timeout)
            if WebhookPoster.isSuccess(status: status) { return .delivered }
            let reason = "HTTP \(status)"
            return WebhookPoster.isPermanentFailure(status: status) ? .permanentFailure(reason) : .transientFailure(reason)
        } catch {
            return error.isPermanent ? .permanentFailure(error.description) : .transientFailure(error.description)
        }
    }
}
