import Foundation
import Logging
import Notifications
import Outbound

extension SiteApplication {
    /// Starts delivering the outbox in the background: woken by every publish (and by writes from
    /// other processes the change watcher notices) and by new subscriptions. Email is sent only
    /// with an SMTP relay configured; webhooks always. Call `stop()` on the result when shutting down.
    public func startNotificationSender(renderer: any NotificationRendering,
                                        logger: Logger = Logger(label: "driftstatus.notifications")) throws -> NotificationSender {
        let email = settings.notifications.emailEnabled ? try RelayEmailTransport(settings: settings.notifications) : nil
        let sender = NotificationSender(store: store, settings: settings, renderer: renderer, email: email,
                                        webhooks: try PosterWebhookTransport(addressPolicy: webhookAddressPolicy),
                                        logger: logger, clock: clock)
        onDataChange { [weak sender] in sender?.wake() }
        onNotificationsQueued { [weak sender] in sender?.wake() }
        sender.start()
        return sender
    }

    /// Public addresses only, unless `[webhooks] allow_private_addresses` is on.
    var webhookAddressPolicy: AddressPolicy {
        settings.notifications.webhooksAllowPrivateAddresses ? .anyAddress : .globalOnly
    }
}
