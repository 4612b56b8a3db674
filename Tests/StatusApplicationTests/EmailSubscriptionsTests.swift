import Foundation
import SiteSettings
import StatusApplication
import StatusModel
@testable import StatusStore
import Testing

@Suite("Email subscriptions: subscribe, confirm, unsubscribe, staff removal")
struct EmailSubscriptionsTests {
    let fixture: StoreFixture
    let queued = ChangeCounter()
    let subscriptions: EmailSubscriptions
    let email = EmailAddress("kund@exempel.se")!

    init() throws {
        fixture = try StoreFixture()
        let queued = queued
        subscriptions = EmailSubscriptions(store: fixture.store, settings: .defaults, onConfirmationQueued: { queued.bump() })
    }

    func token() throws -> String {
        try #require(try fixture.store.rawStrings("SELECT token FROM email_subscriber").first)
    }

    @Test func choicesKeepOnlyTheSitesLanguagesAndVisibleComponents() throws {
        let shown = try fixture.store.createComponent(slug: "login", name: .both("Inloggning", "Login"), createdAt: testNow, by: testAdmin)
        let hidden = try fixture.store.createComponent(slug: "internal", name: .both("Intern", "Internal"), isHidden: true,
                                                       createdAt: testNow, by: testAdmin)
        let chosen = try subscriptions.choices(language: .english, componentIDs: [shown.id, hidden.id, 999], fallback: .swedish)
        #expect(chosen.language == .english && chosen.componentIDs == [shown.id])
        #expect(try subscriptions.choices(language: LanguageCode("de"), componentIDs: [], fallback: .swedish).language == .swedish)
        #expect(try subscriptions.choices(language: nil, componentIDs: [], fallback: .english).language == .english)
    }

    @Test func oneConfirmationEmailPerResendInterval() throws {
        #expect(try subscriptions.subscribe(email: email, language: .swedish, componentIDs: [], at: testNow) == .confirmationQueued)
        #expect(queued.count == 1)
        let again = testNow.addingTimeInterval(EmailSubscriptions.confirmationResendInterval - 1)
        #expect(try subscriptions.subscribe(email: email, language: .swedish, componentIDs: [], at: again) != .confirmationQueued)
        #expect(queued.count == 1)
    }

    @Test func aConfirmationLinkIsPendingThenConfirmed() throws {
        try subscriptions.subscribe(email: email, language: .swedish, componentIDs: [], at: testNow)
        let token = try token()
        #expect(try subscriptions.confirmationLink(token: "", now: testNow) == .unknown)
        #expect(try subscriptions.confirmationLink(token: "wrong", now: testNow) == .unknown)
        #expect(try subscriptions.confirmationLink(token: token, now: testNow) == .pending(email: "kund@exempel.se"))
        guard case .confirmed = try subscriptions.confirm(token: token, at: testNow) else { Issue.record("not confirmed"); return }
        #expect(try subscriptions.confirmationLink(token: token, now: testNow) == .confirmed)
    }

    @Test func anUnusedLinkExpires() throws {
        try subscriptions.subscribe(email: email, language: .swedish, componentIDs: [], at: testNow)
        let late = testNow.addingTimeInterval(SiteSettings.defaults.notifications.confirmationValidity + 1)
        #expect(try subscriptions.confirmationLink(token: try token(), now: late) == .expired)
    }

    @Test func unsubscribingTwiceIsNotAnError() throws {
        try subscriptions.subscribe(email: email, language: .swedish, componentIDs: [], at: testNow)
        let token = try token()
        #expect(try subscriptions.subscriber(token: token)?.email == email)
        #expect(try subscriptions.unsubscribe(token: token))
        #expect(try !subscriptions.unsubscribe(token: token))
        #expect(try subscriptions.subscriber(token: token) == nil)
    }

    @Test func onlyAdminsRemoveSubscribers() throws {
        try subscriptions.subscribe(email: email, language: .swedish, componentIDs: [], at: testNow)
        let id = try #require(try fixture.store.emailSubscribers().first?.id)
        #expect(throws: PublishingError.forbidden) { try subscriptions.deleteSubscriber(id: id, by: testEditor, at: testNow) }
        try subscriptions.deleteSubscriber(id: id, by: testAdmin, at: testNow)
        #expect(try fixture.store.emailSubscribers().isEmpty)
    }
}
