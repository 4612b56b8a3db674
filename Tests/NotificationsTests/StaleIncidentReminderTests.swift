import Foundation
import Testing
import Notifications
import SiteSettings
import StatusModel
import StatusPages
import StatusStore

/// `[notifications] stale_incident_minutes`: staff are emailed about an active incident nobody
/// updates, once per period, in each one's language, through the outbox and the sender's sweep.
@Suite("Stale incident reminders")
struct StaleIncidentReminderTests {
    let minute: TimeInterval = 60

    var repositoryRoot: URL { migrationsDirectory.deletingLastPathComponent() }

    func configured(minutes: Int = 60, staffEmails: [String]? = nil) -> SiteSettings {
        var configured = settings()
        configured.notifications.staleIncidentPeriod = TimeInterval(minutes) * minute
        configured.notifications.staffEmails = staffEmails?.compactMap(EmailAddress.init)
        return configured
    }

    func sender(_ store: StatusStore, _ clock: ManualClock, _ email: RecordingEmailTransport?,
                settings: SiteSettings) throws -> NotificationSender {
        NotificationSender(store: store, settings: settings,
                           renderer: try NotificationRenderer(siteDirectory: repositoryRoot, settings: settings),
                           email: email, webhooks: RecordingWebhookTransport(), lockDatabaseFile: false, clock: { clock.now })
    }

    func reminders(_ email: RecordingEmailTransport) -> [OutgoingEmail] {
        email.messages.filter { $0.headers.contains(.init("X-Driftstatus-Event-Type", "incident.stale")) }
    }

    func addStaff(_ store: StatusStore, _ address: String, _ role: StaffRole, _ language: LanguageCode?) throws {
        _ = try store.addUser(email: address, name: address, role: role, passwordHash: "x", language: language, at: start, by: staff)
    }

    func openIncident(_ store: StatusStore, at: Date = start) throws -> Incident {
        try store.createIncident(title: text("Kortbetalningar nere", "Card payments down"), impact: .major, status: .investigating,
                                 body: text("Vi undersöker", "Investigating"), componentChanges: [], at: at, by: staff)
    }

    @Test func oncePerPeriodToEachAdminInTheirLanguageResetByAnUpdateStoppedByResolving() throws {
        try withStore { store in
            try addStaff(store, "ada@exempel.se", .admin, .swedish)
            try addStaff(store, "bob@example.com", .admin, .english)
            try addStaff(store, "cid@exempel.se", .admin, nil)      // no language: the site's first (sv)
            try addStaff(store, "eddie@exempel.se", .editor, .english)  // editors are not reminded by default
            let clock = ManualClock(start)
            let email = RecordingEmailTransport()
            let sender = try sender(store, clock, email, settings: configured())
            let incident = try openIncident(store)
            // A subscriber and a webhook never hear of staff reminders.
            _ = try store.confirmedSubscriber("kund@exempel.se", .swedish)
            _ = try store.createWebhook(url: "https://hooks.example.com/in", secret: String(repeating: "k", count: 20),
                                        language: .english, componentIDs: [], description: "", at: start, by: staff)

            clock.advance(59 * minute)
            sender.deliverDue()
            #expect(reminders(email).isEmpty, "59 minutes without an update: not yet")

            clock.advance(minute)
            sender.deliverDue()
            let first = reminders(email)
            #expect(first.map(\.to.value).sorted() == ["ada@exempel.se", "bob@example.com", "cid@exempel.se"])
            let byAddress = Dictionary(uniqueKeysWithValues: first.map { ($0.to.value, $0) })
            #expect(byAddress["ada@exempel.se"]?.subject == "[Driftstatus] Ingen uppdatering på 60 minuter: Kortbetalningar nere")
            #expect(byAddress["cid@exempel.se"]?.subject == "[Driftstatus] Ingen uppdatering på 60 minuter: Kortbetalningar nere")
            #expect(byAddress["bob@example.com"]?.subject == "[Driftstatus] No update for 60 minutes: Card payments down")
            let link = "https://status.exempel.se/admin/incidents/\(incident.id)"
            #expect(byAddress["bob@example.com"]?.text.contains(link) == true)
            #expect(byAddress["bob@example.com"]?.html.contains("href=\"\(link)\"") == true)
            #expect(byAddress["ada@exempel.se"]?.text.contains("Skriv en uppdatering") == true)
            #expect(!email.messages.contains { $0.to.value == "kund@exempel.se" }, "subscribers never get staff reminders")
            let staleEvents = try store.recentNotificationEvents(limit: 20).filter { $0.event.kind == .incidentStale }
            #expect(staleEvents.count == 1)
            for summary in staleEvents {
                #expect(try store.deliveries(eventID: summary.event.id).map(\.channel) == [.staff, .staff, .staff], "no webhook deliveries")
            }

            clock.advance(59 * minute)
            sender.deliverDue()
            sender.deliverDue()
            #expect(reminders(email).count == 3, "no second reminder within the second period")
            clock.advance(minute)
            sender.deliverDue()
            #expect(reminders(email).count == 6, "after another period without an update, again")
            #expect(reminders(email).suffix(3).allSatisfy { $0.subject.contains(" 120 ") })

            // An update resets the clock: the next reminder is a full period after it.
            _ = try store.addUpdate(incidentID: incident.id, status: .identified, body: text("Hittat", "Found"), componentChanges: [],
                                    at: clock.now + 5 * minute, by: staff)
            clock.advance(64 * minute)
            sender.deliverDue()
            #expect(reminders(email).count == 6, "59 minutes after the update")
            clock.advance(minute)
            sender.deliverDue()
            #expect(reminders(email).count == 9, "a period after the update")
            #expect(reminders(email).suffix(3).allSatisfy { $0.subject.contains(" 60 ") })

            // Resolving stops them.
            _ = try store.addUpdate(incidentID: incident.id, status: .resolved, body: text("Löst", "Fixed"), componentChanges: [],
                                    at: clock.now + minute, by: staff)
            clock.advance(10 * 60 * minute)
            sender.deliverDue()
            #expect(reminders(email).count == 9)
        }
    }

    @Test func staffEmailsReplaceTheAdminsAndAddressesWithoutAccountGetTheFirstLanguage() throws {
        try withStore { store in
            try addStaff(store, "ada@exempel.se", .admin, .swedish)
            try addStaff(store, "eddie@example.com", .editor, .english)
            let clock = ManualClock(start)
            let email = RecordingEmailTransport()
            let sender = try sender(store, clock, email,
                                    settings: configured(minutes: 30, staffEmails: ["Eddie@example.com", "jour@exempel.se"]))
            _ = try openIncident(store)
            clock.advance(30 * minute)
            sender.deliverDue()
            let sent = reminders(email)
            #expect(sent.map(\.to.value).sorted() == ["Eddie@example.com", "jour@exempel.se"], "the listed addresses, not the admin")
            #expect(sent.first { $0.to.value == "Eddie@example.com" }?.subject.hasPrefix("[Driftstatus] No update for 30 minutes") == true,
                    "an address with an account: the account's language")
            #expect(sent.first { $0.to.value == "jour@exempel.se" }?.subject.hasPrefix("[Driftstatus] Ingen uppdatering på 30 minuter") == true,
                    "an address without an account: the site's first language")
        }
    }

    @Test func aRestartNeitherResendsNorForgets() throws {
        try withStore { store in
            try addStaff(store, "ada@exempel.se", .admin, .swedish)
            let clock = ManualClock(start)
            let before = RecordingEmailTransport()
            _ = try openIncident(store)
            clock.advance(61 * minute)
            try sender(store, clock, before, settings: configured()).deliverDue()
            #expect(reminders(before).count == 1)

            // A new process on the same database: nothing again for this period ...
            let after = RecordingEmailTransport()
            let restarted = try sender(store, clock, after, settings: configured())
            restarted.deliverDue()
            #expect(reminders(after).isEmpty)
            // ... and a reminder written but not yet sent before the restart is still sent.
            clock.advance(60 * minute)
            #expect(try store.remindStaffOfStaleIncidents(at: clock.now, rule: StaleIncidentRule(period: 3_600), recipients: .admins,
                                                          defaultLanguage: .swedish) == 1)
            let third = RecordingEmailTransport()
            try sender(store, clock, third, settings: configured()).deliverDue()
            #expect(reminders(third).count == 1)
        }
    }

    @Test func twoProcessesWriteOneReminderPerPeriod() throws {
        try withStore { store in
            try addStaff(store, "ada@exempel.se", .admin, .swedish)
            _ = try openIncident(store)
            let other = try StatusStore.open(path: store.path)
            defer { try? other.close() }
            let now = start + 90 * minute
            let rule = StaleIncidentRule(period: 3_600)
            let counts = Collected([Int]())
            DispatchQueue.concurrentPerform(iterations: 8) { index in
                let handle = index.isMultiple(of: 2) ? store : other
                let written = (try? handle.remindStaffOfStaleIncidents(at: now, rule: rule, recipients: .admins,
                                                                       defaultLanguage: .swedish)) ?? -1
                counts.append(written)
            }
            #expect(counts.values.sorted() == [0, 0, 0, 0, 0, 0, 0, 1])
            #expect(try store.dueDeliveries(at: now, limit: 100).filter {
                if case .staff = $0.recipient { true } else { false }
            }.count == 1)
        }
    }

    @Test func zeroSwitchesItOffAndWithoutSMTPNothingIsWritten() throws {
        try withStore { store in
            try addStaff(store, "ada@exempel.se", .admin, .swedish)
            let clock = ManualClock(start)
            let email = RecordingEmailTransport()
            _ = try openIncident(store)
            clock.advance(10 * 60 * minute)
            try sender(store, clock, email, settings: configured(minutes: 0)).deliverDue()
            #expect(reminders(email).isEmpty)
            try sender(store, clock, nil, settings: configured()).deliverDue()
            #expect(try store.recentNotificationEvents(limit: 10).isEmpty, "no relay: no reminders piling up in the outbox")
            #expect(try store.remindStaffOfStaleIncidents(at: clock.now, rule: StaleIncidentRule(period: 0), recipients: .admins,
                                                          defaultLanguage: .swedish) == 0)
        }
    }
}

/// A value several threads append to.
final class Collected<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    var values: Value { lock.lock(); defer { lock.unlock() }; return value }
    func append<Element>(_ element: Element) where Value == [Element] { lock.lock(); value.append(element); lock.unlock() }
}
