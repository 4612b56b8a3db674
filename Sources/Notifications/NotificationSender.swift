import Foundation
import Logging
import SiteSettings
import StatusModel
import StatusStore

/// Delivers the outbox: a background thread that sends every due delivery, records each
/// attempt right after it, and sleeps until the next one is due or `wake()` is called (after a
/// publish). Survives restarts because all its state is in the database; at most one process per
/// database sends (see SenderLock).
///
/// Guarantee: at least once. A crash between the relay accepting a message and the outcome being
/// written means that message is sent again after the restart, with the same Message-ID and
/// X-Driftstatus-Event-Id, so receivers can drop the repeat.
public final class NotificationSender: @unchecked Sendable {
    // @unchecked: the mutable state below is guarded by `condition`; transports are used on the sender thread only.
    private let attempt: DeliveryAttempt
    private let store: StatusStore
    private let policy: RetryPolicy
    /// `[notifications] maintenance_reminder_hours`; 0: no reminders.
    private let reminderLead: TimeInterval
    /// `[notifications] stale_incident_minutes`, who is reminded, and in which language when they have no account.
    private let staleRule: StaleIncidentRule
    private let staffRecipients: StaffRecipients
    private let defaultLanguage: LanguageCode
    /// Stale incident reminders are only written when they can be emailed.
    private let emailsStaff: Bool
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let lock: SenderLock?
    private let condition = NSCondition()
    private var woken = false
    private var stopping = false
    private var thread: Thread?
    private var finished = false
    private var lastHousekeeping = Date.distantPast

    /// How long an idle sender sleeps before it looks again (maintenance windows start by the clock).
    public var idleInterval: TimeInterval = 5
    /// How long finished deliveries stay visible in the admin UI before they are forgotten.
    public static let deliveryHistoryKept: TimeInterval = 90 * 86_400
    /// Maintenance starts and ends older than this when noticed are not announced (news too old).
    public static let announcementHorizon: TimeInterval = 3_600

    public init(store: StatusStore, settings: SiteSettings, renderer: any NotificationRendering, email: (any EmailTransport)?,
                webhooks: any WebhookTransport, lockDatabaseFile: Bool = true, logger: Logger = Logger(label: "driftstatus.notifications"),
                clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.policy = settings.notifications.retryPolicy
        self.reminderLead = settings.notifications.maintenanceReminderLead
        self.staleRule = StaleIncidentRule(period: settings.notifications.staleIncidentPeriod)
        self.staffRecipients = settings.notifications.staffEmails.map(StaffRecipients.addresses) ?? .admins
        self.defaultLanguage = settings.defaultLanguage
        self.emailsStaff = email != nil
        self.clock = clock
        self.logger = logger
        self.lock = lockDatabaseFile ? SenderLock(databasePath: store.path) : nil
        attempt = DeliveryAttempt(store: store, renderer: renderer, email: email, webhooks: webhooks, settings: settings,
                                  links: SubscriptionLinks(baseURL: settings.baseURL))
    }

    public func start() {
        condition.lock()
        defer { condition.unlock() }
        guard thread == nil else { return }
        let thread = Thread { [self] in run() }
        thread.name = "notification-sender"
        self.thread = thread
        thread.start()
    }

    /// Something was published: look at the outbox now rather than at the next tick.
    public func wake() {
        condition.lock()
        woken = true
        condition.signal()
        condition.unlock()
    }

    /// Lets the delivery in progress finish (it is recorded), then stops. Waits up to `timeout`.
    public func stop(timeout: TimeInterval = 30) {
        condition.lock()
        stopping = true
        condition.broadcast()
        let deadline = Date().addingTimeInterval(timeout)
        while thread != nil && !finished && condition.wait(until: deadline) {}
        condition.unlock()
    }

    /// One pass: housekeeping, then every delivery due now. Returns how many attempts were made.
    /// Used by the thread and directly by tests.
    @discardableResult
    public func deliverDue(batchSize: Int = 50) -> Int {
        var attempts = 0
        housekeeping()
        var events: [Int64: NotificationEvent] = [:]
        while !isStopping {
            let now = clock()
            let due: [DueDelivery]
            do {
                due = try store.dueDeliveries(at: now, limit: batchSize)
            } catch {
                logger.warning("cannot read the outbox", metadata: ["error": "\(error)"])
                return attempts
            }
            if due.isEmpty { break }
            for delivery in due {
                if isStopping { break }
                var event: NotificationEvent?
                if let eventID = delivery.eventID {
                    event = events[eventID] ?? (try? store.notificationEvent(id: eventID))
                    events[eventID] = event
                    if event == nil { record(delivery, .permanentFailure("the event cannot be read")); continue }
                }
                let outcome = attempt.run(delivery, event: event, now: clock())
                record(delivery, outcome)
                attempts += 1
            }
        }
        return attempts
    }

    private func record(_ delivery: DueDelivery, _ outcome: DeliveryOutcome) {
        do {
            try store.recordDeliveryOutcome(id: delivery.id, outcome, at: clock(), policy: policy, jitter: Double.random(in: 0...1))
        } catch {
            logger.error("cannot record a delivery outcome", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
        switch outcome {
        case .delivered: break
        case .transientFailure(let reason):
            logger.info("delivery failed, will retry", metadata: ["delivery": "\(delivery.id)", "reason": "\(reason)"])
        case .permanentFailure(let reason):
            logger.warning("delivery failed for good", metadata: ["delivery": "\(delivery.id)", "reason": "\(reason)"])
        }
    }

    /// Announces maintenance windows that started, ended or start soon (reminders), reminds staff of
    /// stale incidents, and forgets long-expired unconfirmed subscriptions.
    private func housekeeping() {
        let now = clock()
        do {
            try store.announceMaintenanceTransitions(at: now, notBefore: now.addingTimeInterval(-Self.announcementHorizon))
            try store.remindOfMaintenance(at: now, lead: reminderLead)
            if emailsStaff {
                try store.remindStaffOfStaleIncidents(at: now, rule: staleRule, recipients: staffRecipients, defaultLanguage: defaultLanguage)
            }
            if now.timeIntervalSince(lastHousekeeping) > 3_600 {
                lastHousekeeping = now
                try store.pruneUnconfirmedSubscribers(expiredBefore: now.addingTimeInterval(-7 * 86_400))
                try store.pruneDeliveryHistory(createdBefore: now.addingTimeInterval(-Self.deliveryHistoryKept))
            }
        } catch {
            logger.warning("notification housekeeping failed", metadata: ["error": "\(error)"])
        }
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    private func run() {
        defer {
            lock?.release()
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        var warnedAboutLock = false
        while !isStopping {
            if let lock, !lock.tryAcquire() {
                if !warnedAboutLock {
                    logger.notice("another process delivers notifications for this database; waiting", metadata: ["lock": "\(lock.path)"])
                    warnedAboutLock = true
                }
                sleep(until: clock().addingTimeInterval(idleInterval))
                continue
            }
            deliverDue()
            let next = (try? store.nextDeliveryDue()) ?? nil
            let idleUntil = clock().addingTimeInterval(idleInterval)
            sleep(until: min(next ?? idleUntil, idleUntil))
        }
    }

    /// Sleeps until `date` (on the injected clock's terms, converted to wall time) or a wake/stop.
    private func sleep(until date: Date) {
        let seconds = max(0, date.timeIntervalSince(clock()))
        condition.lock()
        defer { condition.unlock() }
        if !woken && !stopping && seconds > 0 {
            _ = condition.wait(until: Date().addingTimeInterval(seconds))
        }
        woken = false
    }
}
