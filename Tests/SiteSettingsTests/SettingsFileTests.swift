import Foundation
import StatusModel
import Testing
@testable import SiteSettings

private let sv = LanguageCode.swedish
private let en = LanguageCode.english

/// Parses `toml` expecting a refusal, and returns the error.
private func refusal(_ toml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SettingsError {
    do {
        let settings = try SettingsLoader.parse(toml: toml, fileName: "driftstatus.toml")
        Issue.record("expected a refusal, got \(settings)", sourceLocation: sourceLocation)
        throw CancellationError()
    } catch let error as SettingsError {
        return error
    }
}

@Suite struct SettingsFileTests {
    @Test func defaultsAreSwedishFirstInStockholm() {
        let defaults = SiteSettings.defaults
        #expect(defaults.languages == [sv, en])
        #expect(defaults.defaultLanguage == sv)
        #expect(defaults.timeZone.identifier == "Europe/Stockholm")
        #expect(defaults.baseURL == "http://127.0.0.1:8080")
        #expect(defaults.supportURL == nil)
        #expect(defaults.logoPath == nil)
        #expect(defaults.name[sv] == "Driftstatus")
        #expect(defaults.name[en] == "Driftstatus")
    }

    @Test func emptyFileGivesDefaults() throws {
        #expect(try SettingsLoader.parse(toml: "", fileName: "driftstatus.toml") == .defaults)
        #expect(try SettingsLoader.parse(toml: "# only a comment\n\n", fileName: "driftstatus.toml") == .defaults)
    }

    @Test func fullValidFile() throws {
        let settings = try SettingsLoader.parse(toml: """
            name = "Exempel Ekonomi"
            base_url = "https://status.exempel.se/"
            time_zone = "Europe/Helsinki"
            languages = ["en", "sv", "da"]
            support_url = "https://exempel.se/support"
            logo = "images/logo.svg"
            """, fileName: "driftstatus.toml")
        let da = try #require(LanguageCode("da"))
        #expect(settings.name == LocalizedText([sv: "Exempel Ekonomi", en: "Exempel Ekonomi", da: "Exempel Ekonomi"]))
        #expect(settings.baseURL == "https://status.exempel.se")
        #expect(settings.timeZone.identifier == "Europe/Helsinki")
        #expect(settings.languages == [en, sv, da])
        #expect(settings.defaultLanguage == en)
        #expect(settings.supportURL == "https://exempel.se/support")
        #expect(settings.logoPath == "images/logo.svg")
    }

    @Test func nameAsTablePerLanguage() throws {
        let settings = try SettingsLoader.parse(toml: """
            base_url = "https://status.exempel.se"

            [name]
            sv = "Exempel Ekonomi"
            en = "Example Accounting"
            """, fileName: "driftstatus.toml")
        #expect(settings.name == LocalizedText([sv: "Exempel Ekonomi", en: "Example Accounting"]))
        #expect(settings.baseURL == "https://status.exempel.se")
    }

    @Test func nameAsInlineTableMayLeaveALanguageOut() throws {
        let settings = try SettingsLoader.parse(toml: #"name = { sv = "Exempel Ekonomi" }"#, fileName: "x.toml")
        #expect(settings.name == LocalizedText([sv: "Exempel Ekonomi"]))
        #expect(settings.name.missingLanguages(of: settings.languages) == [en])
    }

    @Test func mailtoSupportLinkAndUTC() throws {
        let settings = try SettingsLoader.parse(toml: """
            support_url = "mailto:support@exempel.se"
            time_zone = "UTC"
            """, fileName: "driftstatus.toml")
        #expect(settings.supportURL == "mailto:support@exempel.se")
        #expect(settings.timeZone.secondsFromGMT() == 0)
        let etc = try SettingsLoader.parse(toml: #"time_zone = "Etc/UTC""#, fileName: "driftstatus.toml")
        #expect(etc.timeZone.identifier == "Etc/UTC")
    }

    /// Each invalid value is refused with the line it is on and the reason.
    @Test(arguments: [
        ("time_zone", #"time_zone = "Europe/Stokholm""#,
         #"time_zone: "Europe/Stokholm" is not a known time zone"#),
        ("time zone abbreviation", #"time_zone = "CET""#, #"time_zone: "CET" is not a known time zone"#),
        ("time zone type", "time_zone = 1", "time_zone: expected a string, found an integer"),
        ("time zone fixed offset", #"time_zone = "GMT+1""#, #"time_zone: "GMT+1" is not a known time zone"#),
        ("base_url scheme", #"base_url = "ftp://status.exempel.se""#,
         #"base_url: "ftp://status.exempel.se" is not an absolute http:// or https:// URL"#),
        ("base_url relative", #"base_url = "status.exempel.se""#,
         #"base_url: "status.exempel.se" is not an absolute http:// or https:// URL"#),
        ("base_url query", #"base_url = "https://status.exempel.se/?x=1""#,
         #"base_url: "https://status.exempel.se/?x=1" must not contain a query"#),
        ("language code", #"languages = ["sv", "english"]"#, #"languages: "english" is not a language code"#),
        ("language duplicate", #"languages = ["sv", "en", "SV"]"#, #"languages: "sv" is listed twice"#),
        ("languages empty", "languages = []", "languages: must list at least one language"),
        ("languages not strings", #"languages = "sv,en""#, "languages: expected an array of strings"),
        ("support_url scheme", #"support_url = "javascript:alert(1)""#,
         #"support_url: "javascript:alert(1)" is not an http://, https:// or mailto: link"#),
        ("support_url mailto", #"support_url = "mailto:""#, #"support_url: "mailto:" is not an http://, https:// or mailto: link"#),
        ("logo escapes public/", #"logo = "../secret.svg""#, #"logo: "../secret.svg" is not a path inside public/"#),
        ("logo absolute", #"logo = "/etc/logo.svg""#, #"logo: "/etc/logo.svg" is not a path inside public/"#),
        ("logo under public/", #"logo = "public/logo.svg""#, #"logo: "public/logo.svg": write the path relative to public/, like "logo.svg""#),
        ("logo not an image", #"logo = "logo.txt""#, #"logo: "logo.txt" is not an image"#),
        ("name empty", #"name = "  ""#, "name: must not be empty"),
        ("name type", "name = true", "name: expected a string or a table of languages"),
    ])
    func invalidValueIsRefusedWithLineAndReason(label: String, line: String, expected: String) throws {
        // The bad line is the 4th, after comments and a blank line.
        let error = try refusal("# Driftstatus\n# settings\n\n\(line)\n")
        #expect(error.file == "driftstatus.toml", "\(label)")
        #expect(error.line == 4, "\(label)")
        #expect(error.message.hasPrefix(expected), "\(label): \(error.message)")
        #expect(error.description.hasPrefix("driftstatus.toml:4: \(expected)"), "\(label)")
    }

    @Test func briefExampleMessage() throws {
        let toml = """
            # Driftstatus settings
            name = "Exempel Ekonomi"
            base_url = "https://status.exempel.se"

            languages = ["sv", "en"]

            time_zone = "Europe/Stokholm"
            """
        let error = try refusal(toml)
        #expect(error.description == #"driftstatus.toml:7: time_zone: "Europe/Stokholm" is not a known time zone (use a tz database name like "Europe/Stockholm")"#)
    }

    @Test func invalidValueInsideNameTablePointsAtItsLine() throws {
        let error = try refusal("""
            [name]
            sv = "Exempel Ekonomi"
            english = "Example Accounting"
            """)
        #expect(error.line == 3)
        #expect(error.message.hasPrefix(#"name.english: "english" is not a language code"#))

        let empty = try refusal("[name]\nsv = \"Exempel\"\nen = \"\"\n")
        #expect(empty.line == 3)
        #expect(empty.message == "name.en: must not be empty")

        let dotted = try refusal("name.sv = \"Exempel\"\n\"name\" . en = 5\n")
        #expect(dotted.line == 2)
        #expect(dotted.message == "name.en: expected a string, found an integer")

        let inArray = try refusal("languages = [\n  \"sv\",\n  \"e n\",\n]\n")
        #expect(inArray.line == 1)
        #expect(inArray.message.hasPrefix(#"languages: "e n" is not a language code"#))

        let none = try refusal("languages = [\"sv\"]\n[name]\n")
        #expect(none.line == 2)
        #expect(none.message == "name: give the name in at least one language")
    }

    @Test func nameInALanguageTheSiteDoesNotPublishIsRefused() throws {
        let error = try refusal("""
            languages = ["sv", "en"]
            [name]
            sv = "Exempel Ekonomi"
            se = "Typo for sv"
            """)
        #expect(error.line == 4)
        #expect(error.message == #"name.se: "se" is not one of the site's languages (sv, en)"#)
    }

    @Test func syntaxErrorReportsItsLine() throws {
        let error = try refusal("""
            name = "Exempel Ekonomi"
            base_url = "https://status.exempel.se"
            time_zone = "Europe/Stockholm
            languages = ["sv"]
            """)
        #expect(error.line == 3)
        #expect(error.message.hasPrefix("not valid TOML: "))
        #expect(error.description.hasPrefix("driftstatus.toml:3: not valid TOML: "))

        let duplicate = try refusal("name = \"A\"\n\nname = \"B\"\n")
        #expect(duplicate.line == 3)
    }

    @Test func unknownKeyIsRefusedWithItsLineAndASuggestion() throws {
        let error = try refusal("""
            name = "Exempel Ekonomi"
            # the zone
            time_zon = "Europe/Stockholm"
            """)
        #expect(error.line == 3)
        #expect(error.message.hasPrefix(#"time_zon: unknown key (did you mean "time_zone"?"#))

        let unrelated = try refusal("name = \"X\"\n[database]\npath = \"x.sqlite\"\n")
        #expect(unrelated.line == 2)
        #expect(unrelated.message == "database: unknown key (known keys: name, base_url, time_zone, languages, support_url, logo, smtp, notifications, webhooks, http, cache, mirror, alert_rules, statuspage_page_id)")

        let port = try refusal("port = 8080\n")
        #expect(port.line == 1)
        #expect(port.message.contains("command line"))
    }

    @Test func firstProblemInTheFileIsReported() throws {
        // TOMLKit iterates keys in its own order; the report must follow the file.
        let error = try refusal("""
            time_zone = "Nowhere/Atlantis"
            base_url = "gopher://x"
            aaa = 1
            """)
        #expect(error.line == 1)
        #expect(error.message.hasPrefix("time_zone:"))
    }

    @Test func editDistanceCountsEdits() {
        #expect(TOMLSettingsReader.editDistance("time_zone", "time_zon") == 1)
        #expect(TOMLSettingsReader.editDistance("logo", "lgoo") == 2)
        #expect(TOMLSettingsReader.editDistance("", "abc") == 3)
        #expect(TOMLSettingsReader.editDistance("abc", "") == 3)
    }
}
