import Foundation
import StatusModel

/// How subscriber notifications go out: the SMTP relay (`[smtp]` in driftstatus.toml) and the
/// sender's timing (`[notifications]`). Without an SMTP host, email subscription is switched off
/// (the subscribe form is not shown); webhooks work regardless.
public struct NotificationSettings: Sendable, Equatable {
    public enum SMTPSecurity: String, Sendable, Equatable, CaseIterable {
        /// Plain connection upgraded with STARTTLS; refused if the relay does not offer it.
        case startTLS = "starttls"
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption: only for a relay on the same machine or network.
        case none
    }

    public var smtpHost: String?
    public var smtpPort: Int
    public var smtpSecurity: SMTPSecurity
    public var smtpUsername: String?
    public var smtpPassword: String?
    /// The envelope and header sender, e.g. "status@exempel.se".
    public var fromAddress: EmailAddress
    /// The first retry waits this long; each further one twice as long, up to `retryMaximumDelay`.
    public var retryFirstDelay: TimeInterval
    public var retryMaximumDelay: TimeInterval
    public var retryAttempts: Int
    /// How long a confirmation link works.
    public var confirmationValidity: TimeInterval
    /// Subscribe requests one client address may make in ten minutes.
    public var subscribeRequestsPerAddress: Int
    /// `[webhooks] allow_private_addresses`: when false (the default), webhooks may not target
    /// loopback, private, link-local, multicast or unspecified addresses (no SSRF into the
    /// network the server runs in).
    public var webhooksAllowPrivateAddresses = false
    /// How long before a maintenance window starts subscribers are reminded of it; 0 turns reminders off.
    public var maintenanceReminderLead: TimeInterval = 24 * 3_600
    /// Staff are emailed about an active incident without an update for this long (and again
    /// after each further period); 0 turns the reminders and the dashboard banner off.
    public var staleIncidentPeriod: TimeInterval = 60 * 60
    /// `[notifications] staff_emails`: who gets stale incident reminders; nil: every admin account.
    public var staffEmails: [EmailAddress]? = nil

    public init(smtpHost: String? = nil, smtpPort: Int = 587, smtpSecurity: SMTPSecurity = .startTLS, smtpUsername: String? = nil,
                smtpPassword: String? = nil, fromAddress: EmailAddress = NotificationSettings.defaultFrom,
                retryFirstDelay: TimeInterval = 30, retryMaximumDelay: TimeInterval = 3_600, retryAttempts: Int = 12,
                confirmationValidity: TimeInterval = 48 * 3_600, subscribeRequestsPerAddress: Int = 5) {
        self.smtpHost = smtpHost; self.smtpPort = smtpPort; self.smtpSecurity = smtpSecurity
        self.smtpUsername = smtpUsername; self.smtpPassword = smtpPassword; self.fromAddress = fromAddress
        self.retryFirstDelay = retryFirstDelay; self.retryMaximumDelay = retryMaximumDelay; self.retryAttempts = retryAttempts
        self.confirmationValidity = confirmationValidity; self.subscribeRequestsPerAddress = subscribeRequestsPerAddress
    }

    // A literal that always parses; `?? ` only keeps this free of force-unwraps.
    public static let defaultFrom = EmailAddress("status@localhost.localdomain") ?? EmailAddress("a@b.se")!

    public var emailEnabled: Bool { smtpHost != nil }

    public var retryPolicy: RetryPolicy {
        RetryPolicy(firstDelay: retryFirstDelay, maximumDelay: retryMaximumDelay, maximumAttempts: retryAttempts)
    }

    /// The settings' keys, as `table.key`, with their checks: shared by the file and the environment.
    static let keys: [String: @Sendable (inout NotificationSettings, String) throws(InvalidValue) -> Void] = [
        "smtp.host": { settings, raw throws(InvalidValue) in settings.smtpHost = try SettingValues.hostName(raw) },
        "smtp.port": { settings, raw throws(InvalidValue) in settings.smtpPort = try SettingValues.integer(raw, in: 1...65_535) },
        "smtp.security": { settings, raw throws(InvalidValue) in
            guard let value = SMTPSecurity(rawValue: raw.lowercased()) else {
                throw InvalidValue(reason: "\(SettingValues.quoted(raw)) is not one of: starttls, tls, none")
            }
            settings.smtpSecurity = value
        },
        "smtp.username": { settings, raw throws(InvalidValue) in settings.smtpUsername = raw },
        "smtp.password": { settings, raw throws(InvalidValue) in settings.smtpPassword = raw },
        "smtp.from": { settings, raw throws(InvalidValue) in
            guard let address = EmailAddress(raw) else { throw InvalidValue(reason: "\(SettingValues.quoted(raw)) is not an email address") }
            settings.fromAddress = address
        },
        "notifications.retry_first_seconds": { settings, raw throws(InvalidValue) in
            settings.retryFirstDelay = TimeInterval(try SettingValues.number(raw, in: 0.01...86_400))
        },
        "notifications.retry_max_seconds": { settings, raw throws(InvalidValue) in
            settings.retryMaximumDelay = TimeInterval(try SettingValues.number(raw, in: 0.01...604_800))
        },
        "notifications.retry_attempts": { settings, raw throws(InvalidValue) in
            settings.retryAttempts = try SettingValues.integer(raw, in: 1...100)
        },
        "notifications.subscribe_limit": { settings, raw throws(InvalidValue) in
            settings.subscribeRequestsPerAddress = try SettingValues.integer(raw, in: 1...100_000)
        },
        "notifications.confirmation_hours": { settings, raw throws(InvalidValue) in
            settings.confirmationValidity = try SettingValues.number(raw, in: 0.01...720) * 3_600
        },
        "webhooks.allow_private_addresses": { settings, raw throws(InvalidValue) in
            settings.webhooksAllowPrivateAddresses = try SettingValues.boolean(raw)
        },
        "notifications.maintenance_reminder_hours": { settings, raw throws(InvalidValue) in
            settings.maintenanceReminderLead = try SettingValues.number(raw, in: 0...720) * 3_600
        },
        "notifications.stale_incident_minutes": { settings, raw throws(InvalidValue) in
            settings.staleIncidentPeriod = TimeInterval(try SettingValues.integer(raw, in: 0...43_200)) * 60
        },
        // An array in the file, comma-separated in the environment (the file reader joins the array with commas).
        "notifications.staff_emails": { settings, raw throws(InvalidValue) in
            settings.staffEmails = try SettingValues.emailAddresses(raw)
        },
    ]

    /// `smtp.host` → `DRIFTSTATUS_SMTP_HOST`, `notifications.retry_attempts` → `DRIFTSTATUS_NOTIFICATIONS_RETRY_ATTEMPTS`.
    static func environmentVariable(for key: String) -> String {
        "DRIFTSTATUS_" + key.replacingOccurrences(of: ".", with: "_").uppercased()
    }
}

extension SettingValues {
    static func hostName(_ raw: String) throws(InvalidValue) -> String {
        let host = raw.trimmingCharacters(in: .whitespaces)
        guard !host.isEmpty, host.count <= 253, host.allSatisfy({ $0.isLetter || $0.isNumber || "-.:[]".contains($0) }) else {
            throw InvalidValue(reason: "\(quoted(raw)) is not a host name or address")
        }
        return host
    }

    /// TOML's true/false (or the same words in an environment variable); nothing else, so a
    /// typo is an error rather than a silent "off".
    /// A comma-separated list of at least one address; an empty list would remind nobody.
    static func emailAddresses(_ raw: String) throws(InvalidValue) -> [EmailAddress] {
        let entries = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard entries.contains(where: { !$0.isEmpty }) else {
            throw InvalidValue(reason: "give at least one address, like [\"drift@exempel.se\"] (leave the key out to remind the admin accounts)")
        }
        return try entries.map { (entry) throws(InvalidValue) in
            guard let address = EmailAddress(entry) else { throw InvalidValue(reason: "\(quoted(entry)) is not an email address") }
            return address
        }
    }

    static func boolean(_ raw: String) throws(InvalidValue) -> Bool {
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": return true
        case "false": return false
        default: throw InvalidValue(reason: "\(quoted(raw)) is not true or false")
        }
    }

    static func integer(_ raw: String, in range: ClosedRange<Int>) throws(InvalidValue) -> Int {
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw InvalidValue(reason: "\(quoted(raw)) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    static func number(_ raw: String, in range: ClosedRange<Double>) throws(InvalidValue) -> Double {
        guard let value = Double(raw.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw InvalidValue(reason: "\(quoted(raw)) is not a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
