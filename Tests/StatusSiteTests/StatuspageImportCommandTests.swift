import Foundation
import Testing
import TestSupport

/// `driftstatus import statuspage` as operators run it, against real servers: a demo site's v2
/// JSON imported into an empty database serves the same incidents, updates and times.
@Suite(.serialized) struct StatuspageImportCommandTests {
    static let files = ["components.json", "incidents.json", "scheduled-maintenances.json"]

    /// A `driftstatus serve` process on a free port, stopped when released.
    final class ServerProcess {
        let process = Process()
        let client: HTTPTestClient

        init(database: String, in directory: URL) throws {
            process.executableURL = CommandLineTests.binary
            process.arguments = ["serve", "--db", database, "--port", "0", "--site", TestSite.repositoryRoot.path]
            process.currentDirectoryURL = directory
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            client = HTTPTestClient(port: try CommandLineTests.announcedPort(output))
        }

        var baseURL: String { "http://127.0.0.1:\(client.port)" }

        func get(_ path: String) throws -> HTTPTestResponse {
            let response = try client.send("GET", path)
            #expect(response.status == 200, "GET \(path)")
            return response
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }
    }

    static func run(_ arguments: [String], in directory: URL) throws -> CommandLineTests.Run {
        try CommandLineTests.run(arguments + ["--site", TestSite.repositoryRoot.path], in: directory)
    }

    static func save(from server: ServerProcess, into directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in files {
            try Data(server.get("/api/v2/\(file)").body).write(to: directory.appendingPathComponent(file))
        }
    }

    /// The v2 documents without what names rows rather than describes them (ids, links): equal
    /// output means the same components, incidents, updates, times, statuses and impacts.
    static func comparable(_ server: ServerProcess, _ file: String) throws -> String {
        let json = try JSONSerialization.jsonObject(with: Data(server.get("/api/v2/\(file)").body))
        let cleaned = strip(json)
        return String(decoding: try JSONSerialization.data(withJSONObject: cleaned, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
    }

    static func strip(_ value: Any) -> Any {
        if let array = value as? [Any] { return array.map(strip) }
        guard var object = value as? [String: Any] else { return value }
        for key in ["id", "incident_id", "code", "shortlink", "group_id", "page_id", "page"] { object[key] = nil }
        if object["group"] as? Bool == true { object["components"] = nil } // member ids
        return object.mapValues(strip)
    }

    static func incidentIDs(_ server: ServerProcess) throws -> [String] {
        let json = try JSONSerialization.jsonObject(with: Data(server.get("/api/v2/incidents.json").body)) as? [String: Any]
        return (json?["incidents"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    /// An incident page's list of updates (statuses, times, texts, component changes).
    static func updateList(_ html: String) -> String? {
        html.firstMatch(of: /<ol class="updates">[\s\S]*?<\/ol>/).map { String($0.output) }
    }

    /// The titles and times a listing page shows, with row ids taken out of the links.
    static func listing(_ html: String) -> [String] {
        html.matches(of: /<a href="[^"]*\/(incidents|maintenance)\/\d+"[^>]*>([\s\S]*?)<\/a>|datetime="([^"]+)"/).map { match in
            "\(match.output.1 ?? "time") \(match.output.2 ?? match.output.3 ?? "")"
        }
    }

    static func database(_ url: URL) -> Data { (try? Data(contentsOf: url)) ?? Data() }

    @Test func demoSiteRoundTripsThroughTheImport() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = try Self.run(["demo", "--db", "source.sqlite"], in: directory)
        #expect(demo.status == 0, "\(demo.error)")
        let source = try ServerProcess(database: "source.sqlite", in: directory)
        let export = directory.appendingPathComponent("export")
        try Self.save(from: source, into: export)

        let imported = try Self.run(["import", "statuspage", "--from", export.path, "--db", "imported.sqlite"], in: directory)
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains("incidents: 2"), "\(imported.output)")
        #expect(imported.output.contains(" created, 0 updated, 0 unchanged"))
        let copy = try ServerProcess(database: "imported.sqlite", in: directory)

        for file in Self.files {
            #expect(try Self.comparable(source, file) == Self.comparable(copy, file), "\(file)")
        }
        let sourceIDs = try Self.incidentIDs(source), copyIDs = try Self.incidentIDs(copy)
        #expect(sourceIDs.count == copyIDs.count && sourceIDs.count > 10)
        for (original, copied) in zip(sourceIDs, copyIDs) {
            let left = Self.updateList(try source.get("/sv/incidents/\(original)").text)
            let right = Self.updateList(try copy.get("/sv/incidents/\(copied)").text)
            #expect(left != nil && left == right, "incident \(original) / \(copied)")
        }
        #expect(Self.listing(try source.get("/sv/").text) == Self.listing(try copy.get("/sv/").text))
        // Every month with an incident (a cancelled window, which the v2 API leaves out, aside).
        let incidents = try String(decoding: Data(contentsOf: export.appendingPathComponent("incidents.json")), as: UTF8.self)
        let months = Set(incidents.matches(of: /"started_at":"(\d{4}-\d{2})/).map { String($0.output.1) })
        #expect(months.count >= 2)
        for month in months {
            let left = Self.listing(try source.get("/sv/history/\(month)").text).filter { $0.hasPrefix("incidents") }
            let right = Self.listing(try copy.get("/sv/history/\(month)").text).filter { $0.hasPrefix("incidents") }
            #expect(!left.isEmpty && left == right, "history \(month)")
        }

        // From the running server's URL: the same result as from the saved files.
        let fetched = try Self.run(["import", "statuspage", "--from", source.baseURL + "/api/v2/", "--db", "fetched.sqlite"], in: directory)
        #expect(fetched.status == 0, "\(fetched.error)")
        let fetchedCopy = try ServerProcess(database: "fetched.sqlite", in: directory)
        for file in Self.files {
            #expect(try Self.comparable(copy, file) == Self.comparable(fetchedCopy, file), "\(file)")
        }
        let missing = try Self.run(["import", "statuspage", "--from", source.baseURL + "/api/v3", "--db", "fetched.sqlite"], in: directory)
        #expect(missing.status != 0)
        #expect(missing.error.contains("GET \(source.baseURL)/api/v3/components.json: HTTP 404"), "\(missing.error)")
        let refused = try Self.run(["import", "statuspage", "--from", "http://127.0.0.1:1/api/v2", "--db", "fetched.sqlite"], in: directory)
        #expect(refused.status != 0)
        #expect(refused.error.contains("Could not connect to the status page 127.0.0.1"), "\(refused.error)")
    }

    @Test func rerunningUpdatesInPlaceAndTheRunningServerNotices() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.run(["demo", "--db", "source.sqlite"], in: directory).status == 0)
        let export = directory.appendingPathComponent("export")
        try Self.save(from: try ServerProcess(database: "source.sqlite", in: directory), into: export)
        #expect(try Self.run(["import", "statuspage", "--from", export.path, "--db", "imported.sqlite"], in: directory).status == 0)
        let copy = try ServerProcess(database: "imported.sqlite", in: directory)
        let before = try Self.comparable(copy, "incidents.json")

        let again = try Self.run(["import", "statuspage", "--from", export.path, "--db", "imported.sqlite"], in: directory)
        #expect(again.status == 0, "\(again.error)")
        for line in again.output.split(separator: "\n").dropFirst() where line.hasPrefix("  ") && line.contains("created") {
            #expect(line.contains(": 0 created, 0 updated, "), "\(line)")
        }
        #expect(try Self.comparable(copy, "incidents.json") == before, "no duplicates")

        // A changed source: a renamed incident and an edited update body are updated in place.
        let file = export.appendingPathComponent("incidents.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var incidents = try #require(json["incidents"] as? [[String: Any]])
        let oldName = try #require(incidents[0]["name"] as? String)
        incidents[0]["name"] = "Omdöpt incident"
        var updates = try #require(incidents[0]["incident_updates"] as? [[String: Any]])
        updates[0]["body"] = "Ny text i uppdateringen."
        incidents[0]["incident_updates"] = updates
        json["incidents"] = incidents
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        let changed = try Self.run(["import", "statuspage", "--from", export.path, "--db", "imported.sqlite"], in: directory)
        #expect(changed.status == 0, "\(changed.error)")
        #expect(changed.output.contains("  incidents: 0 created, 1 updated"), "\(changed.output)")
        #expect(changed.output.contains("  incident updates: 0 created, 1 updated"), "\(changed.output)")

        // The running server's cache notices the other process's write (ExternalWriteWatcher).
        var served = ""
        for _ in 0..<50 where !served.contains("Omdöpt incident") {
            Thread.sleep(forTimeInterval: 0.2)
            served = try copy.get("/api/v2/incidents.json").text
        }
        let servedJSON = try JSONSerialization.jsonObject(with: Data(served.utf8)) as? [String: Any]
        let first = try #require((servedJSON?["incidents"] as? [[String: Any]])?.first)
        #expect(first["name"] as? String == "Omdöpt incident", "renamed in place, not \(oldName)")
        #expect((first["incident_updates"] as? [[String: Any]])?.first?["body"] as? String == "Ny text i uppdateringen.")
        #expect(try Self.incidentIDs(copy).count == (try #require(json["incidents"] as? [Any])).count, "no duplicates")
    }

    @Test func dryRunAndMalformedFilesWriteNothing() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.run(["demo", "--db", "source.sqlite"], in: directory).status == 0)
        let export = directory.appendingPathComponent("export")
        try Self.save(from: try ServerProcess(database: "source.sqlite", in: directory), into: export)
        #expect(try Self.run(["migrate", "--db", "target.sqlite"], in: directory).status == 0)
        let target = directory.appendingPathComponent("target.sqlite")
        let empty = Self.database(target)
        #expect(!empty.isEmpty)

        let dry = try Self.run(["import", "statuspage", "--from", export.path, "--db", "target.sqlite", "--dry-run"], in: directory)
        #expect(dry.status == 0, "\(dry.error)")
        #expect(dry.output.hasPrefix("dry run, nothing written"))
        #expect(dry.output.contains("    create: Banksynkronisering"), "\(dry.output)")
        #expect(Self.database(target) == empty, "the dry run changed the database file")

        let incidents = export.appendingPathComponent("incidents.json")
        let good = try String(decoding: Data(contentsOf: incidents), as: UTF8.self)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(good.utf8)) as? [String: Any])
        var list = try #require(json["incidents"] as? [[String: Any]])
        var updates = try #require(list[0]["incident_updates"] as? [[String: Any]])
        updates[0]["created_at"] = "igår"
        list[0]["incident_updates"] = updates
        json["incidents"] = list
        let badTime = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        let cases: [(String, String)] = [
            (String(good.dropLast(5)), "incidents.json: not valid JSON"),
            (badTime, "incidents.json: incidents[0].incident_updates[0].created_at: not an ISO 8601 time"),
            (good.replacingOccurrences(of: "\"impact\":\"", with: "\"impakt\":\""), "incidents.json: incidents[0].impact: missing"),
            (good.replacingOccurrences(of: "\"status\":\"resolved\"", with: "\"status\":\"fixed\""), ".status: unknown value 'fixed'"),
        ]
        for (text, expected) in cases {
            try Data(text.utf8).write(to: incidents)
            let failed = try Self.run(["import", "statuspage", "--from", export.path, "--db", "target.sqlite"], in: directory)
            #expect(failed.status != 0)
            #expect(failed.error.contains(expected), "\(failed.error)")
            #expect(Self.database(target) == empty, "a failed import changed the database: \(expected)")
        }
    }

    @Test func hostileImportedTextStaysInert() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let export = directory.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
        let script = "<script>alert(1)</script>"
        let image = "\"><img src=x onerror=alert(2)>"
        let link = "[klicka](javascript:alert(3))"
        let now = ISO8601DateFormatter().string(from: Date())
        let earlier = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-7200))
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
        let laterStill = ISO8601DateFormatter().string(from: Date().addingTimeInterval(90_000))
        func object(_ members: [String: Any]) -> [String: Any] { members }
        let documents: [String: [String: Any]] = [
            "components.json": ["page": ["id": "evil"], "components": [
                object(["id": "g", "name": "G \(script)", "group": true, "position": 1, "description": image]),
                object(["id": "c", "name": "C \(image)", "group_id": "g", "position": 2, "status": "major_outage",
                        "description": script, "created_at": earlier]),
            ]],
            "incidents.json": ["page": ["id": "evil"], "incidents": [object([
                "id": "i", "name": "I \(script)", "status": "investigating", "impact": "critical", "created_at": earlier,
                "components": [["id": "c"]],
                "incident_updates": [object(["id": "u", "status": "investigating", "body": "\(script) \(image) \(link)",
                                             "created_at": now,
                                             "affected_components": [["code": "c", "new_status": "major_outage"]]])],
            ])]],
            "scheduled-maintenances.json": ["page": ["id": "evil"], "scheduled_maintenances": [object([
                "id": "m", "name": "M \(script)", "status": "scheduled", "created_at": earlier, "scheduled_for": later,
                "scheduled_until": laterStill, "components": [["id": "c"]],
                "incident_updates": [["id": "mu", "status": "scheduled", "body": "\(image) \(link)", "created_at": earlier]],
            ])]],
        ]
        for (file, document) in documents {
            try JSONSerialization.data(withJSONObject: document).write(to: export.appendingPathComponent(file))
        }
        let imported = try Self.run(["import", "statuspage", "--from", export.path, "--db", "evil.sqlite"], in: directory)
        #expect(imported.status == 0, "\(imported.error)")
        let site = try ServerProcess(database: "evil.sqlite", in: directory)
        let month = String(now.prefix(7))
        let pages = ["/sv/", "/en/", "/sv/history", "/sv/history/\(month)", "/sv/incidents/1", "/en/incidents/1",
                     "/sv/maintenance/1", "/sv/feed.atom", "/sv/feed.rss"]
        for path in pages {
            let page = try site.get(path).text
            #expect(!page.contains("<script>alert"), "\(path)")
            #expect(!page.contains("<img src=x"), "\(path)")
            #expect(!page.contains("href=\"javascript:"), "\(path)")
        }
        #expect(try site.get("/sv/incidents/1").text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(try site.get("/sv/").text.contains("I &lt;script&gt;"), "the incident is listed, escaped")
    }
}
