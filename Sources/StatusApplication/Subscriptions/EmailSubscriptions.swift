import Foundation
import SiteSettings
import StatusModel
import StatusStore

/// Email subscriptions: the public's subscribe, confirm and unsubscribe steps, and staff removing
/// a subscriber. The web module keeps the forms and pages; the rules and the store calls live here.
/// Failures throw `PublishingError`.
public final class EmailSubscriptions: Sendable {
    /// Subscribers are personal data: admins only, like staff accounts.
    public static let staffPermission = Permission.manageUsers
    /// One address gets at most one confirmation email in this time (protects a mailbox from repeats).
    public static let confirmationResendInterval: TimeInterval = 600

    let store: StatusStore
    let languages: [LanguageCode]
    let confirmationValidity: TimeInterval
    /// Called when a confirmation email was queued (wakes the outbox sender).
    private let onConfirmationQueued: @Sendable () -> Void

    public init(store: StatusStore, settings: SiteSettings, onConfirmationQueued: @escaping @Sendable () -> Void) {
        self.store = store
        languages = settings.languages
        confirmationValidity = settings.notifications.confirmationValidity
        self.onConfirmationQueued = onConfirmationQueued
    }

    /// What a subscribe form asked for, made safe: the language if it is one of the site's (else
    /// `fallback`), and only components the public can see (others are dropped, not refused).
    public func choices(language: LanguageCode?, componentIDs: [Int64], fallback: LanguageCode) throws
        -> (language: LanguageCode, componentIDs: Set<Int64>) {
        let chosenLanguage = language.flatMap { languages.contains($0) ? $0 : nil } ?? fallback
        let visible = Set(try PublishingError.mapping { try store.components() }.filter { !$0.isHidden }.map(\.id))
        return (chosenLanguage, Set(componentIDs.filter(visible.contains)))
    }

    /// Stores the subscription (unconfirmed) and queues its confirmation email, unless one was sent
    /// moments ago. The answer is the same either way, so the page never tells whether an address
    /// is already subscribed; the result is for tests and logs.
    @discardableResult
    public func subscribe(email: EmailAddress, language: LanguageCode, componentIDs: Set<Int64>, at now: Date) throws -> SubscribeResult {
        let result = try PublishingError.mapping {
            try store.subscribe(email: email, language: language, componentIDs: componentIDs, at: now,
                                confirmationValidFor: confirmationValidity, resendAfter: Self.confirmationResendInterval)
        }
        if result == .confirmationQueued { onConfirmationQueued() }
        return result
    }

    /// Where a confirmation link stands, for the page its GET shows (only a POST confirms: mail scanners follow links).
    public enum LinkState: Sendable, Hashable {
        case unknown
        case confirmed
        case expired
        /// Waiting for the button; `email` is shown so the reader knows what they confirm.
        case pending(email: String)
    }

    public func confirmationLink(token: String, now: Date) throws -> LinkState {
        try PublishingError.mapping {
            guard !token.isEmpty, let subscriber = try store.emailSubscriber(token: token) else { return .unknown }
            if subscriber.isConfirmed { return .confirmed }
            if let expires = try store.confirmationExpiry(subscriberID: subscriber.id), expires < now { return .expired }
            return .pending(email: subscriber.email.value)
        }
    }

    public func confirm(token: String, at now: Date) throws -> ConfirmResult {
        try PublishingError.mapping { try store.confirmSubscription(token: token, at: now) }
    }

    /// The subscriber an unsubscribe link names, or nil.
    public func subscriber(token: String) throws -> EmailSubscriber? {
        try PublishingError.mapping { try store.emailSubscriber(token: token) }
    }

    /// Unknown tokens are not an error: unsubscribing twice answers the same. True if a subscriber was removed.
    @discardableResult
    public func unsubscribe(token: String) throws -> Bool {
        try PublishingError.mapping { try store.unsubscribe(token: token) }
    }

    /// Staff removing a subscriber (admin UI).
    public func deleteSubscriber(id: Int64, by actor: Actor, at: Date) throws {
        guard actor.role.allows(Self.staffPermission) else { throw PublishingError.forbidden }
        try PublishingError.mapping { try store.deleteEmailSubscriber(id: id, at: at, by: actor) }
    }
}
