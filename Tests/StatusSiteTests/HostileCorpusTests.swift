import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import StatusModel
import StatusPages
@testable import StatusSite
@testable import StatusStore
import Testing
import TestSupport

/// The hostile corpus (Fixtures/HostileInputs.swift) through every text field of the admin UI and
/// the write API, then read back from every public page, feed, JSON document and admin page:
/// stored exactly, shown only as inert text, never a header, never harming the database.
@Suite(.serialized) struct HostileCorpusTests {
    /// A group of corpus entries that fits the shortest single-line limit (names, 100 characters),
    /// so one post carries several entries. Each entry is wrapped in numbered markers to be found again.
    struct Batch {
        let number: Int
        let singleLine: [(Int, HostileInput)]
        let multiLine: [(Int, HostileInput)]

        static func marked(_ index: Int, _ text: String) -> String { "~\(index)[\(text)]\(index)~" }

        /// What titles and names get: the single-line entries.
        var line: String { singleLine.map { Self.marked($0.0, $0.1.text) }.joined(separator: " ") }
        /// What bodies and descriptions get: every entry of the batch.
        var body: String { (singleLine + multiLine).map { Self.marked($0.0, $0.1.text) }.joined(separator: " ") }
        var lineParts: [String] { singleLine.map { Self.marked($0.0, $0.1.text) } }
        var bodyParts: [String] { (singleLine + multiLine).map { Self.marked($0.0, $0.1.text) } }
        var slug: String { "hx-\(number)" }
    }

    /// The entries every field stores; the rest carry C1 or bidi controls, which every field refuses
    /// (`TextRules`, issue 11), and are checked in `controlAndBidiEntriesAreRefusedInEveryField`.
    static let stored = HostileInputs.all.filter { !TextRules.containsForbiddenControls($0.text, allowLineBreaks: true) }
    static let refused = HostileInputs.all.filter { TextRules.containsForbiddenControls($0.text, allowLineBreaks: true) }

    static let batches: [Batch] = {
        let numbered = Array(stored.enumerated())
        var groups: [[(Int, HostileInput)]] = [[]]
        for entry in numbered where !entry.1.isMultiLine {
            let candidate = (groups[groups.count - 1] + [entry]).map { Batch.marked($0.0, $0.1.text) }.joined(separator: " ")
            if candidate.count > TextLimits.name, !groups[groups.count - 1].isEmpty { groups.append([]) }
            groups[groups.count - 1].append(entry)
        }
        let multi = numbered.filter { $0.1.isMultiLine }
        return groups.enumerated().map { number, entries in
            Batch(number: number, singleLine: entries,
                  multiLine: multi.enumerated().filter { $0.offset % groups.count == number }.map(\.element))
        }
    }()

    /// What the admin form stores for `text`: browsers' CRLF become LF (FormDecoder).
    static func adminStored(_ text: String) -> String { text.replacingOccurrences(of: "\r\n", with: "\n") }
    /// What a reader sees of `text` in HTML: every line break a `<br>` followed by LF; blank lines
    /// separate paragraphs (`</p>\n<p>`), which reads as one LF.
    static func shown(_ text: String) -> String {
        lineBreaks(text).replacing(/\n([ \t]*\n)+/, with: "\n")
    }

    /// As the admin pages show a stored text (no paragraphs): CRLF and CR read as LF.
    static func lineBreaks(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    @Test func corpusIsLargeAndEveryEntryIsValidText() {
        #expect(HostileInputs.all.count >= 40)
        #expect(Set(HostileInputs.all.map(\.name)).count == HostileInputs.all.count)
        for batch in Self.batches {
            #expect(batch.line.count <= TextLimits.name && !batch.line.isEmpty)
            #expect(batch.body.count <= TextLimits.description)
        }
        #expect(Self.batches.flatMap { $0.singleLine + $0.multiLine }.count == Self.stored.count)
        #expect(Set(Self.refused.map(\.name)) == ["RTL override", "C1 controls and DEL"])
    }

    /// Where each batch ended up.
    struct Written {
        let batch: Batch
        var group: Int64 = 0, component: Int64 = 0, adminIncident: Int64 = 0, adminUpdate: Int64 = 0, apiIncident: Int64 = 0
        var adminMaintenance: Int64 = 0, apiMaintenance: Int64 = 0, template: Int64 = 0, v1Incident: Int64 = 0
    }

    /// Collects findings so one run reports all of them, each with where it was seen.
    final class Findings {
        var lines: [String] = []
        func add(_ line: String) { lines.append(line) }
        func check(_ condition: Bool, _ line: @autoclosure () -> String) { if !condition { lines.append(line()) } }
    }

    @Test func everyEntryThroughEveryFieldIsInertEverywhere() throws {
        let started = Date()
        // About 170 writes with few reads between them: re-rendering the whole warm set after each
        // (the production path, covered by RenderRevalidateTests and PublishThenReadTests) would
        // take minutes in a debug build and test nothing about escaping.
        let site = try TestSite.withStaff(rendersInBackground: false)
        let admin = try site.signIn("admin@example.com")
        let csrf = try admin.csrfToken()
        let token = try site.application.auth.createToken(name: "hostile-corpus", role: .admin, by: .system("test"), now: testNow).token
        let tablesBefore = try site.store.rawStrings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        let findings = Findings()
        var responses: [(String, HTTPTestResponse)] = []

        let inspector = MarkupInspector.fromTemplates(TestSite.repositoryRoot.appendingPathComponent("templates"))
        func adminPost(_ path: String, _ fields: [(String, String)], expect status: Int = 303) throws {
            let response = try admin.post(path, fields, csrf: csrf)
            responses.append((path, response))
            findings.check(response.status == status, "POST \(path): \(response.status), expected \(status)")
            if response.status != 303 { // a page: the refused form or the new token, echoing the text
                for problem in inspector.problems(in: response.text) { findings.add("POST \(path) page: \(problem)") }
            }
        }
        func apiPost(_ path: String, _ object: [String: Any]) throws -> Int64 {
            let body = try JSONSerialization.data(withJSONObject: object)
            let response = try site.client.send("POST", path, headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
                                                body: Array(body))
            responses.append((path, response))
            findings.check(response.status == 201, "POST \(path): \(response.status) \(response.text.prefix(300))")
            let json = try? APIJSONParser().parse(response.body)
            return json?["incident"]?["id"]?.integerValue ?? json?["maintenance"]?["id"]?.integerValue ?? 0
        }
        func both(_ field: String, _ text: String) -> [(String, String)] { [("\(field).sv", text), ("\(field).en", text)] }
        func v1Send(_ method: String, _ path: String, _ object: [String: Any]?, expect status: Int) throws -> APIJSON? {
            let body = try object.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
            let response = try site.client.send(method, "/v1/pages/driftstatus" + path,
                                                headers: [("Authorization", "OAuth \(token)"), ("Content-Type", "application/json")], body: body)
            responses.append(("/v1/pages/driftstatus" + path, response))
            findings.check(response.status == status, "\(method) /v1\(path): \(response.status) \(response.text.prefix(300))")
            return try? APIJSONParser().parse(response.body)
        }

        // Writes: every text field of every admin form and of the API, one batch of entries per post.
        var written: [Written] = []
        for batch in Self.batches {
            var w = Written(batch: batch)
            try adminPost("/admin/groups/new", both("name", batch.line) + both("description", batch.body))
            w.group = try #require(try site.store.groups().last?.id)
            try adminPost("/admin/components/new", [("slug", batch.slug), ("group", "\(w.group)")] + both("name", batch.line)
                + both("description", batch.body))
            w.component = try #require(try site.store.components().first { $0.slug == batch.slug }?.id)
            try adminPost("/admin/incidents/new", both("title", batch.line) + both("body", batch.body)
                + [("impact", "major"), ("status", "investigating"), ("component.\(w.component)", "major_outage"), ("action", "publish")])
            w.adminIncident = try #require(try site.store.recentIncidents(limit: 1).first?.id)
            try adminPost("/admin/incidents/\(w.adminIncident)/updates", both("body", batch.body) + [("status", "identified"), ("action", "publish")])
            w.adminUpdate = try #require(try site.store.incident(id: w.adminIncident)?.updates.map(\.id).max())
            try adminPost("/admin/maintenance/new", both("title", batch.line) + both("body", batch.body)
                + [("starts_at", "2026-11-26T10:00"), ("ends_at", "2026-11-26T12:00"), ("component.\(w.component)", "1"), ("action", "publish")])
            w.adminMaintenance = try #require(try site.store.maintenanceIDs().max())
            try adminPost("/admin/templates/new", [("name", batch.line)] + both("title", batch.line) + both("body", batch.body))
            w.template = try #require(try site.store.templates().max { $0.id < $1.id }?.id)
            // A stored account costs a full-strength password hash (~0.3 s), so every sixth batch
            // creates one; the others are refused for a short password and echo the name in the form.
            let createsUser = batch.number % 6 == 0
            try adminPost("/admin/users", [("email", "\(batch.slug)@example.com"), ("name", batch.line), ("role", "editor"),
                                           ("password", createsUser ? "a long enough password" : "short")], expect: createsUser ? 303 : 422)
            // Token names refuse tab too (StaffAuth.checkName), stricter than other names.
            let tokenNameOK = !batch.line.unicodeScalars.contains { $0 == "\t" || $0 == "\u{7F}" }
            try adminPost("/admin/tokens", [("name", batch.line), ("role", "editor")], expect: tokenNameOK ? 200 : 422)

            let text = ["sv": batch.line, "en": batch.line], body = ["sv": batch.body, "en": batch.body]
            w.apiIncident = try apiPost("/api/v1/incidents", ["title": text, "body": body, "impact": "minor",
                                                              "components": [["component": "bank-sync", "status": "partial_outage"]]])
            _ = try apiPost("/api/v1/incidents/\(w.apiIncident)/updates", ["status": "monitoring", "body": body])
            w.apiMaintenance = try apiPost("/api/v1/maintenances", ["title": text, "body": body, "starts_at": "2026-11-27T22:00:00Z",
                                                                    "ends_at": "2026-11-28T01:00:00Z", "components": [batch.slug]])
            // Statuspage v1: one language (the token's, Swedish here), update through PATCH.
            let v1 = try v1Send("POST", "/incidents", ["incident": ["name": batch.line, "body": batch.body, "status": "investigating",
                                                                    "components": ["\(w.component)": "major_outage"]]], expect: 201)
            w.v1Incident = Int64(v1?["id"]?.stringValue ?? "") ?? 0
            _ = try v1Send("PATCH", "/incidents/\(w.v1Incident)", ["incident": ["status": "monitoring", "body": batch.body]], expect: 200)
            written.append(w)
        }
        try #require(findings.lines.isEmpty, "writes failed:\n\(findings.lines.prefix(20).joined(separator: "\n"))")

        // Stored exactly as sent (byte for byte: no normalisation, no trimming inside the markers).
        func same(_ stored: String?, _ sent: String, _ what: String) {
            findings.check(stored.map { Array($0.utf8) == Array(sent.utf8) } ?? false, "\(what) stored as \(stored.debugDescription), sent \(sent.debugDescription)")
        }
        for w in written {
            let b = w.batch
            let group = try site.store.group(id: w.group), component = try site.store.component(id: w.component)
            same(group?.name[.swedish], b.line, "group name"); same(group?.description[.english], Self.adminStored(b.body), "group description")
            same(component?.name[.english], b.line, "component name")
            same(component?.description[.swedish], Self.adminStored(b.body), "component description")
            let adminIncident = try site.store.incident(id: w.adminIncident), apiIncident = try site.store.incident(id: w.apiIncident)
            same(adminIncident?.title[.swedish], b.line, "admin incident title")
            for update in adminIncident?.updates ?? [] { same(update.body[.english], Self.adminStored(b.body), "admin update body") }
            same(apiIncident?.title[.english], b.line, "API incident title")
            for update in apiIncident?.updates ?? [] { same(update.body[.swedish], b.body, "API update body") }
            same(try site.store.maintenance(id: w.adminMaintenance)?.title[.swedish], b.line, "admin maintenance title")
            same(try site.store.maintenance(id: w.adminMaintenance)?.body[.english], Self.adminStored(b.body), "admin maintenance body")
            same(try site.store.maintenance(id: w.apiMaintenance)?.body[.swedish], b.body, "API maintenance body")
            let v1Incident = try site.store.incident(id: w.v1Incident)
            same(v1Incident?.title[.swedish], b.line, "Statuspage v1 incident name")
            findings.check(v1Incident?.updates.count == 2, "Statuspage v1 incident: \(v1Incident?.updates.count ?? 0) updates")
            for update in v1Incident?.updates ?? [] { same(update.body[.swedish], b.body, "Statuspage v1 update body") }
            let template = try site.store.template(id: w.template)
            same(template?.name, b.line, "template name"); same(template?.body[.swedish], Self.adminStored(b.body), "template body")
            if b.number % 6 == 0 { same(try site.store.user(email: "\(b.slug)@example.com")?.name, b.line, "user name") }
        }

        func fetch(_ path: String, cookie: String? = nil) throws -> HTTPTestResponse {
            let response = try site.client.send("GET", path, headers: cookie.map { [("Cookie", $0)] } ?? [])
            responses.append((path, response))
            findings.check(response.status == 200, "GET \(path): \(response.status)")
            return response
        }
        /// The page is inert and shows each of `parts` (as a reader sees it).
        func checkHTML(_ path: String, shows parts: [String], cookie: String? = nil) throws {
            let html = try fetch(path, cookie: cookie).text
            let (tags, visible) = MarkupInspector.tokenize(html)
            for problem in inspector.problems(in: tags) { findings.add("\(path): \(problem)") }
            for part in parts where !visible.containsExactly(path.hasPrefix("/admin/") ? Self.lineBreaks(part) : Self.shown(part)) {
                findings.add("\(path): does not show \(part.debugDescription)")
            }
        }

        // Public pages in both languages.
        let allLines = written.flatMap(\.batch.lineParts)
        for language in ["sv", "en"] {
            try checkHTML("/\(language)/", shows: allLines)
            try checkHTML("/\(language)/history", shows: allLines)
            try checkHTML("/\(language)/history/2026-11", shows: allLines)
            for w in written {
                let b = w.batch
                try checkHTML("/\(language)/incidents/\(w.adminIncident)", shows: b.lineParts + b.bodyParts.map(Self.adminStored))
                try checkHTML("/\(language)/incidents/\(w.apiIncident)", shows: b.lineParts + b.bodyParts)
                try checkHTML("/\(language)/maintenance/\(w.adminMaintenance)", shows: b.lineParts + b.bodyParts.map(Self.adminStored))
                try checkHTML("/\(language)/maintenance/\(w.apiMaintenance)", shows: b.lineParts + b.bodyParts)
                try checkHTML("/\(language)/incidents/\(w.v1Incident)", shows: b.lineParts + b.bodyParts)
            }
        }

        // Feeds: well-formed XML whose titles carry the text exactly and whose HTML content is inert.
        let contentInspector = MarkupInspector.fromTemplates(files: [TestSite.repositoryRoot.appendingPathComponent("templates/feeds/content.mustache")])
        func checkFeed(_ path: String, titles: [String], bodies: [String]) throws {
            let response = try fetch(path)
            let feed = FeedReader.read(response.body)
            guard feed.error == nil else { return findings.add("\(path): XML does not parse: \(feed.error ?? "")") }
            let allTitles = feed.texts(of: "title").joined(separator: "\n")
            for part in titles where !allTitles.containsExactly(part) { findings.add("\(path): no title with \(part.debugDescription)") }
            var visible = ""
            for html in feed.texts(of: "content") + feed.texts(of: "description") {
                for problem in contentInspector.problems(in: html) { findings.add("\(path) content: \(problem)") }
                visible += MarkupInspector.visibleText(html) + "\n"
            }
            for part in bodies where !visible.containsExactly(Self.shown(part)) { findings.add("\(path): content lacks \(part.debugDescription)") }
        }
        let allBodies = written.flatMap { $0.batch.bodyParts.map(Self.adminStored) + $0.batch.bodyParts }
        for language in ["sv", "en"] {
            for format in ["rss", "atom"] { try checkFeed("/\(language)/feed.\(format)", titles: allLines, bodies: allBodies) }
            for w in written {
                try checkFeed("/\(language)/components/\(w.batch.slug)/feed.atom", titles: w.batch.lineParts,
                              bodies: w.batch.bodyParts.map(Self.adminStored))
            }
        }

        // Statuspage JSON: parses strictly, and the strings are the stored text exactly.
        func strings(_ value: APIJSON) -> [String] {
            switch value {
            case .string(let text): [text]
            case .array(let items): items.flatMap(strings)
            case .object(let members): members.flatMap { strings($0.1) }
            default: []
            }
        }
        func checkJSON(_ path: String, contains parts: [String]) throws {
            let response = try fetch(path)
            guard let json = try? APIJSONParser().parse(response.body) else { return findings.add("\(path): not JSON") }
            let all = strings(json).joined(separator: "\u{0}")
            for part in parts where !all.containsExactly(part) { findings.add("\(path): no string with \(part.debugDescription)") }
        }
        let adminBodies = written.flatMap { $0.batch.bodyParts.map(Self.adminStored) }, apiBodies = written.flatMap(\.batch.bodyParts)
        // incidents.json lists the 50 newest: the texts of the incidents among them.
        let listed = Set(try site.store.recentIncidents(limit: StatuspageV2Encoder.listLimit).map(\.id))
        let newestParts = written.flatMap { w -> [String] in
            var parts: [String] = []
            if [w.adminIncident, w.apiIncident, w.v1Incident].contains(where: listed.contains) { parts += w.batch.lineParts }
            if listed.contains(w.adminIncident) { parts += w.batch.bodyParts.map(Self.adminStored).map(PostText.plain) }
            if listed.contains(w.apiIncident) || listed.contains(w.v1Incident) { parts += w.batch.bodyParts.map(PostText.plain) }
            return parts
        }
        for language in ["sv", "en"] {
            let query = "?lang=\(language)"
            try checkJSON("/api/v2/summary.json\(query)", contains: allLines + (adminBodies + apiBodies).map(PostText.plain))
            try checkJSON("/api/v2/status.json\(query)", contains: [])
            try checkJSON("/api/v2/components.json\(query)", contains: allLines + adminBodies)
            try checkJSON("/api/v2/incidents.json\(query)", contains: newestParts)
            try checkJSON("/api/v2/incidents/unresolved.json\(query)", contains: allLines + (adminBodies + apiBodies).map(PostText.plain))
            try checkJSON("/api/v2/scheduled-maintenances.json\(query)", contains: allLines)
            try checkJSON("/api/v2/scheduled-maintenances/upcoming.json\(query)", contains: allLines)
            try checkJSON("/api/v2/scheduled-maintenances/active.json\(query)", contains: [])
        }
        // The write API reads them back exactly too.
        for w in written {
            let response = try site.client.send("GET", "/api/v1/incidents/\(w.apiIncident)", headers: [("Authorization", "Bearer \(token)")])
            let json = try? APIJSONParser().parse(response.body)
            same(json?["incident"]?["title"]?["sv"]?.stringValue, w.batch.line, "GET /api/v1/incidents/\(w.apiIncident) title")
            for update in json?["incident"]?["updates"]?.arrayValue ?? [] {
                same(update["body"]?["en"]?.stringValue, w.batch.body, "GET /api/v1/incidents/\(w.apiIncident) update body")
            }
        }

        // Statuspage v1 reads them back exactly (bodies as plain text, as its JSON gives every post).
        for w in written {
            let json = try v1Send("GET", "/incidents/\(w.v1Incident)", nil, expect: 200)
            same(json?["name"]?.stringValue, w.batch.line, "GET /v1 incident \(w.v1Incident) name")
            for update in json?["incident_updates"]?.arrayValue ?? [] {
                same(update["body"]?.stringValue, PostText.plain(w.batch.body), "GET /v1 incident \(w.v1Incident) update body")
            }
        }

        // The admin pages that show the text.
        let cookie = admin.cookie
        try checkHTML("/admin/", shows: [], cookie: cookie)
        try checkHTML("/admin/incidents", shows: allLines, cookie: cookie)
        try checkHTML("/admin/maintenance", shows: allLines, cookie: cookie)
        try checkHTML("/admin/components", shows: allLines, cookie: cookie)
        try checkHTML("/admin/templates", shows: allLines, cookie: cookie)
        try checkHTML("/admin/users", shows: written.filter { $0.batch.number % 6 == 0 }.flatMap(\.batch.lineParts), cookie: cookie)
        try checkHTML("/admin/tokens", shows: written.filter { !$0.batch.line.unicodeScalars.contains { $0 == "\t" || $0 == "\u{7F}" } }
            .flatMap(\.batch.lineParts), cookie: cookie)
        try checkHTML("/admin/audit", shows: [], cookie: cookie)
        for w in written {
            let b = w.batch, adminBody = b.bodyParts.map(Self.adminStored)
            try checkHTML("/admin/incidents/\(w.adminIncident)", shows: b.lineParts + adminBody, cookie: cookie)
            try checkHTML("/admin/incidents/\(w.apiIncident)", shows: b.lineParts + b.bodyParts, cookie: cookie)
            try checkHTML("/admin/components/\(w.component)", shows: [], cookie: cookie)
            try checkHTML("/admin/groups/\(w.group)", shows: [], cookie: cookie)
            try checkHTML("/admin/templates/\(w.template)", shows: [], cookie: cookie)
            try checkHTML("/admin/incidents/new?template=\(w.template)", shows: [], cookie: cookie)
            try checkHTML("/admin/updates/\(w.adminUpdate)/edit", shows: [], cookie: cookie)
        }

        // No text ever became a header (CRLF entries), and the database is whole.
        for (path, response) in responses {
            findings.check(response.headers("X-Injected").isEmpty, "\(path): injected header")
            findings.check(!response.headers("Set-Cookie").contains { $0.hasPrefix("x=") }, "\(path): injected cookie")
        }
        findings.check(try site.store.rawStrings("PRAGMA integrity_check") == ["ok"], "integrity_check failed")
        let tablesAfter = try site.store.rawStrings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        findings.check(tablesAfter == tablesBefore, "tables changed: \(tablesBefore) -> \(tablesAfter)")
        findings.check(try site.store.components().count == 2 + written.count, "components lost")

        let problems = findings.lines
        #expect(problems.isEmpty, "\(problems.count) findings:\n\(problems.prefix(40).joined(separator: "\n"))")
        print("hostile corpus: \(Self.stored.count) entries in \(Self.batches.count) batches, \(responses.count) requests, "
            + String(format: "%.1f s", Date().timeIntervalSince(started)))
    }

    /// Every write form and its text fields (the fixed fields a valid post needs come along).
    static func adminForms(component: Int64) -> [(path: String, fixed: [(String, String)], texts: [String])] {
        [
            ("/admin/incidents/new", [("impact", "minor"), ("status", "investigating"), ("action", "publish")],
             ["title.sv", "title.en", "body.sv", "body.en"]),
            ("/admin/maintenance/new", [("starts_at", "2026-11-26T10:00"), ("ends_at", "2026-11-26T12:00"), ("component.\(component)", "1"),
                                        ("action", "publish")], ["title.sv", "title.en", "body.sv", "body.en"]),
            ("/admin/components/new", [("slug", "refused")], ["name.sv", "name.en", "description.sv", "description.en"]),
            ("/admin/groups/new", [], ["name.sv", "name.en", "description.sv", "description.en"]),
            ("/admin/templates/new", [], ["name", "title.sv", "title.en", "body.sv", "body.en"]),
            ("/admin/users", [("email", "refused@example.com"), ("role", "editor"), ("password", "a long enough password")], ["name"]),
        ]
    }

    /// A count of every row staff can create, to show a refused post wrote nothing.
    static func rowCounts(_ store: StatusStore) throws -> [String] {
        try ["incident", "incident_update", "maintenance", "component", "component_group", "message_template", "localized_text", "staff_user", "audit_log"]
            .compactMap { table in
                try store.rawStrings("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '\(table)'").isEmpty
                    ? nil : "\(table)=\(store.rawStrings("SELECT count(*) FROM \(table)").first ?? "")"
            }
    }

    @Test func lineBreaksInSingleLineFieldsAreRefusedAndNeverAHeader() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let api = try site.application.auth.createToken(name: "t", role: .admin, by: .system("test"), now: testNow).token
        let before = try Self.rowCounts(site.store)
        for input in HostileInputs.all where input.isMultiLine {
            for (path, fields) in [("/admin/incidents/new", [("title.sv", input.text), ("title.en", "ok"), ("body.sv", "b"), ("impact", "minor"),
                                                            ("status", "investigating"), ("action", "publish")]),
                                   ("/admin/groups/new", [("name.sv", input.text)]), ("/admin/templates/new", [("name", input.text), ("body.sv", "b")])] {
                let response = try admin.post(path, fields)
                #expect(response.status == 422, "\(input.name) at \(path)")
                #expect(response.headers("X-Injected").isEmpty && !response.headers("Set-Cookie").contains { $0.hasPrefix("x=") })
                #expect(MarkupInspector.fromTemplates(TestSite.repositoryRoot.appendingPathComponent("templates")).problems(in: response.text).isEmpty)
            }
            let body = #"{"title": {"sv": \#(input.text.jsonLiteral)}, "body": {"sv": "b"}, "impact": "minor"}"#
            let response = try site.client.send("POST", "/api/v1/incidents", headers: [("Authorization", "Bearer \(api)"),
                                                                                     ("Content-Type", "application/json")], body: body)
            #expect(response.status == 422, "\(input.name) via the API")
            #expect(response.text.contains("title.sv"))
            #expect(response.headers("X-Injected").isEmpty)
            let v1Body = #"{"incident": {"name": \#(input.text.jsonLiteral), "body": "b"}}"#
            let v1 = try site.client.send("POST", "/v1/pages/driftstatus/incidents", headers: [("Authorization", "OAuth \(api)"),
                                                                                             ("Content-Type", "application/json")], body: v1Body)
            #expect(v1.status == 422, "\(input.name) via Statuspage v1")
            #expect(v1.text.contains("name is not valid"), "\(v1.text)")
            #expect(v1.headers("X-Injected").isEmpty)
        }
        #expect(try Self.rowCounts(site.store) == before)
    }

    @Test func controlAndBidiEntriesAreRefusedInEveryField() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let csrf = try admin.csrfToken()
        let component = try #require(try site.store.components().first?.id)
        let api = try site.application.auth.createToken(name: "t", role: .admin, by: .system("test"), now: testNow).token
        let before = try Self.rowCounts(site.store)
        for input in Self.refused {
            for form in Self.adminForms(component: component) {
                for field in form.texts {
                    let valid = form.texts.map { ($0, $0 == field ? input.text : "ok") }
                    let response = try admin.post(form.path, form.fixed + valid, csrf: csrf)
                    #expect(response.status == 422, "\(input.name): \(form.path) \(field)")
                    #expect(response.text.contains("Ogiltigt värde") || response.text.contains("Invalid value"), "\(form.path) \(field)")
                }
            }
            let body = #"{"title": {"sv": \#(input.text.jsonLiteral)}, "body": {"sv": "b"}, "impact": "minor"}"#
            let response = try site.client.send("POST", "/api/v1/incidents", headers: [("Authorization", "Bearer \(api)"),
                                                                                     ("Content-Type", "application/json")], body: body)
            #expect(response.status == 422 && response.text.contains("title.sv"), "\(input.name) via the API")
        }
        #expect(try Self.rowCounts(site.store) == before)
    }

    @Test func overlongTextGetsAFieldErrorInEveryField() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let csrf = try admin.csrfToken()
        let component = try #require(try site.store.components().first?.id)
        let long = String(repeating: "<b>å", count: 2_501) // 10,004 characters: over every text limit
        let before = try Self.rowCounts(site.store)
        for form in Self.adminForms(component: component) {
            for field in form.texts {
                let valid = form.texts.map { ($0, $0 == field ? long : "ok") }
                let response = try admin.post(form.path, form.fixed + valid, csrf: csrf)
                #expect(response.status == 422, "\(form.path) \(field)")
                #expect(response.text.contains("För långt") || response.text.contains("Too long"), "\(form.path) \(field): a message")
                #expect(!response.text.contains("<b>å"), "\(form.path) \(field): echoed escaped")
            }
        }
        let api = try site.application.auth.createToken(name: "t", role: .admin, by: .system("test"), now: testNow).token
        func post(_ path: String, _ json: String) throws -> HTTPTestResponse {
            try site.client.send("POST", path, headers: [("Authorization", "Bearer \(api)"), ("Content-Type", "application/json")], body: json)
        }
        let incident = try post("/api/v1/incidents", #"{"title": {"sv": "t"}, "body": {"sv": "b"}, "impact": "minor"}"#)
        let id = try #require(try APIJSONParser().parse(incident.body)["incident"]?["id"]?.integerValue)
        let counts = try Self.rowCounts(site.store)
        let l = long.jsonLiteral
        for (path, json, field) in [
            ("/api/v1/incidents", #"{"title": {"sv": \#(l)}, "body": {"sv": "b"}, "impact": "minor"}"#, "title.sv"),
            ("/api/v1/incidents", #"{"title": {"sv": "t", "en": \#(l)}, "body": {"sv": "b"}, "impact": "minor"}"#, "title.en"),
            ("/api/v1/incidents", #"{"title": {"sv": "t"}, "body": {"sv": \#(l)}, "impact": "minor"}"#, "body.sv"),
            ("/api/v1/incidents/\(id)/updates", #"{"status": "identified", "body": {"en": \#(l)}}"#, "body.en"),
            ("/api/v1/maintenances", #"{"title": {"sv": \#(l)}, "starts_at": "2026-12-01T10:00:00Z", "ends_at": "2026-12-01T11:00:00Z"}"#, "title.sv"),
            ("/api/v1/maintenances", #"{"title": {"sv": "t"}, "body": {"sv": \#(l)}, "starts_at": "2026-12-01T10:00:00Z", "ends_at": "2026-12-01T11:00:00Z"}"#, "body.sv"),
        ] {
            let response = try post(path, json)
            #expect(response.status == 422, "\(path) \(field)")
            let errors = (try? APIJSONParser().parse(response.body))?["errors"]?.arrayValue ?? []
            #expect(errors.contains { $0["field"]?.stringValue == field && $0["code"]?.stringValue == "too_long" }, "\(path) \(field)")
        }
        #expect(try Self.rowCounts(site.store) == counts)
        #expect(before.count == counts.count)
    }

    @Test func invalidUTF8IsRefusedInEveryFieldAndNeverStored() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let csrf = try admin.csrfToken()
        let component = try #require(try site.store.components().first?.id)
        let api = try site.application.auth.createToken(name: "t", role: .admin, by: .system("test"), now: testNow).token
        let incident = try site.client.send("POST", "/api/v1/incidents", headers: [("Authorization", "Bearer \(api)"), ("Content-Type", "application/json")],
                                            body: #"{"title": {"sv": "t"}, "body": {"sv": "b"}, "impact": "minor"}"#)
        let id = try #require(try APIJSONParser().parse(incident.body)["incident"]?["id"]?.integerValue)
        let before = try Self.rowCounts(site.store)
        // Lone continuation and invalid lead bytes, overlong NUL, a truncated sequence, a UTF-16 surrogate (CESU-8), a 5-byte form.
        let invalid: [[UInt8]] = [[0xFF, 0xFE], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80]]
        for bytes in invalid {
            let encoded = bytes.map { String(format: "%%%02X", $0) }.joined()
            for form in Self.adminForms(component: component) {
                for field in form.texts {
                    let rest = formBody([("csrf", csrf)] + form.fixed + form.texts.filter { $0 != field }.map { ($0, "ok") })
                    let response = try admin.postRaw(form.path, body: rest + "&\(field)=ok\(encoded)ok")
                    #expect(response.status == 400, "\(form.path) \(field) \(encoded)")
                }
            }
            let raw = { (text: String) in Array(text.utf8) }
            for (path, body) in [
                ("/api/v1/incidents", raw(#"{"title": {"sv": "a"#) + bytes + raw(#""}, "body": {"sv": "b"}, "impact": "minor"}"#)),
                ("/api/v1/incidents", raw(#"{"title": {"sv": "a"}, "body": {"en": "b"#) + bytes + raw(#""}, "impact": "minor"}"#)),
                ("/api/v1/incidents/\(id)/updates", raw(#"{"status": "identified", "body": {"sv": ""#) + bytes + raw(#""}}"#)),
                ("/api/v1/maintenances", raw(#"{"title": {"sv": ""#) + bytes + raw(#""}, "starts_at": "2026-12-01T10:00:00Z", "ends_at": "2026-12-01T11:00:00Z"}"#)),
                ("/api/v1/maintenances", raw(#"{"title": {"sv": "t"}, "body": {"sv": ""#) + bytes
                    + raw(#""}, "starts_at": "2026-12-01T10:00:00Z", "ends_at": "2026-12-01T11:00:00Z"}"#)),
            ] {
                let response = try site.client.send("POST", path, headers: [("Authorization", "Bearer \(api)"), ("Content-Type", "application/json")],
                                                    body: body)
                #expect(response.status == 422, "\(path) \(bytes)")
                #expect(response.text.contains("UTF-8"), "\(path) \(bytes): says why")
            }
        }
        // Escapes that name no character: lone or reversed surrogates.
        for escape in [#"\ud800"#, #"\udc00"#, #"\udbff\ud800"#, #"\ud800\u0041"#, #"\ud800x"#, #"\uDFFF\uD800"#] {
            let response = try site.client.send("POST", "/api/v1/incidents", headers: [("Authorization", "Bearer \(api)"), ("Content-Type", "application/json")],
                                                body: #"{"title": {"sv": "a\#(escape)b"}, "body": {"sv": "b"}, "impact": "minor"}"#)
            #expect(response.status == 422, "\(escape)")
        }
        #expect(try Self.rowCounts(site.store) == before)
        #expect(try site.store.rawStrings("PRAGMA integrity_check") == ["ok"])
    }
}

/// Reads HTML the way a browser's tokenizer splits it (code point by code point, not by Character)
/// and reports anything that could run: tags the templates never write, event-handler or malformed
/// attribute names, script URLs. Also yields the visible text, to check that input is shown.
struct MarkupInspector {
    struct Tag {
        let name: String
        let isEnd: Bool
        var attributes: [(name: String, value: String)] = []
    }

    /// Tag names the templates (and the few Swift-written snippets: icons, line breaks) use.
    let allowedTags: Set<String>

    /// Every tag name found in the `.mustache` files below `templates`, plus the icon SVG parts and `<br>`.
    static func fromTemplates(_ templates: URL) -> MarkupInspector {
        let found = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: nil)?.allObjects.compactMap { $0 as? URL }
        return fromTemplates(files: found ?? [templates])
    }

    static func fromTemplates(files: [URL]) -> MarkupInspector {
        // Plus the tags of posts' Markdown subset (PostMarkup): a `code` span in a post is one.
        var names: Set<String> = ["svg", "circle", "rect", "path", "br", "p", "h3", "h4", "ul", "ol", "li", "a", "em", "strong", "code"]
        for file in files {
            guard file.pathExtension == "mustache", let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            let pattern = /<\/?([a-zA-Z][a-zA-Z0-9]*)/
            for match in text.matches(of: pattern) { names.insert(match.output.1.lowercased()) }
        }
        return MarkupInspector(allowedTags: names)
    }

    /// What is wrong with `html`, one line per finding; empty when every tag is one the templates write.
    func problems(in html: String) -> [String] {
        problems(in: Self.tokenize(html).tags)
    }

    func problems(in tags: [Tag]) -> [String] {
        var problems: [String] = []
        for tag in tags {
            guard allowedTags.contains(tag.name) else {
                problems.append("tag <\(tag.isEnd ? "/" : "")\(tag.name)> is not one the templates write")
                continue
            }
            if tag.name == "script" { problems.append("a <script> tag") }
            var seen = Set<String>()
            for (name, value) in tag.attributes {
                if !seen.insert(name).inserted { problems.append("<\(tag.name)> repeats attribute \(name)") }
                if name.hasPrefix("on") { problems.append("<\(tag.name)> has event handler \(name)=\(value)") }
                if !Self.isPlainAttributeName(name) { problems.append("<\(tag.name)> has odd attribute name \(name.debugDescription)") }
                if ["href", "src", "action", "formaction", "xlink:href", "srcdoc", "poster", "data"].contains(name) {
                    // Browsers ignore ASCII whitespace and controls inside a URL scheme.
                    let scheme = String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value > 0x20 })).lowercased()
                    for bad in ["javascript:", "vbscript:", "data:text"] where scheme.hasPrefix(bad) {
                        problems.append("<\(tag.name) \(name)=\(value.debugDescription)> is a script URL")
                    }
                }
            }
        }
        return problems
    }

    /// `[a-z][a-z0-9:-]*`: what the templates write; anything else means text escaped into a tag.
    static func isPlainAttributeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == ":" || $0 == "-" }
    }

    /// The text a reader sees, with entities decoded (line breaks from `<br>` kept as the `\n` after them).
    static func visibleText(_ html: String) -> String {
        tokenize(html).text
    }

    /// Splits `html` into tags and decoded text, following the HTML tokenizer's main states:
    /// comments, raw text (script, style), escapable raw text (title, textarea) and tags with
    /// quoted or unquoted attribute values.
    static func tokenize(_ html: String) -> (tags: [Tag], text: String) {
        // The HTML input stream turns CRLF and CR into LF before tokenizing.
        var s: [Unicode.Scalar] = []
        s.reserveCapacity(html.unicodeScalars.count)
        var afterCR = false
        for scalar in html.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n", afterCR { continue }
            s.append(scalar == "\r" ? "\n" : scalar)
        }
        var tags: [Tag] = []
        var text = String.UnicodeScalarView()
        var i = 0
        /// ASCII-case-insensitive match of a lowercase ASCII `literal` at `index`.
        func starts(_ literal: String, at index: Int) -> Bool {
            var j = index
            for wanted in literal.unicodeScalars {
                guard j < s.count else { return false }
                let value = s[j].value
                let lowered = (0x41...0x5A).contains(value) ? value | 0x20 : value
                guard lowered == wanted.value else { return false }
                j += 1
            }
            return true
        }
        func find(_ literal: String, from index: Int) -> Int? {
            guard let first = literal.unicodeScalars.first?.value else { return index }
            var j = index
            while j < s.count {
                if s[j].value == first, starts(literal, at: j) { return j }
                j += 1
            }
            return nil
        }
        func isSpace(_ c: Unicode.Scalar) -> Bool { [" ", "\t", "\n", "\r", "\u{0C}"].contains(c) }
        var textRun = ""
        func flushText() { text.append(contentsOf: decodeEntities(textRun).unicodeScalars); textRun = "" }

        while i < s.count {
            let c = s[i]
            guard c == "<" else { textRun.unicodeScalars.append(c); i += 1; continue }
            if starts("<!--", at: i) {
                i = (find("-->", from: i + 4).map { $0 + 3 }) ?? s.count
                continue
            }
            if i + 1 < s.count, s[i + 1] == "!" || s[i + 1] == "?" {
                i = (find(">", from: i).map { $0 + 1 }) ?? s.count
                continue
            }
            let isEnd = i + 1 < s.count && s[i + 1] == "/"
            let nameStart = i + (isEnd ? 2 : 1)
            guard nameStart < s.count, s[nameStart].isASCII, s[nameStart].properties.isAlphabetic else {
                textRun.unicodeScalars.append(c); i += 1; continue // a lone "<" is text
            }
            flushText()
            var j = nameStart
            var name = ""
            while j < s.count, !isSpace(s[j]), s[j] != "/", s[j] != ">" { name.unicodeScalars.append(s[j]); j += 1 }
            var tag = Tag(name: name.lowercased(), isEnd: isEnd)
            while j < s.count {
                while j < s.count, isSpace(s[j]) || s[j] == "/" { j += 1 }
                guard j < s.count, s[j] != ">" else { break }
                var attribute = String(s[j]); j += 1 // a leading "=" belongs to the name
                while j < s.count, !isSpace(s[j]), s[j] != "/", s[j] != ">", s[j] != "=" { attribute.unicodeScalars.append(s[j]); j += 1 }
                while j < s.count, isSpace(s[j]) { j += 1 }
                var value = ""
                if j < s.count, s[j] == "=" {
                    j += 1
                    while j < s.count, isSpace(s[j]) { j += 1 }
                    if j < s.count, s[j] == "\"" || s[j] == "'" {
                        let quote = s[j]; j += 1
                        while j < s.count, s[j] != quote { value.unicodeScalars.append(s[j]); j += 1 }
                        j += 1
                    } else {
                        while j < s.count, !isSpace(s[j]), s[j] != ">" { value.unicodeScalars.append(s[j]); j += 1 }
                    }
                }
                tag.attributes.append((attribute.lowercased(), decodeEntities(value)))
            }
            i = j + 1
            tags.append(tag)
            if !isEnd, ["script", "style", "title", "textarea"].contains(tag.name) {
                // Everything up to the matching end tag is text, whatever it looks like.
                let end = find("</\(tag.name)", from: i) ?? s.count
                let inner = String(String.UnicodeScalarView(s[i..<end]))
                text.append(contentsOf: (["title", "textarea"].contains(tag.name) ? decodeEntities(inner) : inner).unicodeScalars)
                i = end
            }
        }
        flushText()
        return (tags, String(text))
    }

    /// Decodes the character references the templates and escaping produce (named basics and numeric).
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = String.UnicodeScalarView()
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            if s[i] == "&", let semicolon = s[i...].prefix(12).firstIndex(of: ";") {
                let name = String(String.UnicodeScalarView(s[(i + 1)..<semicolon]))
                let named: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
                var decoded: Unicode.Scalar? = named[name]
                if decoded == nil, name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if decoded == nil, name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst(1)).flatMap(Unicode.Scalar.init)
                }
                if let decoded {
                    result.append(decoded)
                    i = semicolon + 1
                    continue
                }
            }
            result.append(s[i])
            i += 1
        }
        return String(result)
    }
}

/// The text of every element of an XML document, via Foundation's XMLParser; nil when it does not parse.
final class FeedReader: NSObject, XMLParserDelegate {
    private(set) var elements: [(name: String, text: String)] = []
    private var stack: [(name: String, text: String)] = []
    private(set) var error: String?

    static func read(_ bytes: [UInt8]) -> FeedReader {
        let reader = FeedReader()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = reader
        if !parser.parse() { reader.error = parser.parserError.map { String(describing: $0) } ?? "parse failed" }
        return reader
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        stack.append((elementName, ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if let element = stack.popLast() { elements.append(element) }
    }

    func texts(of name: String) -> [String] { elements.filter { $0.name == name }.map(\.text) }
}

extension StringProtocol {
    /// Whether `other` occurs in `self` byte for byte (String's own `contains` compares canonically
    /// equivalent text as equal, which would hide a changed normalisation).
    func containsExactly(_ other: some StringProtocol) -> Bool {
        let haystack = Array(utf8), needle = Array(other.utf8)
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                guard let hb = h.baseAddress, let nb = n.baseAddress else { return false }
                for i in 0...(h.count - n.count) where h[i] == n[0] && memcmp(hb + i, nb, n.count) == 0 { return true }
                return false
            }
        }
    }
}
