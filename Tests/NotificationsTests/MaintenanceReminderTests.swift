import Foundation
import Testing
import Notifications
import SiteSettings
import StatusModel
import StatusStore

/// `[notifications] maintenance_reminder_hours` before a window starts, through the outbox and
/// the sender's clock sweep: once per window and start, again after a move, never when off.
@Suite("Maintenance reminders")
struct MaintenanceReminderTests {
    let hour: TimeInterval = 3_600

    func sender(_ store: StatusStore, _ clock: ManualClock, email: RecordingEmailTransport, hooks: RecordingWebhookTransport,
                reminderHours: Double = 24) -> NotificationSender {
        var configured = settings()
        configured.notifications.maintenanceReminderLead = reminderHours * hour
        return NotificationSender(store: store, settings: configured, renderer: PlainRenderer(), email: email, webhooks: hooks,
                                  lockDatabaseFile: false, clock: { clock.now })
    }

    func reminders(_ email: RecordingEmailTransport) -> [String] {
        email.messages.filter { $0.subject.hasSuffix("maintenance.reminder") }.map { "\($0.to.value) \($0.subject)" }
    }

    @Test func oncePerSubscriberPerWindowAndAgainAfterAMove() throws {
        try withStore { store in
            let clock = ManualClock(start)
            let email = RecordingEmailTransport(), hooks = RecordingWebhookTransport()
            let sender = sender(store, clock, email: email, hooks: hooks)
            _ = try store.confirmedSubscriber("kund@exempel.se", .swedish)
            _ = try store.confirmedSubscriber("customer@example.com", .english)
            _ = try store.createWebhook(url: "https://hooks.example.com/in", secret: String(repeating: "k", count: 20),
                                        language: .english, componentIDs: [], description: "", at: start, by: staff)
            let window = try store.createMaintenance(title: text("Byte", "Swap"), body: text("b", "b"), startsAt: start + 30 * hour,
                                                     endsAt: start + 32 * hour, componentIDs: [], createdAt: start, by: staff,
                                                     notify: true)
            sender.deliverDue()
            #expect(reminders(email).isEmpty, "30 hours ahead: too early")

            clock.advance(6 * hour + 1)  // 24 hours less a second before the start
            sender.deliverDue()
            clock.advance(hour)
            sender.deliverDue()
            #expect(reminders(email).sorted() == ["customer@example.com en maintenance.reminder", "kund@exempel.se sv maintenance.reminder"])
            #expect(hooks.received.filter { $0.headers.contains(.init("X-Driftstatus-Event-Type", "maintenance.reminder")) }.count == 1)

            // Moved a day later: armed again, reminded again 24 hours before the new start.
            try store.rescheduleMaintenance(id: window.id, startsAt: start + 54 * hour, endsAt: start + 56 * hour, at: clock.now,
                                            by: staff, notify: false)
            sender.deliverDue()
            #expect(reminders(email).count == 2)
            clock.advance(23 * hour)  // 24 hours less a second before the new start
            sender.deliverDue()
            sender.deliverDue()
            #expect(reminders(email).count == 4)
            #expect(try store.maintenance(id: window.id)?.revision == 1)
        }
    }

    @Test func offWithZeroAndNeverForQuietOrCancelledWindows() throws {
        try withStore { store in
            let clock = ManualClock(start)
            let email = RecordingEmailTransport()
            _ = try store.confirmedSubscriber("kund@exempel.se", .swedish)
            _ = try store.createMaintenance(title: text("a", "a"), body: text("b", "b"), startsAt: start + 30 * hour, endsAt: start + 31 * hour,
                                            componentIDs: [], createdAt: start, by: staff, notify: true)
            let quiet = try store.createMaintenance(title: text("q", "q"), body: text("b", "b"), startsAt: start + 30 * hour,
                                                    endsAt: start + 31 * hour, componentIDs: [], createdAt: start, by: staff, notify: false)
            let cancelled = try store.createMaintenance(title: text("c", "c"), body: text("b", "b"), startsAt: start + 30 * hour,
                                                        endsAt: start + 31 * hour, componentIDs: [], createdAt: start, by: staff, notify: true)
            try store.cancelMaintenance(id: cancelled.id, at: start, by: staff)
            clock.advance(10 * hour)
            sender(store, clock, email: email, hooks: RecordingWebhookTransport(), reminderHours: 0).deliverDue()
            #expect(reminders(email).isEmpty, "0 turns reminders off")
            #expect(try store.remindOfMaintenance(at: clock.now, lead: 24 * hour) == 1, "only the announced, uncancelled window")
            #expect(try store.remindOfMaintenance(at: clock.now, lead: 24 * hour) == 0, "once")
            _ = quiet
        }
    }

    @Test func aWindowPlannedInsideItsReminderPeriodGetsNone() throws {
        try withStore { store in
            _ = try store.createMaintenance(title: text("a", "a"), body: text("b", "b"), startsAt: start + 2 * hour, endsAt: start + 3 * hour,
                                            componentIDs: [], createdAt: start, by: staff, notify: true)
            #expect(try store.remindOfMaintenance(at: start + hour, lead: 24 * hour) == 0)
        }
    }
}
