import Foundation
import StatusModel
import Testing
@testable import SiteSettings

private let sv = LanguageCode.swedish
private let en = LanguageCode.english

/// A settings file in a fresh temporary directory, removed when the test ends.
private final class TemporarySettingsFile {
    let directory: URL
    var url: URL { directory.appendingPathComponent("driftstatus.toml") }

    init(_ text: String?) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let text { try text.write(to: url, atomically: true, encoding: .utf8) }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

@Suite struct SettingsLoaderTests {
    @Test func missingDefaultFileGivesDefaults() throws {
        let missing = try TemporarySettingsFile(nil)
        #expect(try SettingsLoader.load(file: missing.url, explicit: false, environment: [:]) == .defaults)
        #expect(try SettingsLoader.load(file: nil, explicit: false, environment: [:]) == .defaults)
    }

    @Test func missingExplicitFileIsAnError() throws {
        let missing = try TemporarySettingsFile(nil)
        let error = try #require(throws: SettingsError.self) {
            try SettingsLoader.load(file: missing.url, explicit: true, environment: [:])
        }
        #expect(error.file == missing.url.path)
        #expect(error.line == nil)
        #expect(error.description == "\(missing.url.path): the settings file does not exist")
    }

    @Test func fileNameInErrorsIsThePathAsGiven() throws {
        let error = try #require(throws: SettingsError.self) {
            try SettingsLoader.load(file: URL(fileURLWithPath: "no-such-dir-\(UUID().uuidString)/driftstatus.toml"),
                                    explicit: true, environment: [:])
        }
        #expect(error.file?.hasPrefix("no-such-dir-") == true)
    }

    @Test func existingFileIsRead() throws {
        let file = try TemporarySettingsFile("name = \"Exempel Ekonomi\"\ntime_zone = \"Europe/Oslo\"\n")
        let settings = try SettingsLoader.load(file: file.url, explicit: false, environment: [:])
        #expect(settings.name == LocalizedText([sv: "Exempel Ekonomi", en: "Exempel Ekonomi"]))
        #expect(settings.timeZone.identifier == "Europe/Oslo")
    }

    @Test func invalidFileIsRefusedEvenWhenNotNamedExplicitly() throws {
        let file = try TemporarySettingsFile("name = \"X\"\nlogo = \"../x.png\"\n")
        let error = try #require(throws: SettingsError.self) {
            try SettingsLoader.load(file: file.url, explicit: false, environment: [:])
        }
        #expect(error.line == 2)
        #expect(error.file == file.url.path)
    }

    @Test func environmentOverridesFile() throws {
        let file = try TemporarySettingsFile("""
            base_url = "https://status.exempel.se"
            time_zone = "Europe/Oslo"
            support_url = "https://exempel.se/hjalp"
            logo = "logo.svg"
            [name]
            sv = "Exempel Ekonomi"
            en = "Example Accounting"
            """)
        let settings = try SettingsLoader.load(file: file.url, explicit: true, environment: [
            "DRIFTSTATUS_BASE_URL": "https://driftstatus.exempel.se/",
            "DRIFTSTATUS_TIME_ZONE": "Europe/Stockholm",
            "DRIFTSTATUS_SUPPORT_URL": "mailto:support@exempel.se",
            "DRIFTSTATUS_LOGO": "brand/logo.png",
            "PATH": "/usr/bin",
        ])
        #expect(settings.baseURL == "https://driftstatus.exempel.se")
        #expect(settings.timeZone.identifier == "Europe/Stockholm")
        #expect(settings.supportURL == "mailto:support@exempel.se")
        #expect(settings.logoPath == "brand/logo.png")
        // Not overridden: the file's per-language name stays.
        #expect(settings.name == LocalizedText([sv: "Exempel Ekonomi", en: "Example Accounting"]))
        #expect(settings.languages == [sv, en])
    }

    @Test func environmentNameAndLanguages() throws {
        let file = try TemporarySettingsFile("name = \"Exempel Ekonomi\"\nlanguages = [\"sv\"]\n")
        let settings = try SettingsLoader.load(file: file.url, explicit: true, environment: [
            "DRIFTSTATUS_LANGUAGES": " en , SV ,da",
        ])
        let da = try #require(LanguageCode("da"))
        #expect(settings.languages == [en, sv, da])
        #expect(settings.defaultLanguage == en)
        // The file's one name covers the languages the environment chose.
        #expect(settings.name == LocalizedText([sv: "Exempel Ekonomi", en: "Exempel Ekonomi", da: "Exempel Ekonomi"]))

        let renamed = try SettingsLoader.load(file: file.url, explicit: true, environment: ["DRIFTSTATUS_NAME": "Other"])
        #expect(renamed.name == LocalizedText([sv: "Other"]))
    }

    @Test func emptyEnvironmentVariableCountsAsUnset() throws {
        let settings = try SettingsLoader.load(file: nil, explicit: false, environment: [
            "DRIFTSTATUS_TIME_ZONE": "", "DRIFTSTATUS_NAME": "  ",
        ])
        #expect(settings == .defaults)
    }

    @Test(arguments: [
        ("DRIFTSTATUS_TIME_ZONE", "Europe/Stokholm", #"DRIFTSTATUS_TIME_ZONE: "Europe/Stokholm" is not a known time zone"#),
        ("DRIFTSTATUS_BASE_URL", "localhost:8080", #"DRIFTSTATUS_BASE_URL: "localhost:8080" is not an absolute http:// or https:// URL"#),
        ("DRIFTSTATUS_LANGUAGES", "sv,,en", #"DRIFTSTATUS_LANGUAGES: "" is not a language code"#),
        ("DRIFTSTATUS_LANGUAGES", "sv,en,sv", #"DRIFTSTATUS_LANGUAGES: "sv" is listed twice"#),
        ("DRIFTSTATUS_SUPPORT_URL", "support@exempel.se", #"DRIFTSTATUS_SUPPORT_URL: "support@exempel.se" is not an http://, https:// or mailto: link"#),
        ("DRIFTSTATUS_LOGO", "/srv/logo.svg", #"DRIFTSTATUS_LOGO: "/srv/logo.svg" is not a path inside public/"#),
    ])
    func invalidEnvironmentValueNamesTheVariable(variable: String, value: String, expected: String) throws {
        let error = try #require(throws: SettingsError.self) {
            try SettingsLoader.load(file: nil, explicit: false, environment: [variable: value])
        }
        #expect(error.file == nil)
        #expect(error.line == nil)
        #expect(error.description.hasPrefix(expected), "\(error.description)")
    }

    @Test func environmentLanguagesMustCoverTheFilesPerLanguageNames() throws {
        let file = try TemporarySettingsFile("[name]\nsv = \"Exempel\"\nen = \"Example\"\n")
        let error = try #require(throws: SettingsError.self) {
            try SettingsLoader.load(file: file.url, explicit: true, environment: ["DRIFTSTATUS_LANGUAGES": "sv"])
        }
        #expect(error.line == 3)
        #expect(error.message == #"name.en: "en" is not one of the site's languages (sv)"#)
    }
}

@Suite struct ExampleFileTests {
    /// The example shipped at the repository root must stay loadable.
    @Test func exampleFileIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let example = root.appendingPathComponent("driftstatus.example.toml")
        let settings = try SettingsLoader.load(file: example, explicit: true, environment: [:])
        #expect(settings.baseURL == "https://status.exempel.se")
        #expect(settings.languages == [.swedish, .english])
        #expect(settings.name == LocalizedText([.swedish: "Exempel Ekonomi", .english: "Exempel Ekonomi"]))
        #expect(settings.timeZone.identifier == "Europe/Stockholm")
    }
}
