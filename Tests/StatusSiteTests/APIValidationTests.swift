import Foundation
import StatusModel
@testable import StatusSite
import Testing

/// Bad and hostile input: the right status, per-field errors from the shared rules, nothing written.
@Suite struct APIValidationTests {
    @Test func fieldErrorsFollowTheSharedRules() throws {
        let api = try APITestSite()
        let longTitle = String(repeating: "x", count: TextLimits.title + 1)
        let cases: [(String, String, [String])] = [
            ("/api/v1/incidents", """
                {"title": {"sv": "\(longTitle)", "en": "ok"}, "body": {"sv": "a", "en": "b"}, "impact": "major"}
                """, ["title.sv: too_long"]),
            ("/api/v1/incidents", """
                {"title": {"sv": "a", "en": "b"}, "body": {"sv": "a", "en": "b"}, "impact": "major",
                 "components": [{"component": "no-such-thing", "status": "major_outage"}]}
                """, ["components: unknown_component"]),
            ("/api/v1/incidents", """
                {"title": {"sv": "a", "en": "b"}, "body": {"sv": "a"}, "impact": "major", "components": [{"component": 999, "status": "down"}]}
                """, ["components[0].status: invalid_value"]),
            ("/api/v1/incidents", #"{"title": "plain", "body": {"sv": 5}, "impact": 3, "titel": 1}"#,
             ["title: wrong_type", "body.sv: wrong_type", "impact: wrong_type", "titel: unknown_field"]),
            ("/api/v1/incidents", #"{"title": {"sv": "  "}, "body": {"xx": "a", "de": "b"}, "impact": "major"}"#,
             ["title.sv: required", "body.de: not_allowed", "body.xx: not_allowed"]),
            ("/api/v1/incidents", #"{}"#, ["impact: required", "title.sv: required", "body.sv: required"]),
            ("/api/v1/incidents", #"{"title": {"sv": "a\u0000b"}, "body": {"sv": "x"}, "impact": "none"}"#, ["title.sv: invalid"]),
            ("/api/v1/maintenances", """
                {"title": {"sv": "a", "en": "b"}, "starts_at": "2026-12-01T22:00:00Z", "ends_at": "2026-12-01T23:00:00+02:00"}
                """, ["ends_at: end_before_start"]),
            ("/api/v1/maintenances", """
                {"title": {"sv": "a"}, "starts_at": "2026-12-01 22:00", "ends_at": "2026-02-30T00:00:00Z"}
                """, ["starts_at: invalid_date", "ends_at: invalid_date"]),
            ("/api/v1/maintenances", #"{"title": {"sv": "a"}}"#, ["starts_at: required", "ends_at: required"]),
            ("/api/v1/maintenances", #"{"title": {"sv": "a"}, "starts_at": "2026-12-01T22:00:00Z", "ends_at": "2026-12-01T23:00:00Z", "components": ["bank-sync", "bank-sync"]}"#,
             ["components: duplicate"]),
        ]
        for (path, body, expected) in cases {
            let result = try api.editor("POST", path, json: body)
            #expect(result.status == 422, "\(body): \(result.text)")
            #expect(result.isProblem)
            #expect(Set(result.fieldErrors) == Set(expected), "\(body): \(result.fieldErrors)")
            let messages = result.json?["errors"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
            #expect(messages.count == expected.count && messages.allSatisfy { !$0.isEmpty })
        }
        #expect(try api.store.recentIncidents(limit: 10).isEmpty)
        #expect(try api.store.recentMaintenances(limit: 10).isEmpty)
    }

    @Test func messagesFollowAcceptLanguage() throws {
        let api = try APITestSite()
        let body = #"{"title": {"sv": "a"}, "body": {"sv": "b"}}"#
        let swedish = try api.editor("POST", "/api/v1/incidents", json: body, headers: [("Accept-Language", "sv")])
        let english = try api.editor("POST", "/api/v1/incidents", json: body)
        #expect(swedish.json?["errors"]?.arrayValue?.first?["message"]?.stringValue == "Måste anges.")
        #expect(english.json?["errors"]?.arrayValue?.first?["message"]?.stringValue == "Is required.")
        #expect(swedish.json?["title"]?.stringValue == "Ogiltig begäran")
    }

    @Test func malformedBodiesAre422() throws {
        let api = try APITestSite()
        let bodies: [[UInt8]] = [
            Array("{\"title\": ".utf8),
            Array("[1, 2]".utf8),
            Array("{\"title\": {\"sv\": \"a\"}, \"title\": {\"sv\": \"b\"}}".utf8),
            Array("{\"title\": {\"sv\": \"".utf8) + [0xC3, 0x28, 0xFF] + Array("\"}}".utf8),
            Array("{\"title\": {\"sv\": \"\\ud800\"}}".utf8),
            Array((String(repeating: "[", count: 100) + String(repeating: "]", count: 100)).utf8),
            Array("{\"a\": 1e999}".utf8),
            [0xEF, 0xBB, 0xBF] + Array("{}".utf8),
        ]
        for body in bodies {
            let result = try api.call("POST", "/api/v1/incidents", token: api.editorToken, bytes: body,
                                      headers: [("Content-Type", "application/json")])
            #expect(result.status == 422, "\(String(decoding: body, as: UTF8.self)): \(result.text)")
            #expect(result.isProblem)
        }
        let invalidUTF8 = try api.call("POST", "/api/v1/incidents", token: api.editorToken,
                                       bytes: Array("{\"title\": {\"sv\": \"".utf8) + [0xC3, 0x28] + Array("\"}}".utf8))
        #expect(invalidUTF8.json?["detail"]?.stringValue == "The body is not valid UTF-8.")
        #expect(try api.store.recentIncidents(limit: 10).isEmpty)
    }

    @Test func wrongMediaTypeIs415AndTooLargeIs413() throws {
        let api = try APITestSite()
        for contentType in ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "application/jsonx"] {
            let result = try api.call("POST", "/api/v1/incidents", token: api.editorToken, json: APITestSite.incidentJSON,
                                      headers: [("Content-Type", contentType)])
            #expect(result.status == 415, "\(contentType)")
            #expect(result.isProblem)
        }
        let missing = try api.call("POST", "/api/v1/incidents", token: api.editorToken)
        #expect(missing.status == 415)
        let charset = try api.call("POST", "/api/v1/incidents", token: api.editorToken, json: APITestSite.incidentJSON,
                                   headers: [("Content-Type", "Application/JSON; charset=UTF-8")])
        #expect(charset.status == 201)

        let big = "{\"title\": {\"sv\": \"" + String(repeating: "a", count: 600 * 1024) + "\"}}"
        let tooLarge = try api.editor("POST", "/api/v1/incidents", json: big)
        #expect(tooLarge.status == 413)
        #expect(tooLarge.isProblem)
        // Past the server's own 1 MiB limit the answer is still 413.
        let huge = try api.editor("POST", "/api/v1/incidents", json: String(repeating: " ", count: (1 << 20) + 10))
        #expect(huge.status == 413)
    }

    @Test func unknownIdsAre404() throws {
        let api = try APITestSite()
        for (method, path) in [("GET", "/api/v1/incidents/999"), ("GET", "/api/v1/incidents/abc"), ("GET", "/api/v1/maintenances/0"),
                               ("POST", "/api/v1/maintenances/77/cancel")] {
            let result = try api.editor(method, path)
            #expect(result.status == 404, "\(path)")
            #expect(result.isProblem)
        }
        let update = try api.editor("POST", "/api/v1/incidents/999/updates", json: #"{"status": "identified", "body": {"sv": "a"}}"#)
        #expect(update.status == 404)
        #expect(try api.editor("GET", "/api/v1/incidents?limit=0").status == 422)
        #expect(try api.editor("GET", "/api/v1/incidents?limit=abc").status == 422)
    }

    @Test func hostileTextIsInertOnEveryPageAndPlainInJSON() throws {
        let api = try APITestSite()
        let script = #"<script>alert(1)</script><img src=x onerror=alert(2)>"#
        let id = try api.createIncident("""
            {"title": {"sv": \(("T " + script).jsonLiteral), "en": \(("T " + script).jsonLiteral)},
             "body": {"sv": \(("B " + script).jsonLiteral), "en": \(("B " + script).jsonLiteral)}, "impact": "major",
             "components": [{"component": "bank-sync", "status": "major_outage"}]}
            """)
        let update = try api.editor("POST", "/api/v1/incidents/\(id)/updates",
                                    json: #"{"status": "identified", "body": {"sv": \#(("U " + script).jsonLiteral), "en": "\"quoted\" & <b>"}}"#)
        #expect(update.status == 201)
        let maintenance = try api.createMaintenance("""
            {"title": {"sv": \(("M " + script).jsonLiteral), "en": "M"}, "body": {"sv": \(("MB " + script).jsonLiteral)},
             "starts_at": "2026-11-25T12:00:00Z", "ends_at": "2026-11-25T18:00:00Z"}
            """)
        for path in ["/sv/", "/en/", "/sv/incidents/\(id)", "/en/incidents/\(id)", "/sv/history", "/en/history",
                     "/sv/maintenance/\(maintenance)", "/en/maintenance/\(maintenance)"] {
            let page = try api.site.get(path)
            #expect(page.status == 200, "\(path)")
            #expect(!page.text.contains("<script>alert"), "\(path)")
            #expect(!page.text.contains("<img src=x"), "\(path)")
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path)")
        }
        for path in ["/api/v2/summary.json", "/api/v2/incidents.json", "/api/v2/scheduled-maintenances.json"] {
            let document = try api.site.get(path)
            #expect(document.status == 200, "\(path)")
            let parsed = try #require(try? APIJSONParser().parse(document.body), "\(path)")
            #expect(Self.strings(in: parsed).contains { $0.contains(script) }, "\(path): the text is data, unchanged")
        }
        // The API echoes the text as JSON string data too (with < and > escaped).
        let read = try api.editor("GET", "/api/v1/incidents/\(id)")
        #expect(read.json?["incident"]?["title"]?["sv"]?.stringValue == "T " + script)
        #expect(!read.text.contains("<script>"))
    }

    private static func strings(in value: APIJSON) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let items): items.flatMap(strings)
        case .object(let members): members.flatMap { strings(in: $0.1) }
        default: []
        }
    }
}
