import Foundation
import Mustache
import SiteSettings
import StatusModel

/// Turns StatusModel values into localised HTML pages. Templates and locale files are read once,
/// at init, from `<siteDirectory>/templates`, so operators re-brand without recompiling.
public final class PageRenderer: Sendable {
    public let settings: SiteSettings
    public let urls: SiteURLs
    let library: MustacheLibrary
    let localizers: [LanguageCode: Localizer]

    static let pageTemplates = ["layout", "home", "incident", "maintenance", "history", "error", "subscribe"]

    /// Loads the templates (+ `partials/`) and `templates/locales/<code>.json` for every site language.
    /// Throws a `PageRendererError` naming the missing or invalid file.
    public init(siteDirectory: URL, settings: SiteSettings) throws {
        guard !settings.languages.isEmpty else { throw PageRendererError.noLanguages }
        self.settings = settings
        self.urls = SiteURLs(baseURL: settings.baseURL)
        let templates = siteDirectory.appendingPathComponent("templates")
        self.library = try TemplateLoader.load(directory: templates, required: Self.pageTemplates)
        let strings = try LocaleStrings.loadAll(directory: templates.appendingPathComponent("locales"), languages: settings.languages)
        let ownNames = strings.mapValues { $0["language_name"] }
        var localizers: [LanguageCode: Localizer] = [:]
        for (language, table) in strings {
            localizers[language] = Localizer(strings: table, timeZone: settings.timeZone, siteLanguages: settings.languages,
                                             otherLanguageNames: ownNames)
        }
        self.localizers = localizers
    }

    public var languages: [LanguageCode] { settings.languages }

    /// A UI string for plain messages; a language the site does not publish gets the default one.
    public func localized(_ key: String, _ language: LanguageCode) -> String {
        localizer(language)[key]
    }

    /// The date formatter of a site language (the app's feeds can reuse it).
    public func dateFormatter(for language: LanguageCode) -> SiteDateFormatter {
        localizer(language).dates
    }

    func localizer(_ language: LanguageCode) -> Localizer {
        // init guarantees a localizer for every site language and at least one language.
        localizers[language] ?? localizers[settings.defaultLanguage] ?? localizers.values.first!
    }

    /// Renders a page template inside the layout.
    func renderPage(template: String, title: String, content: Any, context: PageContext, isErrorPage: Bool = false) throws -> String {
        let localizer = localizer(context.language)
        guard let body = library.render(content, withTemplate: template) else {
            throw PageRendererError.templateFailed(name: template)
        }
        let layout = LayoutView.make(title: title, content: body, context: context, localizer: localizer, renderer: self,
                                     isErrorPage: isErrorPage)
        guard let html = library.render(layout, withTemplate: "layout") else {
            throw PageRendererError.templateFailed(name: "layout")
        }
        return html
    }
}

/// Reads `.mustache` files: pages from the templates folder, partials from `partials/` by file name.
enum TemplateLoader {
    static func load(directory: URL, required: [String]) throws -> MustacheLibrary {
        var library = MustacheLibrary()
        // Every template escapes `{{ }}` by Unicode scalar (see `ScalarHTMLContentType`); the pragma
        // sits on a line of its own, which Mustache drops, so the output is otherwise unchanged.
        MustacheContentTypes.register(ScalarHTMLContentType(), named: ScalarHTMLContentType.name)
        let pragma = "{{% CONTENT_TYPE: \(ScalarHTMLContentType.name)}}\n"
        // Admin templates live in `admin/` and are registered as "admin-<name>" (pages and partials alike).
        let folders = [(directory, false, ""), (directory.appendingPathComponent("partials"), true, ""),
                       (directory.appendingPathComponent("admin"), true, "admin-")]
        for (folder, isPartial, prefix) in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for file in names.sorted() where file.hasSuffix(".mustache") {
                let url = folder.appendingPathComponent(file)
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw PageRendererError.missingTemplate(path: url.path)
                }
                var text = String(decoding: data, as: UTF8.self)
                // Editors end files with a newline; inside a partial it would land mid-sentence.
                if isPartial && text.hasSuffix("\n") { text.removeLast() }
                do {
                    try library.register(pragma + text, named: prefix + String(file.dropLast(".mustache".count)))
                } catch {
                    throw PageRendererError.invalidTemplate(path: url.path, reason: String(describing: error))
                }
            }
        }
        for name in required where library.getTemplate(named: name) == nil {
            throw PageRendererError.missingTemplate(path: directory.appendingPathComponent("\(name).mustache").path)
        }
        return library
    }
}
