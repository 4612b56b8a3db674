import Foundation
import Mustache
import SiteSettings
import StatusModel

/// One email ready for the transport: the subject is a single line, `text` is plain (not HTML-escaped)
/// and wrapped, `html` is a complete document with inline styles and no external resources.
public struct RenderedEmail: Sendable, Hashable {
    public var subject: String
    public var text: String
    public var html: String

    public init(subject: String, text: String, html: String) {
        self.subject = subject; self.text = text; self.html = html
    }
}

public enum NotificationRendererError: Error, Equatable, CustomStringConvertible {
    /// `component.updated` goes to webhooks only (see `NotificationEventKind.isEmailed`).
    case notEmailed(NotificationEventKind)

    public var description: String {
        switch self {
        case .notEmailed(let kind): "\(kind.rawValue) events are not emailed"
        }
    }
}

/// Turns notification events into emails (in the subscriber's language) and Statuspage-shaped
/// webhook payloads. Pure: no I/O after init, the same event gives the same bytes, so a retried
/// delivery carries the same body and signature.
///
/// Templates are read once from `<siteDirectory>/templates/email/` (operators re-brand them like
/// the page templates); UI strings are the site's locale files, shared with the pages.
public struct NotificationRenderer: Sendable {
    public let settings: SiteSettings
    /// Reused for its locale loading, localizers (dates in the site zone, fallback notes) and URLs.
    let pages: PageRenderer
    let library: MustacheLibrary
    let pageID: String

    static let templateNames = ["layout.html", "layout.txt", "event.html", "event.txt", "confirmation.html", "confirmation.txt",
                                 "stale.html", "stale.txt"]

    public init(siteDirectory: URL, settings: SiteSettings) throws {
        self.settings = settings
        pages = try PageRenderer(siteDirectory: siteDirectory, settings: settings)
        let templates = siteDirectory.appendingPathComponent("templates")
        library = try EmailTemplateLoader.load(directory: templates.appendingPathComponent("email"), required: Self.templateNames)
        pageID = StatuspageV2Encoder(settings: settings).pageID
        try Self.checkLocaleKeys(pages: pages, localeDirectory: templates.appendingPathComponent("locales"))
    }

    /// A re-branded site with locale files older than the email feature fails at start, naming the keys.
    private static func checkLocaleKeys(pages: PageRenderer, localeDirectory: URL) throws {
        for language in pages.languages {
            let values = pages.localizer(language).strings.values
            let missing = EmailKey.required.filter { values[$0] == nil }.sorted()
            guard missing.isEmpty else {
                throw PageRendererError.missingLocaleKeys(path: LocaleStrings.fileURL(directory: localeDirectory, language: language).path,
                                                          keys: missing)
            }
        }
    }

    /// Renders one content template in both forms, each inside its layout.
    func renderEmail(subject: String, template: String, content: Any, layout: EmailLayoutView) throws -> RenderedEmail {
        let html = try render(layout.wrapping(try render(content, "\(template).html")), "layout.html")
        let text = try render(layout.wrapping(try render(content, "\(template).txt")), "layout.txt")
        return RenderedEmail(subject: subject, text: PlainText.tidy(text), html: html)
    }

    private func render(_ content: Any, _ template: String) throws -> String {
        guard let output = library.render(content, withTemplate: template) else {
            throw PageRendererError.templateFailed(name: "email/\(template)")
        }
        return output
    }
}

/// Reads `templates/email/*.mustache`: `<name>.html.mustache` escape `{{ }}` by Unicode scalar like
/// the pages, `<name>.txt.mustache` do not escape at all (plain text must show `<` and `&` as typed).
enum EmailTemplateLoader {
    static func load(directory: URL, required: [String]) throws -> MustacheLibrary {
        MustacheContentTypes.register(ScalarHTMLContentType(), named: ScalarHTMLContentType.name)
        var library = MustacheLibrary()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for file in names.sorted() where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            let contentType: String
            if name.hasSuffix(".html") { contentType = ScalarHTMLContentType.name } else if name.hasSuffix(".txt") { contentType = "TEXT" } else { continue }
            let url = directory.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw PageRendererError.missingTemplate(path: url.path)
            }
            // The pragma sits on a line of its own, which Mustache drops.
            let text = "{{% CONTENT_TYPE: \(contentType)}}\n" + String(decoding: data, as: UTF8.self)
            do {
                try library.register(text, named: name)
            } catch {
                throw PageRendererError.invalidTemplate(path: url.path, reason: String(describing: error))
            }
        }
        for name in required where library.getTemplate(named: name) == nil {
            throw PageRendererError.missingTemplate(path: directory.appendingPathComponent("\(name).mustache").path)
        }
        return library
    }
}
