import Foundation
import Testing
import Notifications
import SiteSettings
import StatusModel
import StatusStore

@Suite("Notification sender")
struct NotificationSenderTests {
    func sender(_ store: StatusStore, _ clock: ManualClock, email: RecordingEmailTransport, hooks: RecordingWebhookTransport,
                settings: SiteSettings = settings()) -> NotificationSender {
        NotificationSender(store: store, settings: settings, renderer: PlainRenderer(), email: email, webhooks: hooks,
                           lockDatabaseFile: false, clock: { clock.now })
    }

    @Test func anIncidentWithTwoUpdatesReachesEachSubscriberInTheirLanguageOncePerEvent() throws {
        try withStore { store in
            let clock = ManualClock(start)
            let email = RecordingEmailTransport(), hooks = RecordingWebhookTransport()
            let sender = sender(store, clock, email: email, hooks: hooks)
            for (address, language) in [("kund@exempel.se", LanguageCode.swedish), ("customer@example.com", .english)] {
                _ = try store.subscribe(email: EmailAddress(address)!, language: language, componentIDs: [], at: start,
                                        confirmationValidFor: 3_600, resendAfter: 600)
            }
            #expect(sender.deliverDue() == 2, "the two confirmation emails")
            #expect(email.messages.map(\.subject) == ["confirm sv", "confirm en"])
            for message in email.messages {
                let token = try #require(message.text.split(separator: "=").last?.split(separator: " ").first)
                guard case .confirmed = try store.confirmSubscription(token: String(token), at: start) else {
                    Issue.record("the link in the confirmation email does not confirm"); return
                }
            }

            let incident = try store.createIncident(title: text("Bank", "Bank"), impact: .major, status: .investigating,
                                                    body: text("Vi undersöker", "Investigating"), componentChanges: [],
                                                    at: start + 60, by: staff, notify: true)
            for (offset, status) in [(120.0, IncidentStatus.identified), (180, .resolved)] {
                _ = try store.addUpdate(incidentID: incident.id, status: status, body: text("u", "u"), componentChanges: [],
                                        at: start + offset, by: staff, notify: true)
            }
            clock.advance(200)
            #expect(sender.deliverDue() == 6)
            #expect(sender.deliverDue() == 0, "nothing is sent twice")
            let notices = email.messages.dropFirst(2)
            #expect(notices.filter { $0.to.value == "kund@exempel.se" }.map(\.subject)
                    == ["sv incident.created", "sv incident.updated", "sv incident.resolved"])
            #expect(notices.filter { $0.to.value == "customer@example.com" }.map(\.subject)
                    == ["en incident.created", "en incident.updated", "en incident.resolved"])
            let first = try #require(notices.first)
            let unsubscribe = try #require(first.headers.first { $0.name == "List-Unsubscribe" }?.value)
            #expect(unsubscribe.hasPrefix("<https://status.exempel.se/sv/unsubscribe?token="))
            #expect(first.headers.contains(.init("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")))
            #expect(Set(notices.map(\.messageID)).count == 6)
        }
    }

    @Test func aReceiverThatFailsThreeTimesGetsTheEventOnceAfterBackoff() throws {
        try withStore { store in
            let clock = ManualClock(start)
            let email = RecordingEmailTransport()
            let hooks = RecordingWebhookTransport(failFirst: [.transientFailure("HTTP 500"), .transientFailure("timeout"),
                                                              .transientFailure("HTTP 503")])
            let sender = sender(store, clock, email: email, hooks: hooks)
            let secret = "a-long-enough-webhook-secret"
            _ = try store.createWebhook(url: "https://hooks.example.com/in", secret: secret, language: .english, componentIDs: [],
                                        description: "ops", at: start, by: staff)
            _ = try store.createIncident(title: text("t", "t"), impact: .minor, status: .investigating, body: text("b", "b"),
                                         componentChanges: [], at: start, by: staff, notify: true)
            #expect(sender.deliverDue() == 1)
            #expect(sender.deliverDue() == 0, "the retry waits")
            for wait in [10.0 * 1.2, 20 * 1.2, 40 * 1.2] {
                clock.advance(wait)
                #expect(sender.deliverDue() == 1)
            }
            clock.advance(1_000)
            #expect(sender.deliverDue() == 0)
            let posts = hooks.received
            #expect(posts.count == 4)
            #expect(Set(posts.map { $0.headers.first { $0.name == "X-Driftstatus-Event-Id" }?.value }).count == 1)
            #expect(posts.map { $0.headers.first { $0.name == "X-Driftstatus-Delivery-Attempt" }?.value } == ["1", "2", "3", "4"])
            for post in posts {
                let signature = try #require(post.headers.first { $0.name == WebhookSignature.header }?.value)
                #expect(WebhookSignature.isValid(signature, body: post.body, secret: secret))
                #expect(!WebhookSignature.isValid(signature, body: post.body + [0x20], secret: secret))
            }
            let summary = try #require(try store.recentNotificationEvents(limit: 1).first)
            #expect(summary.counts == [.delivered: 1])
        }
    }

    @Test func permanentFailuresStopRetriesAndComponentFiltersHold() throws {
        try withStore { store in
            let clock = ManualClock(start)
            let bank = try store.createComponent(slug: "bank", groupID: nil, name: text("Bank", "Bank"), description: LocalizedText(),
                                                 position: nil, status: .operational, isHidden: false, createdAt: start, by: staff)
            let login = try store.createComponent(slug: "login", groupID: nil, name: text("Inloggning", "Login"),
                                                  description: LocalizedText(), position: nil, status: .operational, isHidden: false,
                                                  createdAt: start, by: staff)
            let email = RecordingEmailTransport(failFirst: [.delivered, .permanentFailure("550 no such user")])
            let sender = sender(store, clock, email: email, hooks: RecordingWebhookTransport())
            _ = try store.subscribe(email: EmailAddress("bank@example.com")!, language: .english, componentIDs: [bank.id], at: start,
                                    confirmationValidFor: 3_600, resendAfter: 600)
            sender.deliverDue()
            #expect(email.messages.map(\.text).first?.hasSuffix("[Bank]") == true, "the confirmation names the chosen components")
            try store.confirmedSubscriber("bank@example.com", .english, components: [bank.id])
            try store.confirmedSubscriber("login@example.com", .english, components: [login.id])
            _ = try store.createIncident(title: text("t", "t"), impact: .minor, status: .investigating, body: text("b", "b"),
                                         componentChanges: [ComponentStatusChange(componentID: bank.id, status: .partialOutage)],
                                         at: start, by: staff, notify: true)
            sender.deliverDue()
            clock.advance(10_000)
            sender.deliverDue()
            #expect(email.messages.dropFirst(1).map(\.to.value) == ["bank@example.com"])
            let summary = try #require(try store.recentNotificationEvents(limit: 5).first { $0.event.kind == .incidentCreated })
            #expect(summary.counts == [.failed: 1])
            #expect(try store.deliveries(eventID: summary.event.id).first?.lastError == "550 no such user")
        }
    }

    @Test func withoutARelayEmailWaitsAndWebhooksStillGo() throws {
        try withStore { store in
            let clock = ManualClock(start)
            let hooks = RecordingWebhookTransport()
            let sender = NotificationSender(store: store, settings: settings(), renderer: PlainRenderer(), email: nil, webhooks: hooks,
                                            lockDatabaseFile: false, clock: { clock.now })
            _ = try store.createWebhook(url: "https://hooks.example.com/in", secret: String(repeating: "k", count: 20),
                                        language: .swedish, componentIDs: [], description: "", at: start, by: staff)
            _ = try store.subscribe(email: EmailAddress("a@example.com")!, language: .swedish, componentIDs: [], at: start,
                                    confirmationValidFor: 3_600, resendAfter: 600)
            sender.deliverDue()
            #expect(hooks.received.isEmpty)
            _ = try store.createIncident(title: text("t", "t"), impact: .minor, status: .investigating, body: text("b", "b"),
                                         componentChanges: [], at: start, by: staff, notify: true)
            sender.deliverDue()
            #expect(hooks.received.count == 1)
            #expect(try store.deliveryCounts()[.pending] == 1, "the confirmation waits for a relay")
        }
    }

    @Test func oneSenderPerDatabaseFileAndTheThreadDeliversAfterAWake() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sender-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try StatusStore.open(path: directory.appendingPathComponent("s.sqlite").path, migrationsDirectory: migrationsDirectory)
        defer { try? store.close() }
        let first = RecordingWebhookTransport(), second = RecordingWebhookTransport()
        let a = NotificationSender(store: store, settings: settings(), renderer: PlainRenderer(), email: nil, webhooks: first)
        let b = NotificationSender(store: store, settings: settings(), renderer: PlainRenderer(), email: nil, webhooks: second)
        a.start()
        Thread.sleep(forTimeInterval: 0.2)
        b.start()
        _ = try store.createWebhook(url: "https://hooks.example.com/in", secret: String(repeating: "k", count: 20), language: .swedish,
                                    componentIDs: [], description: "", at: Date(), by: staff)
        _ = try store.createIncident(title: text("t", "t"), impact: .minor, status: .investigating, body: text("b", "b"),
                                     componentChanges: [], at: Date(), by: staff, notify: true)
        a.wake(); b.wake()
        let deadline = Date().addingTimeInterval(5)
        while first.received.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        a.stop(); b.stop()
        #expect(first.received.count == 1)
        #expect(second.received.isEmpty, "the second process waits for the lock")
    }
}
