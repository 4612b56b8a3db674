import Foundation
import SiteSettings
import StatusModel
import Testing
@testable import StatusPages

@Suite struct LocaleTests {
    func keys(_ language: String) throws -> Set<String> {
        let url = Fixtures.repositoryRoot.appendingPathComponent("templates/locales/\(language).json")
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: url))
        return Set(try #require(object as? [String: String]).keys)
    }

    @Test func swedishAndEnglishHaveTheSameKeys() throws {
        let sv = try keys("sv"), en = try keys("en")
        #expect(sv.subtracting(en).isEmpty, "only in sv.json: \(sv.subtracting(en).sorted())")
        #expect(en.subtracting(sv).isEmpty, "only in en.json: \(en.subtracting(sv).sorted())")
        #expect(sv.allSatisfy { $0.range(of: "^[a-z0-9_]+$", options: .regularExpression) != nil })
    }

    @Test func everyKeyTheCodeAndTemplatesUseExists() throws {
        let sv = try keys("sv")
        let missingFromCode = Set(UIKey.required).subtracting(sv)
        #expect(missingFromCode.isEmpty, "code uses keys not in sv.json: \(missingFromCode.sorted())")
        let templates = Fixtures.repositoryRoot.appendingPathComponent("templates")
        let files = try FileManager.default.subpathsOfDirectory(atPath: templates.path).filter { $0.hasSuffix(".mustache") }
        #expect(files.count >= 6)
        var used = Set<String>()
        for file in files {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            let regex = try NSRegularExpression(pattern: "\\{\\{[#^/]?t\\.([a-z0-9_]+)\\}\\}")
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { used.insert(String(text[range])) }
            }
        }
        #expect(used.count > 20)
        #expect(used.subtracting(sv).isEmpty, "templates use keys not in sv.json: \(used.subtracting(sv).sorted())")
    }

    @Test func localizedFallsBackToTheDefaultLanguage() throws {
        let renderer = try Fixtures.renderer()
        #expect(renderer.localized("error_404_title", .english) == "Page not found")
        #expect(renderer.localized("error_404_title", LanguageCode("de")!) == "Sidan finns inte")
        #expect(renderer.languages == [.swedish, .english])
    }

    /// A copy of the site folder to break on purpose.
    func scratchSite() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("templates"),
                                         to: directory.appendingPathComponent("templates"))
        return directory
    }

    @Test func configuredLanguageWithoutLocaleFileFails() throws {
        let site = try scratchSite()
        defer { try? FileManager.default.removeItem(at: site) }
        var settings = Fixtures.settings
        settings.languages = [.swedish, .english, LanguageCode("da")!]
        let expected = PageRendererError.missingLocaleFile(path: site.appendingPathComponent("templates/locales/da.json").path)
        #expect(throws: expected) { try PageRenderer(siteDirectory: site, settings: settings) }
        #expect(expected.description.contains("da.json"))
    }

    @Test func localeFileMissingAKeyFails() throws {
        let site = try scratchSite()
        defer { try? FileManager.default.removeItem(at: site) }
        let url = site.appendingPathComponent("templates/locales/en.json")
        var values = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: String])
        values["history_newer"] = nil
        try JSONSerialization.data(withJSONObject: values).write(to: url)
        #expect(throws: PageRendererError.missingLocaleKeys(path: url.path, keys: ["history_newer"])) {
            try PageRenderer(siteDirectory: site, settings: Fixtures.settings)
        }
        try Data("{ not json".utf8).write(to: url)
        #expect(throws: PageRendererError.self) { try PageRenderer(siteDirectory: site, settings: Fixtures.settings) }
    }

    @Test func missingTemplateFails() throws {
        let site = try scratchSite()
        defer { try? FileManager.default.removeItem(at: site) }
        let url = site.appendingPathComponent("templates/home.mustache")
        try FileManager.default.removeItem(at: url)
        #expect(throws: PageRendererError.missingTemplate(path: url.path)) {
            try PageRenderer(siteDirectory: site, settings: Fixtures.settings)
        }
    }

    @Test func thirdLanguageNeedsOnlyALocaleFile() throws {
        let site = try scratchSite()
        defer { try? FileManager.default.removeItem(at: site) }
        let locales = site.appendingPathComponent("templates/locales")
        var english = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: locales.appendingPathComponent("en.json"))) as? [String: String])
        english["language_name"] = "Dansk"
        english["date_locale"] = "da_DK"
        english["date_timestamp"] = "d. MMMM yyyy 'kl.' HH:mm zzz"
        try JSONSerialization.data(withJSONObject: english).write(to: locales.appendingPathComponent("da.json"))
        var settings = Fixtures.settings
        let danish = LanguageCode("da")!
        settings.languages = [.swedish, .english, danish]
        let renderer = try PageRenderer(siteDirectory: site, settings: settings)
        let html = try renderer.home(Fixtures.snapshot(), context: Fixtures.context(danish))
        #expect(html.contains("<html lang=\"da\">"))
        #expect(html.contains(">Dansk</a>"))
        #expect(html.contains("23. november 2026 kl. 09:05 CET"))
    }
}
