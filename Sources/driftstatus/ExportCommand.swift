import ArgumentParser
import Foundation
import SiteSettings
import StatusSite

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole public site as static files (a mirror any web server can serve)."
    )

    @OptionGroup var options: DatabaseOptions

    @Option(name: .long, help: "Directory to write the site into (created if missing).")
    var out: String

    @Option(name: .long, help: "Public address the mirror is served at (default: base_url from the configuration).")
    var baseURL: String?

    func run() throws {
        try reportingFailures {
            let site = try options.siteDirectory()
            let settings = try MirrorSettings.settings(try options.settings(), baseURL: baseURL)
            let store = try options.openStore()
            let application = try SiteApplication(settings: settings, store: store, siteDirectory: site, isStaticExport: true)
            let summary = try StaticExporter(application: application).export(to: URL(fileURLWithPath: out))
            try store.close()
            print("exported to \(out): \(summary)")
        }
    }
}

enum MirrorSettings {
    struct InvalidBaseURL: Error, CustomStringConvertible {
        let value: String
        var description: String { "--base-url: \"\(value)\" is not an absolute http(s) URL" }
    }

    /// The site's settings with the mirror's own public address.
    static func settings(_ settings: SiteSettings, baseURL: String?) throws -> SiteSettings {
        guard let baseURL else { return settings }
        guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
              url.query == nil, url.fragment == nil else { throw InvalidBaseURL(value: baseURL) }
        var adjusted = settings
        adjusted.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return adjusted
    }
}
