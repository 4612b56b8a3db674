import Foundation
import Testing
import GRDB
@testable import StatusStore
import StatusModel

@Suite("Notification outbox and subscriptions")
struct NotificationOutboxTests {
    let week: TimeInterval = 7 * 86_400

    func address(_ text: String) throws -> EmailAddress { try #require(EmailAddress(text)) }

    /// A confirmed subscriber; returns its id.
    @discardableResult
    func confirmedSubscriber(_ store: StatusStore, _ email: String, _ language: LanguageCode = .swedish,
                             components: Set<Int64> = []) throws -> Int64 {
        #expect(try store.subscribe(email: address(email), language: language, componentIDs: components, at: day(0),
                                    confirmationValidFor: week, resendAfter: 600) == .confirmationQueued)
        let token = try #require(try store.read { db in
            try String.fetchOne(db, sql: "SELECT token FROM email_subscriber WHERE email = ?", arguments: [email])
        })
        guard case .confirmed(let subscriber) = try store.confirmSubscription(token: token, at: day(0, hour: 1)) else {
            Issue.record("not confirmed"); return 0
        }
        return subscriber.id
    }

    func eventDeliveries(_ store: StatusStore) throws -> [(event: String, subscriber: Int64?, webhook: Int64?)] {
        try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.kind, d.subscriber_id, d.webhook_id FROM notification_delivery d
                JOIN notification_event e ON e.id = d.event_id ORDER BY d.id
                """).map { ($0["kind"], $0["subscriber_id"], $0["webhook_id"]) }
        }
    }

    @Test func publishingWritesEventAndOneDeliveryPerMatchingRecipientInTheSameTransaction() throws {
        try withStore { store in
            let bank = try store.makeComponent("bank"), login = try store.makeComponent("login")
            let everyone = try confirmedSubscriber(store, "alla@example.se")
            let bankOnly = try confirmedSubscriber(store, "bank@example.com", .english, components: [bank.id])
            _ = try confirmedSubscriber(store, "login@example.com", components: [login.id])
            _ = try store.subscribe(email: address("never@example.se"), language: .swedish, componentIDs: [], at: day(0),
                                    confirmationValidFor: week, resendAfter: 600)
            let hook = try store.createWebhook(url: "http://127.0.0.1:9/hook", secret: String(repeating: "s", count: 32),
                                               language: .english, componentIDs: [bank.id], description: "", at: day(0), by: testActor)

            let incident = try store.createIncident(title: text("Banken", "Bank"), impact: .major, status: .investigating,
                                                    body: text("Vi undersöker", "Investigating"),
                                                    componentChanges: [ComponentStatusChange(componentID: bank.id, status: .majorOutage)],
                                                    at: day(1), by: testActor, notify: true)
            let rows = try eventDeliveries(store)
            let created = rows.filter { $0.event == "incident.created" }
            #expect(Set(created.compactMap(\.subscriber)) == [everyone, bankOnly])
            #expect(created.compactMap(\.webhook) == [hook.id])
            // The component flip goes to the webhook only.
            #expect(rows.filter { $0.event == "component.updated" }.map(\.webhook) == [hook.id])

            // Without notify nothing is queued; a failed write queues nothing either.
            let before = try eventDeliveries(store).count
            _ = try store.addUpdate(incidentID: incident.id, status: .identified, body: text("x", "x"), componentChanges: [],
                                    at: day(1, hour: 1), by: testActor, notify: false)
            #expect(throws: StoreError.self) {
                try store.addUpdate(incidentID: incident.id, status: .identified, body: text("x", "x"),
                                    componentChanges: [ComponentStatusChange(componentID: 999, status: .majorOutage)],
                                    at: day(1, hour: 2), by: testActor, notify: true)
            }
            #expect(try eventDeliveries(store).count == before)

            _ = try store.addUpdate(incidentID: incident.id, status: .resolved, body: text("Löst", "Fixed"), componentChanges: [],
                                    at: day(1, hour: 3), by: testActor, notify: true)
            let resolved = try eventDeliveries(store).filter { $0.event == "incident.resolved" }
            #expect(Set(resolved.compactMap(\.subscriber)) == [everyone, bankOnly])
            let event = try #require(try store.recentNotificationEvents(limit: 10).first { $0.event.kind == .incidentResolved })
            guard case .incident(let frozen, let update) = event.event.subject else { Issue.record("wrong subject"); return }
            #expect(frozen.status == .resolved && update?.body[.english] == "Fixed")
            #expect(event.counts[.pending] == 3)
        }
    }

    @Test func anIncidentNamingNoComponentReachesFilteredSubscribersToo() throws {
        try withStore { store in
            let bank = try store.makeComponent("bank")
            let filtered = try confirmedSubscriber(store, "bank@example.com", components: [bank.id])
            _ = try store.createIncident(title: text("Allt", "All"), impact: .critical, status: .investigating, body: text("b", "b"),
                                         componentChanges: [], at: day(1), by: testActor, notify: true)
            #expect(try eventDeliveries(store).map(\.subscriber) == [filtered])
        }
    }

    @Test func doubleOptInConfirmsOnceExpiresAndThrottlesResends() throws {
        try withStore { store in
            let email = try address("Kund@Example.SE")
            #expect(try store.subscribe(email: email, language: .swedish, componentIDs: [], at: day(0), confirmationValidFor: 3_600,
                                        resendAfter: 600) == .confirmationQueued)
            #expect(try store.subscribe(email: try address("kund@example.se"), language: .english, componentIDs: [],
                                        at: day(0).addingTimeInterval(60), confirmationValidFor: 3_600, resendAfter: 600)
                    == .confirmationRecentlySent)
            let due = try store.dueDeliveries(at: day(0, hour: 1), limit: 10)
            #expect(due.count == 1 && due[0].eventID == nil)
            guard case .email(let subscriber, let token) = due[0].recipient else { Issue.record("not email"); return }
            #expect(!subscriber.isConfirmed && token.count >= 40)
            #expect(try store.confirmSubscription(token: token, at: day(0, hour: 2)) == .expired)
            #expect(try store.confirmSubscription(token: "nope", at: day(0)) == .unknown)

            // Asking again after the link expired sends a new one that works.
            #expect(try store.subscribe(email: email, language: .english, componentIDs: [], at: day(0, hour: 3),
                                        confirmationValidFor: 3_600, resendAfter: 600) == .confirmationQueued)
            guard case .confirmed(let confirmed) = try store.confirmSubscription(token: token, at: day(0, hour: 3.5)) else {
                Issue.record("not confirmed"); return
            }
            #expect(confirmed.language == .english)
            #expect(try store.dueDeliveries(at: day(1), limit: 10).isEmpty, "pending confirmation mails are dropped once confirmed")
            #expect(try store.subscribe(email: email, language: .swedish, componentIDs: [], at: day(2), confirmationValidFor: 3_600,
                                        resendAfter: 600) == .alreadyConfirmed)
            #expect(try store.emailSubscriber(token: token)?.language == .english, "a stranger cannot change a confirmed subscription")

            #expect(try store.unsubscribe(token: token))
            #expect(try store.unsubscribe(token: token) == false)
            #expect(try store.emailSubscribers().isEmpty)
        }
    }

    @Test func retriesBackOffAndGiveUp() throws {
        try withStore { store in
            _ = try confirmedSubscriber(store, "a@example.com")
            _ = try store.createIncident(title: text("t", "t"), impact: .minor, status: .investigating, body: text("b", "b"),
                                         componentChanges: [], at: day(1), by: testActor, notify: true)
            let policy = RetryPolicy(firstDelay: 10, maximumDelay: 100, maximumAttempts: 3)
            let id = try #require(try store.dueDeliveries(at: day(1), limit: 5).first?.id)
            try store.recordDeliveryOutcome(id: id, .transientFailure("451 try later"), at: day(1), policy: policy, jitter: 0.5)
            #expect(try store.dueDeliveries(at: day(1).addingTimeInterval(9), limit: 5).isEmpty)
            #expect(try store.dueDeliveries(at: day(1).addingTimeInterval(10), limit: 5).first?.attempts == 1)
            try store.recordDeliveryOutcome(id: id, .transientFailure("timeout"), at: day(1), policy: policy, jitter: 0.5)
            try store.recordDeliveryOutcome(id: id, .transientFailure("timeout"), at: day(1), policy: policy, jitter: 0.5)
            let record = try #require(try store.deliveries(eventID: try #require(try store.recentNotificationEvents(limit: 1).first?.event.id)).first)
            #expect(record.state == .failed && record.attempts == 3 && record.lastError == "timeout")
            #expect(try store.nextDeliveryDue() == nil)
        }
    }

    @Test func maintenanceStartAndEndAreAnnouncedOnceByClockOrStaff() throws {
        try withStore { store in
            _ = try confirmedSubscriber(store, "a@example.com")
            let planned = try store.createMaintenance(title: text("Byte", "Swap"), body: text("b", "b"), startsAt: day(3),
                                                      endsAt: day(3, hour: 12), componentIDs: [], createdAt: day(1), by: testActor,
                                                      notify: true)
            let quiet = try store.createMaintenance(title: text("Tyst", "Quiet"), body: text("b", "b"), startsAt: day(3),
                                                    endsAt: day(3, hour: 12), componentIDs: [], createdAt: day(1), by: testActor,
                                                    notify: false)
            #expect(try store.announceMaintenanceTransitions(at: day(2), notBefore: day(1)) == 0)
            #expect(try store.announceMaintenanceTransitions(at: day(3, hour: 1), notBefore: day(2)) == 1)
            #expect(try store.announceMaintenanceTransitions(at: day(3, hour: 2), notBefore: day(2)) == 0)
            try store.completeMaintenance(id: planned.id, at: day(3, hour: 5), by: testActor)
            try store.completeMaintenance(id: quiet.id, at: day(3, hour: 5), by: testActor)
            #expect(try store.announceMaintenanceTransitions(at: day(3, hour: 13), notBefore: day(2)) == 0)
            let kinds = try store.recentNotificationEvents(limit: 10).map(\.event.kind)
            #expect(kinds == [.maintenanceCompleted, .maintenanceStarted, .maintenanceScheduled])
        }
    }

    @Test func aWindowThatEndedWhileTheServerWasDownIsAnnouncedAsCompletedOnly() throws {
        try withStore { store in
            _ = try store.createMaintenance(title: text("B", "B"), body: text("b", "b"), startsAt: day(3), endsAt: day(3, hour: 2),
                                            componentIDs: [], createdAt: day(1), by: testActor, notify: true)
            #expect(try store.announceMaintenanceTransitions(at: day(3, hour: 3), notBefore: day(2)) == 1)
            #expect(try store.recentNotificationEvents(limit: 5).first?.event.kind == .maintenanceCompleted)
            // Old news is not sent at all.
            _ = try store.createMaintenance(title: text("C", "C"), body: text("b", "b"), startsAt: day(4), endsAt: day(4, hour: 2),
                                            componentIDs: [], createdAt: day(1), by: testActor, notify: true)
            #expect(try store.announceMaintenanceTransitions(at: day(9), notBefore: day(8)) == 0)
        }
    }

    @Test func deletingASubscriberRemovesTheAddressAndItsDeliveries() throws {
        try withStore { store in
            let id = try confirmedSubscriber(store, "bort@example.se")
            _ = try store.createIncident(title: text("t", "t"), impact: .minor, status: .investigating, body: text("b", "b"),
                                         componentChanges: [], at: day(1), by: testActor, notify: true)
            try store.deleteEmailSubscriber(id: id, at: day(2), by: testActor)
            let leftovers = try store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification_delivery") ?? -1
            }
            #expect(leftovers == 0)
            #expect(try store.auditEntries(before: nil, limit: 1).first?.action == "subscriber.delete")
            let dump = try store.read { db in try String.fetchAll(db, sql: "SELECT after_json FROM audit_log WHERE after_json IS NOT NULL") }
            #expect(!dump.contains { $0.contains("bort@example.se") })
            #expect(throws: StoreError.self) { try store.deleteEmailSubscriber(id: id, at: day(2), by: testActor) }
        }
    }

    @Test func unconfirmedSubscriptionsAreForgottenAfterExpiry() throws {
        try withStore { store in
            _ = try store.subscribe(email: address("x@example.com"), language: .swedish, componentIDs: [], at: day(0),
                                    confirmationValidFor: 3_600, resendAfter: 600)
            #expect(try store.pruneUnconfirmedSubscribers(expiredBefore: day(0)) == 0)
            #expect(try store.pruneUnconfirmedSubscribers(expiredBefore: day(1)) == 1)
            #expect(try store.emailSubscriberCounts() == (0, 0))
        }
    }
}

@Suite("Notification history retention")
struct NotificationRetentionTests {
    @Test func finishedDeliveriesAndTheirEventsAreForgottenPendingOnesKept() throws {
        try withStore { store in
            _ = try store.createWebhook(url: "https://hooks.example.com/a", secret: String(repeating: "s", count: 20), language: .english,
                                        componentIDs: [], description: "", at: day(0), by: testActor)
            for dayNumber in [1.0, 2.0] {
                _ = try store.createIncident(title: text("t", "t"), impact: .minor, status: .investigating, body: text("b", "b"),
                                             componentChanges: [], at: day(dayNumber), by: testActor, notify: true)
            }
            let due = try store.dueDeliveries(at: day(3), limit: 10)
            try store.recordDeliveryOutcome(id: due[0].id, .delivered, at: day(3), policy: .standard, jitter: 0.5)
            #expect(try store.pruneDeliveryHistory(createdBefore: day(10)) == 1)
            #expect(try store.recentNotificationEvents(limit: 10).count == 1, "the event with a pending delivery stays")
            #expect(try store.deliveryCounts() == [.pending: 1])
        }
    }
}
