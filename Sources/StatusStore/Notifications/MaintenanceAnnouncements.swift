import Foundation
import GRDB
import StatusModel

// Maintenance windows start and end by the clock, not by a staff action, so their events are
// written by the sender's periodic sweep. `once_key` makes each announcement happen once, whether
// the clock or a staff action ("complete now") gets there first.
extension StatusStore {
    /// Announces windows that started or ended since `notBefore` (a server that was down for a
    /// day does not send day-old news) and were planned with notifications on.
    /// Returns how many events were written.
    @discardableResult
    public func announceMaintenanceTransitions(at now: Date, notBefore: Date) throws -> Int {
        try writeQuietly { db in
            var written = 0
            let candidates = try Self.loadMaintenances(db, whereSQL: """
                notify_subscribers = 1 AND cancelled_at IS NULL
                AND ((starts_at <= ? AND starts_at >= ?) OR (COALESCE(MIN(completed_at, ends_at), ends_at) BETWEEN ? AND ?))
                """, arguments: [now.storeMillis, notBefore.storeMillis, notBefore.storeMillis, now.storeMillis])
            for maintenance in candidates {
                let ended = maintenance.actualEnd <= now
                // A window that already ended is announced as completed only, not started and completed at once.
                if !ended, maintenance.startsAt >= notBefore {
                    written += try Self.announce(db, maintenance, kind: .maintenanceStarted, at: maintenance.startsAt) ? 1 : 0
                }
                if ended, maintenance.actualEnd >= notBefore {
                    written += try Self.announce(db, maintenance, kind: .maintenanceCompleted, at: maintenance.actualEnd) ? 1 : 0
                }
            }
            return written
        }
    }

    /// Reminds subscribers of windows starting within `lead` of `now` (Statuspage's
    /// `scheduled_remind_prior`), once per window and start time: the once-key holds the start, so
    /// a moved window is reminded of again. A window planned inside its reminder period gets none
    /// (the announcement is that fresh). Returns how many events were written.
    @discardableResult
    public func remindOfMaintenance(at now: Date, lead: TimeInterval) throws -> Int {
        guard lead > 0 else { return 0 }
        return try writeQuietly { db in
            let candidates = try Self.loadMaintenances(db, whereSQL: """
                notify_subscribers = 1 AND cancelled_at IS NULL AND completed_at IS NULL
                AND starts_at > ? AND starts_at <= ? AND created_at < starts_at - ?
                """, arguments: [now.storeMillis, now.addingTimeInterval(lead).storeMillis, Int64(lead * 1_000)])
            var written = 0
            for maintenance in candidates {
                let key = "\(NotificationEventKind.maintenanceReminder.rawValue):\(maintenance.id):\(maintenance.startsAt.storeMillis)"
                if try Self.enqueue(db, kind: .maintenanceReminder, subject: .maintenance(maintenance), onceKey: key, at: now) != nil {
                    written += 1
                }
            }
            return written
        }
    }

    /// A staff action on a maintenance (cancel, complete, extend), if it was planned with notifications on.
    static func announceMaintenance(_ db: Database, id: Int64, kind: NotificationEventKind, at: Date, once: Bool = true) throws {
        guard try Bool.fetchOne(db, sql: "SELECT notify_subscribers FROM maintenance WHERE id = ?", arguments: [id]) == true,
              let maintenance = try loadMaintenances(db, whereSQL: "id = ?", arguments: [id]).first else { return }
        if once {
            try announce(db, maintenance, kind: kind, at: at)
        } else {
            try enqueue(db, kind: kind, subject: .maintenance(maintenance), at: at)
        }
    }

    @discardableResult
    static func announce(_ db: Database, _ maintenance: Maintenance, kind: NotificationEventKind, at: Date) throws -> Bool {
        try enqueue(db, kind: kind, subject: .maintenance(maintenance), onceKey: "\(kind.rawValue):\(maintenance.id)", at: at) != nil
    }
}
