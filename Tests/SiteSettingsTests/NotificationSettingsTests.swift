import Foundation
import Testing
import SiteSettings
import StatusModel

@Suite("[smtp] and [notifications] settings")
struct NotificationSettingsTests {
    @Test func emailIsOffUntilARelayIsNamed() throws {
        let settings = try SettingsLoader.parse(toml: "", fileName: "driftstatus.toml")
        #expect(!settings.notifications.emailEnabled)
        #expect(settings.notifications.retryPolicy == .standard)
    }

    @Test func fileAndEnvironmentSetTheRelay() throws {
        let toml = """
            [smtp]
            host = "smtp.exempel.se"
            port = 465
            security = "tls"
            username = "status"
            from = "status@exempel.se"

            [notifications]
            retry_first_seconds = 0.5
            retry_attempts = 4
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("n-\(UUID().uuidString).toml")
        try toml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let settings = try SettingsLoader.load(file: url, explicit: true,
                                               environment: ["DRIFTSTATUS_SMTP_PASSWORD": "hemligt", "DRIFTSTATUS_SMTP_PORT": "2525"])
        let notifications = settings.notifications
        #expect(notifications.smtpHost == "smtp.exempel.se" && notifications.smtpPort == 2525 && notifications.smtpSecurity == .tls)
        #expect(notifications.smtpUsername == "status" && notifications.smtpPassword == "hemligt")
        #expect(notifications.fromAddress.value == "status@exempel.se")
        #expect(notifications.retryFirstDelay == 0.5 && notifications.retryAttempts == 4)
    }

    @Test(arguments: [
        ("[smtp]\nport = 70000", "driftstatus.toml:2: smtp.port: \"70000\" is not a whole number from 1 to 65535"),
        ("[smtp]\nsecurity = \"ssl\"", "driftstatus.toml:2: smtp.security: \"ssl\" is not one of: starttls, tls, none"),
        ("[smtp]\nfrom = \"nobody\"", "driftstatus.toml:2: smtp.from: \"nobody\" is not an email address"),
        ("[smtp]\nhots = \"x\"", "driftstatus.toml:2: smtp.hots: unknown key (known keys: from, host, password, port, security, username)"),
        ("smtp = 1", "driftstatus.toml:1: smtp: expected a table like [smtp], found an integer"),
    ])
    func badValuesAreRefusedWithTheirLine(toml: String, expected: String) {
        #expect(throws: SettingsError.self) { try SettingsLoader.parse(toml: toml, fileName: "driftstatus.toml") }
        do { _ = try SettingsLoader.parse(toml: toml, fileName: "driftstatus.toml") } catch { #expect("\(error)" == expected) }
    }

    @Test func badEnvironmentValueNamesTheVariable() {
        do {
            _ = try SettingsLoader.load(file: nil, explicit: false, environment: ["DRIFTSTATUS_NOTIFICATIONS_RETRY_ATTEMPTS": "zero"])
            Issue.record("accepted")
        } catch {
            #expect("\(error)" == "DRIFTSTATUS_NOTIFICATIONS_RETRY_ATTEMPTS: \"zero\" is not a whole number from 1 to 100")
        }
    }

    @Test func maintenanceRemindersDefaultTo24HoursAndZeroTurnsThemOff() throws {
        #expect(try SettingsLoader.parse(toml: "", fileName: "driftstatus.toml").notifications.maintenanceReminderLead == 24 * 3_600)
        let file = try SettingsLoader.parse(toml: "[notifications]\nmaintenance_reminder_hours = 0", fileName: "driftstatus.toml")
        #expect(file.notifications.maintenanceReminderLead == 0)
        let environment = try SettingsLoader.load(file: nil, explicit: false,
                                                  environment: ["DRIFTSTATUS_NOTIFICATIONS_MAINTENANCE_REMINDER_HOURS": "1.5"])
        #expect(environment.notifications.maintenanceReminderLead == 5_400)
        do {
            _ = try SettingsLoader.parse(toml: "[notifications]\nmaintenance_reminder_hours = -1", fileName: "driftstatus.toml")
            Issue.record("accepted")
        } catch {
            #expect("\(error)" == "driftstatus.toml:2: notifications.maintenance_reminder_hours: \"-1\" is not a number from 0.0 to 720.0")
        }
    }

    @Test func staleIncidentMinutesDefaultTo60AndZeroTurnsThemOff() throws {
        #expect(try SettingsLoader.parse(toml: "", fileName: "driftstatus.toml").notifications.staleIncidentPeriod == 3_600)
        #expect(try SettingsLoader.parse(toml: "[notifications]\nstale_incident_minutes = 0", fileName: "driftstatus.toml")
            .notifications.staleIncidentPeriod == 0)
        let environment = try SettingsLoader.load(file: nil, explicit: false,
                                                  environment: ["DRIFTSTATUS_NOTIFICATIONS_STALE_INCIDENT_MINUTES": "15"])
        #expect(environment.notifications.staleIncidentPeriod == 900)
        do {
            _ = try SettingsLoader.parse(toml: "[notifications]\nstale_incident_minutes = 1.5", fileName: "driftstatus.toml")
            Issue.record("accepted")
        } catch {
            #expect("\(error)" == "driftstatus.toml:2: notifications.stale_incident_minutes: \"1.5\" is not a whole number from 0 to 43200")
        }
    }

    @Test func staffEmailsAreAnArrayInTheFileAndCommaSeparatedInTheEnvironment() throws {
        #expect(try SettingsLoader.parse(toml: "", fileName: "driftstatus.toml").notifications.staffEmails == nil, "default: the admins")
        let file = try SettingsLoader.parse(toml: "[notifications]\nstaff_emails = [\"drift@exempel.se\", \"Jour@Exempel.SE\"]",
                                            fileName: "driftstatus.toml")
        #expect(file.notifications.staffEmails?.map(\.value) == ["drift@exempel.se", "Jour@exempel.se"])
        let environment = try SettingsLoader.load(file: nil, explicit: false,
                                                  environment: ["DRIFTSTATUS_NOTIFICATIONS_STAFF_EMAILS": "a@exempel.se, b@exempel.se"])
        #expect(environment.notifications.staffEmails?.map(\.value) == ["a@exempel.se", "b@exempel.se"])
        let refused: [(String, String)] = [
            ("staff_emails = [\"drift@exempel.se\", \"not an address\"]",
             "driftstatus.toml:2: notifications.staff_emails: \"not an address\" is not an email address"),
            ("staff_emails = []", "driftstatus.toml:2: notifications.staff_emails: give at least one address"),
            ("staff_emails = [\"a@exempel.se,b@exempel.se\"]", "driftstatus.toml:2: notifications.staff_emails: expected an array of strings without commas"),
            ("staff_emails = [1]", "driftstatus.toml:2: notifications.staff_emails: expected an array of strings without commas"),
            ("retry_attempts = [1]", "driftstatus.toml:2: notifications.retry_attempts: expected a string, a number or true/false, found an array"),
        ]
        for (line, message) in refused {
            do {
                _ = try SettingsLoader.parse(toml: "[notifications]\n" + line, fileName: "driftstatus.toml")
                Issue.record("accepted \(line)")
            } catch {
                #expect("\(error)".hasPrefix(message), "\(line)")
            }
        }
        do {
            _ = try SettingsLoader.load(file: nil, explicit: false, environment: ["DRIFTSTATUS_NOTIFICATIONS_STAFF_EMAILS": "a@exempel.se,nope"])
            Issue.record("accepted")
        } catch {
            #expect("\(error)" == "DRIFTSTATUS_NOTIFICATIONS_STAFF_EMAILS: \"nope\" is not an email address")
        }
    }
}
