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
        var files: [String: [UInt8]] = [:]
        for path in try sitePaths() {
            let response = application.handle(Request(method: "GET", path: path.path, query: path.query))
            guard response.status == 200 else {
                throw ExportError(description: "export: \(path.path) answered \(response.status)")
            }
            files[path.file] = response.body.bytes
        }
        for (path, status) in [("/", 200), ("/404", 404)] {
            files[path == "/" ? "index.html" : "404.html"] = try Array(fallbackPage(status: status).utf8)
        }
        return try write(files, to: directory)
    }

    struct SitePath {
        let path: String
        var query: [(name: String, value: String)] = []
        /// Where its bytes go in the export.
        var file: String { StaticExporter.fileName(for: path) }
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
        func add(_ path: String) { paths.append(SitePath(path: path)) }
        for language in settings.languages {
            let prefix = "/\(language)"
            add(prefix + "/")
            add(prefix + "/history")
            months.forEach { add("\(prefix)/history/\($0)") }
            incidentIDs.forEach { add("\(prefix)/incidents/\($0)") }
            maintenanceIDs.forEach { add("\(prefix)/maintenance/\($0)") }
            for feed in SiteApplication.feedFileNames { add("\(prefix)/\(feed)") }
            slugs.forEach { add("\(prefix)/components/\($0)/feed.atom"); add("\(prefix)/components/\($0)/\(CalendarAddress.fileName)") }
        }
        for document in StatuspageDocument.allCases {
            add("/api/v2/\(document.path)")
        }
        application.assets.names.forEach { add("/assets/\($0)") }
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
        let response = application.errorPage(404, language: settings.defaultLanguage)
        return String(decoding: response.body.bytes, as: UTF8.self)
    }

    private func write(_ files: [String: [UInt8]], to directory: URL) throws -> Summary {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        var written = 0, unchanged = 0
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(name)
            if let existing = manager.contents(atPath: url.path), [UInt8](existing) == bytes {
                unchanged += 1
                continue
            }
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
            written += 1
        }
        // Pages that no longer exist (a deleted incident) must not linger in the mirror.
        var removed = 0
        let keep = Set(files.keys)
        if let enumerator = manager.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in enumerator {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1))
                if !keep.contains(relative) {
                    try manager.removeItem(at: url)
                    removed += 1
                }
            }
        }
        return Summary(written: written, unchanged: unchanged, removed: removed)
    }
}
