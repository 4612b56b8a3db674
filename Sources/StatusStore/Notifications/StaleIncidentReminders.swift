import Foundation
import GRDB
import StatusModel

/// Who is reminded of stale incidents: every admin account, or `[notifications] staff_emails`.
public enum StaffRecipients: Sendable, Hashable {
    case admins
    case addresses([EmailAddress])
}

// Reminders to staff that an active incident has had no update for a period. Written by the
// sender's periodic sweep like maintenance reminders; the once-key holds the incident, its last
// update and the number of periods since, so each period is reminded of once, whichever process
// gets there first, and a restart neither repeats nor forgets one.
extension StatusStore {
    /// Writes an `incident.stale` event with one staff delivery per recipient for each active
    /// incident that became stale for another period. Recipients' languages: the account's, else
    /// `defaultLanguage`. Returns how many events were written.
    @discardableResult
    public func remindStaffOfStaleIncidents(at now: Date, rule: StaleIncidentRule, recipients: StaffRecipients,
                                            defaultLanguage: LanguageCode) throws -> Int {
        guard rule.isEnabled else { return 0 }
        return try writeQuietly { db in
            let stale = try Self.loadIncidents(db, whereSQL: "resolved_at IS NULL", arguments: [])
                .filter { rule.isStale($0, at: now) }
            guard !stale.isEmpty else { return 0 }
            let addressees = try Self.staffAddressees(db, recipients, defaultLanguage: defaultLanguage)
            guard !addressees.isEmpty else { return 0 }
            var written = 0
            for incident in stale {
                let periods = rule.stalePeriods(incident, at: now)
                let last = StaleIncidentRule.lastActivity(of: incident)
                let key = "\(NotificationEventKind.incidentStale.rawValue):\(incident.id):\(last.storeMillis):\(periods)"
                guard let eventID = try Self.enqueue(db, kind: .incidentStale, subject: .incident(incident, update: incident.updates.last),
                                                     onceKey: key, at: now) else { continue }
                for (address, language) in addressees {
                    try db.execute(sql: """
                        INSERT OR IGNORE INTO notification_delivery (event_id, channel, staff_email, staff_language, next_attempt_at, created_at)
                        VALUES (?, 'staff', ?, ?, ?, ?)
                        """, arguments: [eventID, address.value, language.rawValue, now.storeMillis, now.storeMillis])
                }
                written += 1
            }
            return written
        }
    }

    /// Each address once (case-insensitively), with the language of the account that has it.
    static func staffAddressees(_ db: Database, _ recipients: StaffRecipients,
                                defaultLanguage: LanguageCode) throws -> [(EmailAddress, LanguageCode)] {
        let accounts = try Row.fetchAll(db, sql: "SELECT email, role, language FROM staff_user ORDER BY email")
        var languages: [String: LanguageCode] = [:]
        var admins: [String] = []
        for row in accounts {
            let email: String = row["email"]
            languages[email.lowercased()] = (row["language"] as String?).flatMap(LanguageCode.init) ?? defaultLanguage
            if row["role"] == StaffRole.admin.rawValue { admins.append(email) }
        }
        let candidates: [EmailAddress] = switch recipients {
        case .admins: admins.compactMap(EmailAddress.init)
        case .addresses(let addresses): addresses
        }
        var seen = Set<String>()
        return candidates.compactMap { address in
            let folded = address.value.lowercased()
            guard seen.insert(folded).inserted else { return nil }
            return (address, languages[folded] ?? defaultLanguage)
        }
    }
}
