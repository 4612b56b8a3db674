import Foundation
import StatusModel
import StatusStore
import Testing
@testable import StatusSite

/// Subscribers and webhooks made through the store, as the public pages and the API would.
extension TestSite {
    /// Subscribes and confirms `email`; returns the subscriber's id.
    @discardableResult
    func confirmedSubscriber(_ email: String, language: LanguageCode = .swedish, components: Set<Int64> = []) throws -> Int64 {
        let address = try #require(EmailAddress(email))
        _ = try store.subscribe(email: address, language: language, componentIDs: components, at: clock.now,
                                confirmationValidFor: 86_400, resendAfter: 60)
        for due in try store.dueDeliveries(at: clock.now, limit: 10_000) {
            guard case .email(let subscriber, let token) = due.recipient, subscriber.email == address else { continue }
            guard case .confirmed(let confirmed) = try store.confirmSubscription(token: token, at: clock.now) else {
                Issue.record("not confirmed: \(email)")
                return subscriber.id
            }
            return confirmed.id
        }
        Issue.record("no confirmation queued for \(email)")
        return 0
    }

    @discardableResult
    func webhook(_ url: String = "https://hooks.example.com/in", components: Set<Int64> = []) throws -> WebhookSubscription {
        try store.createWebhook(url: url, secret: String(repeating: "k", count: 32), language: .english, componentIDs: components,
                                description: "test", at: clock.now, by: .system("test"))
    }

    /// Events in the outbox, newest first.
    func events() throws -> [NotificationEventSummary] { try store.recentNotificationEvents(limit: 500) }
}

/// Whether the `notify` checkbox with element id `id` is ticked in `html` (nil when absent).
func notifyBox(_ html: String, id: String = "f-notify") -> Bool? {
    guard let range = html.range(of: "id=\"\(id)\" name=\"notify\" value=\"1\"") else { return nil }
    return html[range.upperBound...].hasPrefix(" checked")
}
