import Foundation
import StatusModel
import StatusSite
import Testing

/// `driftstatus export`: the whole public site as files with working links.
@Suite struct StaticExportTests {
    /// Returns the site too: the export lives in its temporary directory, removed with it.
    static func exportDemo(baseURL: String) throws -> (site: TestSite, directory: URL, summary: StaticExporter.Summary) {
        let site = try TestSite(now: testNow) { store in
            _ = try DemoData.load(into: store, now: testNow, timeZone: TimeZone(identifier: "Europe/Stockholm")!)
        }
        var settings = site.application.settings
        settings.baseURL = baseURL
        let application = try SiteApplication(settings: settings, store: site.store, siteDirectory: TestSite.repositoryRoot,
                                              isStaticExport: true, clock: { testNow })
        let directory = site.directory.appendingPathComponent("export")
        let summary = try StaticExporter(application: application).export(to: directory)
        return (site, directory, summary)
    }

    /// Resolves a link the way a static web server would: a file, or a directory's index.html.
    static func target(of link: String, from page: URL, root: URL, basePath: String) -> URL? {
        if link.hasPrefix("#") { return page }
        var path = link.split(separator: "#", maxSplits: 1).first.map(String.init) ?? link
        path = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        guard !path.isEmpty else { return page }
        guard path.hasPrefix(basePath + "/") else { return nil }
        let file = root.appendingPathComponent(String(path.dropFirst(basePath.count + 1)))
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue ? file.appendingPathComponent("index.html") : file
    }

    @Test func everyLinkInTheExportResolvesToAFile() throws {
        let baseURL = "https://status.example.com/driftstatus"
        let (site, root, summary) = try Self.exportDemo(baseURL: baseURL)
        defer { withExtendedLifetime(site) {} }
        #expect(summary.written > 80)
        for required in ["index.html", "404.html", "sv/index.html", "en/index.html", "sv/history/index.html", "sv/feed.rss",
                         "en/feed.atom", "api/v2/summary.json", "api/v2/incidents/unresolved.json", "assets/style.css",
                         "sv/components/bank-sync/feed.atom"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(required).path), "\(required)")
        }
        var checked = 0
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        for case let page as URL in enumerator where page.pathExtension == "html" {
            let html = try String(contentsOf: page, encoding: .utf8)
            for attribute in ["href=\"", "src=\""] {
                for part in html.components(separatedBy: attribute).dropFirst() {
                    var link = String(part.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
                    // The calendar's subscribe link is the same file under the webcal: scheme.
                    if link.hasPrefix("webcal://") { link = "https://" + link.dropFirst("webcal://".count) }
                    // Other sites (the page's own origin outside the base path, links in staff posts) are not in the export.
                    if link.hasPrefix("mailto:") || link.hasPrefix("https://") && !link.hasPrefix(baseURL) { continue }
                    let local = link.hasPrefix(baseURL) ? String(link.dropFirst("https://status.example.com".count)) : link
                    #expect(!local.contains("/language/"), "\(page.lastPathComponent): \(link) needs a live server")
                    #expect(Self.target(of: local, from: page, root: root, basePath: "/driftstatus") != nil,
                            "\(page.path.dropFirst(root.path.count)): broken link \(link)")
                    checked += 1
                }
            }
        }
        #expect(checked > 1000)
    }

    @Test func exportingAgainWritesOnlyWhatChanged() throws {
        let site = try TestSite(now: testNow) { store in
            _ = try DemoData.load(into: store, now: testNow, timeZone: TimeZone(identifier: "Europe/Stockholm")!)
        }
        let application = try SiteApplication(settings: site.application.settings, store: site.store,
                                              siteDirectory: TestSite.repositoryRoot, isStaticExport: true, clock: { testNow })
        let exporter = StaticExporter(application: application)
        let directory = site.directory.appendingPathComponent("mirror")
        let first = try exporter.export(to: directory)
        let second = try exporter.export(to: directory)
        #expect(second.written == 0)
        #expect(second.unchanged == first.written)
        try Data("left over".utf8).write(to: directory.appendingPathComponent("sv/incidents/999.html"))
        #expect(try exporter.export(to: directory).removed == 1)
    }

    /// nginx `gzip_static on` serves `page.gz` for `page`: every text file has a twin with the
    /// same bytes once decompressed (by gzip itself) and the same modification time, and a
    /// twin goes when its page goes.
    @Test func everyTextFileHasAGzipTwinWithItsTime() throws {
        let (site, root, _) = try Self.exportDemo(baseURL: "https://status.example.com")
        defer { withExtendedLifetime(site) {} }
        let manager = FileManager.default
        let enumerator = try #require(manager.enumerator(at: root, includingPropertiesForKeys: nil))
        let files = enumerator.compactMap { $0 as? URL }.filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true && $0.pathExtension != "gz"
        }
        let textExtensions: Set<String> = ["html", "xml", "json", "rss", "atom", "ics", "css", "js", "svg"]
        #expect(files.count > 80)
        var compared = 0
        for file in files {
            let twin = URL(fileURLWithPath: file.path + ".gz")
            guard textExtensions.contains(file.pathExtension) else {
                #expect(!manager.fileExists(atPath: twin.path), "\(file.lastPathComponent) is not text")
                continue
            }
            let original = try Data(contentsOf: file)
            #expect(try Self.gunzip(twin) == original, "\(twin.path.dropFirst(root.path.count))")
            let fileTime = try manager.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
            let twinTime = try manager.attributesOfItem(atPath: twin.path)[.modificationDate] as? Date
            #expect(fileTime != nil && fileTime == twinTime, "\(twin.lastPathComponent)")
            // Compressed, not stored: a stored deflate would be larger than the page.
            if original.count > 4096 { #expect(try Data(contentsOf: twin).count < original.count * 2 / 3, "\(twin.lastPathComponent)") }
            compared += 1
        }
        #expect(compared == files.filter { textExtensions.contains($0.pathExtension) }.count && compared > 80)

        // Again: nothing rewritten, so the twins keep their times; a vanished page takes its twin along.
        let home = root.appendingPathComponent("sv/index.html.gz")
        let before = try manager.attributesOfItem(atPath: home.path)[.modificationDate] as? Date
        var settings = site.application.settings
        settings.baseURL = "https://status.example.com"
        let exporter = StaticExporter(application: try SiteApplication(settings: settings, store: site.store,
                                                                       siteDirectory: TestSite.repositoryRoot, isStaticExport: true, clock: { testNow }))
        try Data("gone".utf8).write(to: root.appendingPathComponent("sv/gone.html"))
        try Data("gone".utf8).write(to: root.appendingPathComponent("sv/gone.html.gz"))
        let again = try exporter.export(to: root)
        #expect(again.written == 0 && again.removed == 1)
        #expect(try manager.attributesOfItem(atPath: home.path)[.modificationDate] as? Date == before)
        #expect(!manager.fileExists(atPath: root.appendingPathComponent("sv/gone.html.gz").path))

        // A twin missing (an export from before twins) is written even though its page is unchanged.
        try manager.removeItem(at: home)
        _ = try exporter.export(to: root)
        #expect(try Self.gunzip(home) == Data(contentsOf: root.appendingPathComponent("sv/index.html")))
    }

    static func gunzip(_ file: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-dc", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "gzip -d \(file.lastPathComponent)")
        return data
    }
}

@Suite struct MirrorTests {
    @Test func aPublishUpdatesTheMirror() throws {
        let site = try PublicSiteTests.seeded()
        let mirrorApplication = try SiteApplication(settings: site.application.settings, store: site.store,
                                                    siteDirectory: TestSite.repositoryRoot, isStaticExport: true, clock: { testNow })
        let directory = site.directory.appendingPathComponent("mirror")
        let writer = MirrorWriter(exporter: StaticExporter(application: mirrorApplication), directory: directory) { _ in }
        writer.exportNow()
        site.application.onDataChange { [weak mirrorApplication, weak writer] in
            mirrorApplication?.dataChanged()
            writer?.schedule()
        }
        let home = directory.appendingPathComponent("en/index.html")
        #expect(!(try String(contentsOf: home, encoding: .utf8).contains("Payroll is down")))
        _ = try site.application.publishing.createIncident(
            IncidentDraft(title: .both("Lönekörningen ligger nere", "Payroll is down"), body: .both("Vi undersöker.", "We are investigating."),
                          impact: .major, status: .investigating, componentChanges: []),
            by: .system("test"), at: testNow)
        writer.waitUntilIdle()
        #expect(try String(contentsOf: home, encoding: .utf8).contains("Payroll is down"))
        #expect(try String(contentsOf: directory.appendingPathComponent("sv/feed.rss"), encoding: .utf8).contains("Lönekörningen ligger nere"))
    }
}
