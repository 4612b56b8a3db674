import Foundation
import HTTPServer
import StatusModel
import StatusPages

/// Writes the whole public site as files any static web server can serve with working links,
/// so the status page can live on infrastructure that shares nothing with the product.
///
/// Pages come from the same request handling as the live site (one code path, same bytes):
/// `/sv/history` becomes `sv/history/index.html` (static servers redirect the bare path to the
/// directory), `/sv/feed.rss` stays a file. Each file is replaced atomically and only when its
/// bytes changed, so a web server reading the directory never sees a half-written page.
public final class StaticExporter: Sendable {
    public struct Summary: Sendable, CustomStringConvertible {
        public let written: Int, unchanged: Int, removed: Int
        public var description: String { "\(written) files written, \(unchanged) unchanged, \(removed) removed" }
    }

    public struct ExportError: Error, CustomStringConvertible {
        public let description: String
    }

    let application: SiteApplication

    /// - Parameter application: built with `isStaticExport: true` and the mirror's base URL.
    public init(application: SiteApplication) {
        self.application = application
    }

    public func export(to directory: URL) throws -> Summary {
        let paths = try sitePaths()
        return try MirrorDirectory(directory: directory).apply(try render(paths), keeping: Set(paths.map(\.file)))
    }

    /// What one page of the site becomes in a mirror: its file name and how it is served.
    public struct File: Sendable {
        public let name: String
        public let bytes: [UInt8]
        public let contentType: String
        public let cacheControl: String?
    }

    /// The pages of `paths`, rendered through the same request handling as the live site.
    func render(_ paths: [SitePath]) throws -> [File] {
        try paths.map { path in
            if case .fallback(let status) = path.kind {
                return File(name: path.file, bytes: Array(try fallbackPage(status: status).utf8),
                            contentType: "text/html; charset=utf-8", cacheControl: PublicSite.pageCacheControl)
            }
            let response = application.handle(Request(method: "GET", path: path.path, query: path.query))
            guard response.status == 200 else {
                throw ExportError(description: "export: \(path.path) answered \(response.status)")
            }
            return File(name: path.file, bytes: response.body.bytes,
                        contentType: response.headers["Content-Type"] ?? "application/octet-stream",
                        cacheControl: response.headers["Cache-Control"])
        }
    }

    struct SitePath {
        /// What the page shows, so an export can tell which pages a change touched.
        enum Kind: Hashable {
            case incident(Int64), maintenance(Int64), month(YearMonth)
            /// The language-choosing `/` and the 404 page a static server answers with.
            case fallback(status: Int)
            /// Pages that show the present (home, feeds, JSON) and assets: always rendered.
            case current
        }
        let path: String
        var query: [(name: String, value: String)] = []
        var kind: Kind = .current
        /// Where its bytes go in the export.
        var file: String {
            switch kind {
            case .fallback(let status): status == 200 ? "index.html" : "404.html"
            default: StaticExporter.fileName(for: path)
            }
        }
    }

    /// Every public address: pages in every language, every archive month, every permalink,
    /// feeds, the Statuspage JSON (in the default language: a static server cannot read `?lang=`), assets.
    func sitePaths() throws -> [SitePath] {
        let store = application.store, settings = application.settings, calendar = application.calendar
        let now = application.clock()
        let current = YearMonth(now, calendar: calendar)
        var month = try store.firstIncidentStart().map { YearMonth($0, calendar: calendar) } ?? current
        var months: [YearMonth] = []
        while month <= current {
            months.append(month)
            month = month.adding(months: 1)
        }
        let incidentIDs = try store.incidentIDs(), maintenanceIDs = try store.maintenanceIDs()
        let slugs = try store.components().filter { !$0.isHidden }.map(\.slug)

        var paths: [SitePath] = []
        func add(_ path: String, _ kind: SitePath.Kind = .current) { paths.append(SitePath(path: path, kind: kind)) }
        for language in settings.languages {
            add(Route.home(language).path)
            add(Route.history(language, nil).path)
            months.forEach { add(Route.history(language, $0).path, .month($0)) }
            incidentIDs.forEach { add(Route.incident(language, $0).path, .incident($0)) }
            maintenanceIDs.forEach { add(Route.maintenance(language, $0).path, .maintenance($0)) }
            for feed in PublicSite.feedRoutes(language) { add(feed.path) }
            slugs.forEach {
                add(Route.feed(FeedAddress(language: language, format: .atom, componentSlug: $0)).path)
                add(Route.calendar(CalendarAddress(language: language, componentSlug: $0)).path)
            }
        }
        for document in StatuspageDocument.allCases {
            add(Route.statuspage(document).path)
        }
        application.assets.names.forEach { add(Route.asset($0).path) }
        add("/", .fallback(status: 200))
        add("/404", .fallback(status: 404))
        return paths
    }

    /// Where a path's bytes go in the export.
    static func fileName(for path: String) -> String {
        let relative = String(path.dropFirst())
        if relative.isEmpty || relative.hasSuffix("/") { return relative + "index.html" }
        let last = relative.split(separator: "/").last ?? ""
        return last.contains(".") ? relative : relative + "/index.html"
    }

    /// `/` of a static mirror cannot read Accept-Language: it sends readers to the default
    /// language, with links to every language for those who want another.
    private func fallbackPage(status: Int) throws -> String {
        let settings = application.settings
        let urls = SiteURLs(baseURL: settings.baseURL)
        let target = urls.home(settings.defaultLanguage)
        if status == 200 {
            let links = settings.languages.map { language in
                "<li><a href=\"\(urls.home(language))\" hreflang=\"\(language)\" lang=\"\(language)\">\(application.renderer.localized("language_name", language))</a></li>"
            }.joined()
            return """
                <!DOCTYPE html>
                <html lang="\(settings.defaultLanguage)"><head><meta charset="utf-8">
                <meta http-equiv="refresh" content="0; url=\(target)">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>\(HTML.escape(settings.name.resolved(in: settings.defaultLanguage, fallbacks: settings.languages)?.text ?? "Status"))</title>
                </head><body><ul>\(links)</ul></body></html>

                """
        }
        let response = application.publicSite.errorPage(404, language: settings.defaultLanguage)
        return String(decoding: response.body.bytes, as: UTF8.self)
    }
}

extension StaticExporter {
    /// What the pages are made of now, for `MirrorChanges`.
    func changeInputs() throws -> MirrorChanges.Inputs {
        let settings = application.settings
        let frame = settings.languages.flatMap { application.publicSite.errorPage(404, language: $0).body.bytes }
        return MirrorChanges.Inputs(source: try application.store.mirrorSourceData(), now: application.clock(), frame: frame)
    }
}
