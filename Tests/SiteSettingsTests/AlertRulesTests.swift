import Foundation
import StatusModel
import Testing
@testable import SiteSettings

/// `[[alert_rules]]` in driftstatus.toml: read into rules, refused with the rule's line.
@Suite struct AlertRulesTests {
    func refusal(_ toml: String) throws -> SettingsError {
        do {
            let settings = try SettingsLoader.parse(toml: toml, fileName: "driftstatus.toml")
            Issue.record("expected a refusal, got \(settings.alertRules)")
            throw CancellationError()
        } catch let error as SettingsError {
            return error
        }
    }

    @Test func rulesAreRead() throws {
        let settings = try SettingsLoader.parse(toml: """
            name = "Exempel"

            [[alert_rules]]
            match = { service = "bank-sync", severity = "critical" }
            component = "bank-sync"
            status = "major_outage"

            [[alert_rules]]
            name = "login-draft"
            match = { service = "login" }
            component = "login"
            status = "degraded_performance"
            action = "draft"
            title_sv = "Inloggningen är långsam"
            title_en = "Login is slow"
            body_sv = "Vi undersöker: {{annotations.summary}}"
            body_en = "We are investigating: {{annotations.summary}}"
            """, fileName: "driftstatus.toml")
        #expect(settings.alertRules.count == 2)
        let first = settings.alertRules[0]
        #expect(first.name == "alert_rules[1]" && first.match == ["service": "bank-sync", "severity": "critical"])
        #expect(first.status == .majorOutage && first.action == .status && first.line == 3)
        let second = settings.alertRules[1]
        #expect(second.name == "login-draft" && second.action == .draft && second.line == 8)
        #expect(second.title[.english] == "Login is slow")
        #expect(settings.alertRulesFile == "driftstatus.toml")
    }

    @Test func badRulesAreRefusedWithTheirLine() throws {
        let base = """
            [[alert_rules]]
            match = { service = "a" }
            component = "a"
            status = "major_outage"

            [[alert_rules]]
            match = { service = "b" }
            component = "b"

            """
        let badStatus = try refusal(base + #"status = "operational""#)
        #expect(badStatus.line == 9)
        #expect(badStatus.message.hasPrefix(#"alert_rules[2].status: "operational" is not one of degraded_performance"#))
        let badAction = try refusal(base + "status = \"partial_outage\"\naction = \"page\"")
        #expect(badAction.line == 10 && badAction.message.hasPrefix("alert_rules[2].action:"))
        let unknown = try refusal(base + "status = \"partial_outage\"\nseverity = \"x\"")
        #expect(unknown.line == 10 && unknown.message.contains("unknown key"))
        let regex = try refusal(base + "status = \"partial_outage\"\nmatch_re = { service = \"b.*\" }")
        #expect(regex.line == 10 && regex.message.contains("not supported"))
        let missing = try refusal(base)
        #expect(missing.line == 6 && missing.message == "alert_rules[2]: needs status = one of degraded_performance, partial_outage, major_outage, under_maintenance")
        let slug = try refusal(base.replacingOccurrences(of: #"component = "b""#, with: #"component = "Bank Sync""#) + #"status = "partial_outage""#)
        #expect(slug.line == 8 && slug.message.contains("not a component slug"))
        let placeholder = try refusal(base + "status = \"partial_outage\"\ntitle_en = \"{{status}} down\"")
        #expect(placeholder.line == 10 && placeholder.message.contains("unknown placeholder {{status}}"))
        let emptyMatch = try refusal(base.replacingOccurrences(of: #"match = { service = "b" }"#, with: "match = {}") + #"status = "partial_outage""#)
        #expect(emptyMatch.line == 7)
    }

    @Test func draftRulesNeedTextsInEverySiteLanguage() throws {
        let error = try refusal("""
            [[alert_rules]]
            match = { service = "a" }
            component = "a"
            status = "major_outage"
            action = "publish"
            title_sv = "Fel"
            title_en = "Down"
            body_sv = "Vi undersöker."
            """)
        #expect(error.line == 1)
        #expect(error.message == #"alert_rules[1]: action "publish" needs body_en (the incident's text in every site language)"#)
        let stray = try refusal("""
            [[alert_rules]]
            match = { service = "a" }
            component = "a"
            status = "major_outage"
            title_de = "Fehler"
            """)
        #expect(stray.message.contains(#""de" is not one of the site's languages"#))
    }

    @Test func unknownComponentIsReportedWithTheRulesLine() throws {
        let settings = try SettingsLoader.parse(toml: """
            # alerts
            [[alert_rules]]
            match = { service = "a" }
            component = "bank-sync"
            status = "major_outage"
            """, fileName: "driftstatus.toml")
        #expect(settings.alertRuleComponentError(knownSlugs: ["bank-sync"]) == nil)
        let error = try #require(settings.alertRuleComponentError(knownSlugs: ["login"]))
        #expect(error.description == #"driftstatus.toml:2: alert_rules[1].component: no component has the slug "bank-sync" (known: login)"#)
    }

    @Test func notAnArrayOfTables() throws {
        let error = try refusal(#"alert_rules = "yes""#)
        #expect(error.message.hasPrefix("alert_rules: expected tables"))
    }
}
