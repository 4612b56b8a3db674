import Foundation
import StatusModel
import Testing
@testable import StatusPages

/// Operators re-brand `templates/email/` and the locale files: what is missing is named at start.
@Suite struct NotificationTemplateTests {
    func scratchSite() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("email-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("templates"),
                                         to: directory.appendingPathComponent("templates"))
        return directory
    }

    @Test func missingEmailTemplateIsNamed() throws {
        let site = try scratchSite()
        defer { try? FileManager.default.removeItem(at: site) }
        let url = site.appendingPathComponent("templates/email/event.txt.mustache")
        try FileManager.default.removeItem(at: url)
        #expect(throws: PageRendererError.missingTemplate(path: url.path)) {
            try NotificationRenderer(siteDirectory: site, settings: Fixtures.settings)
        }
    }

    @Test func localeFilesWithoutEmailStringsAreRefused() throws {
        let site = try scratchSite()
        defer { try? FileManager.default.removeItem(at: site) }
        // Both files lose the key, as in a re-branded site older than notifications.
        for language in ["sv", "en"] {
            let url = site.appendingPathComponent("templates/locales/\(language).json")
            var values = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: String])
            values["email_subject_maintenance_started"] = nil
            try JSONSerialization.data(withJSONObject: values).write(to: url)
        }
        let expected = PageRendererError.missingLocaleKeys(path: site.appendingPathComponent("templates/locales/sv.json").path,
                                                           keys: ["email_subject_maintenance_started"])
        #expect(throws: expected) { try NotificationRenderer(siteDirectory: site, settings: Fixtures.settings) }
    }

    @Test func rebrandedTemplateIsUsed() throws {
        let site = try scratchSite()
        defer { try? FileManager.default.removeItem(at: site) }
        let url = site.appendingPathComponent("templates/email/confirmation.txt.mustache")
        try Data("Klicka: {{confirmURL}} & {{t.email_confirmation_action}}\n".utf8).write(to: url)
        let email = try NotificationRenderer(siteDirectory: site, settings: Fixtures.settings)
            .confirmationEmail(language: .swedish, confirmURL: "https://x.se/c?a=1&b=2", componentNames: [], expiresAt: Fixtures.now)
        #expect(email.text.hasPrefix("Klicka: https://x.se/c?a=1&b=2 & Bekräfta prenumerationen\n"))
    }
}
