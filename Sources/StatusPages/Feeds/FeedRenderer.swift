import Foundation
import Mustache
import StatusModel

public enum FeedError: Error, Equatable {
    /// The address names a component that does not exist or is hidden.
    case unknownComponent(slug: String)
    case templateFailed(name: String)
}

/// Turns incidents and maintenances into RSS 2.0 and Atom 1.0 documents, in the same language
/// rules as the pages (strings, dates, fallback notes come from the page renderer's localizers).
/// Templates are read once, at init, from `<siteDirectory>/templates/feeds`.
public final class FeedRenderer: Sendable {
    /// How many entries a feed carries: incidents and maintenances together, latest activity first.
    public static let entryLimit = 50
    static let templates = ["rss", "atom", "content"]
    /// Locale keys only the feeds use, checked at start-up like the pages' keys.
    static let localeKeys = ["feed_title", "feed_description", "feed_component_title", "feed_component_description", "feed_entry_title"]

    let pages: PageRenderer
    let library: MustacheLibrary
    /// The authority of the entries' tag URIs (RFC 4151).
    let tagAuthority: String

    public init(siteDirectory: URL, pages: PageRenderer) throws {
        self.pages = pages
        library = try TemplateLoader.load(directory: siteDirectory.appendingPathComponent("templates").appendingPathComponent("feeds"),
                                          required: Self.templates)
        let locales = siteDirectory.appendingPathComponent("templates").appendingPathComponent("locales")
        for language in pages.languages {
            let missing = Self.localeKeys.filter { pages.localizer(language).strings.values[$0] == nil }
            guard missing.isEmpty else {
                throw PageRendererError.missingLocaleKeys(path: LocaleStrings.fileURL(directory: locales, language: language).path, keys: missing)
            }
        }
        let host = URLComponents(string: pages.settings.baseURL)?.host ?? ""
        tagAuthority = host.isEmpty ? "localhost" : host.lowercased()
    }

    /// The feed at `address` as of `now`: the `entryLimit` incidents and maintenances (as given)
    /// with the latest activity, each with its updates. Throws `FeedError.unknownComponent`
    /// when the address names a component that is absent from `components` or hidden.
    public func render(_ address: FeedAddress, incidents: [Incident], maintenances: [Maintenance], components: [Component],
                       now: Date) throws -> String {
        var component: Component?
        if let slug = address.componentSlug {
            guard let found = components.first(where: { $0.slug == slug }), !found.isHidden else {
                throw FeedError.unknownComponent(slug: slug)
            }
            component = found
        }
        let builder = FeedBuilder(renderer: self, localizer: pages.localizer(address.language), directory: ComponentDirectory(components),
                                  now: now)
        let entries = try incidents.map(builder.entry) + incidents.compactMap(builder.postmortemEntry) + maintenances.map(builder.entry)
        let view = builder.feed(address, component: component, entries: entries)
        let template = address.format.rawValue
        guard let xml = library.render(view, withTemplate: template) else { throw FeedError.templateFailed(name: template) }
        return XMLText.removingIllegalCharacters(xml)
    }

    func renderContent(_ view: FeedContentView) throws -> String {
        guard let html = library.render(view, withTemplate: "content") else { throw FeedError.templateFailed(name: "content") }
        return html
    }
}
