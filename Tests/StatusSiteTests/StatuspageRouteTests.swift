import Foundation
import StatusModel
import Testing
import TestSupport

/// `/api/v2/*.json` over HTTP: every document, language choice, CORS, caching validators.
@Suite struct StatuspageRouteTests {
    static let documents = ["summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
                            "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json"]

    @Test func everyDocumentIsServedAsJSONToAnyOrigin() throws {
        let site = try PublicSiteTests.seeded()
        for document in Self.documents {
            let response = try site.get("/api/v2/\(document)")
            #expect(response.status == 200, "\(document)")
            #expect(response.header("Content-Type") == "application/json; charset=utf-8", "\(document)")
            #expect(response.header("Access-Control-Allow-Origin") == "*", "\(document)")
            #expect((try? JSONSerialization.jsonObject(with: Data(response.body))) != nil, "\(document)")
        }
        #expect(try site.get("/api/v2/nothing.json").status == 404)
    }

    @Test func languageFromQueryThenAcceptLanguage() throws {
        let site = try PublicSiteTests.seeded()
        let english = try site.get("/api/v2/incidents/unresolved.json?lang=en").text
        #expect(english.contains("Delayed bank synchronisation"))
        let swedish = try site.get("/api/v2/incidents/unresolved.json", headers: [("Accept-Language", "sv-SE")]).text
        #expect(swedish.contains("Fördröjd banksynkronisering"))
        let negotiated = try site.get("/api/v2/incidents/unresolved.json", headers: [("Accept-Language", "en")]).text
        #expect(negotiated.contains("Delayed bank synchronisation"))
    }

    @Test func summaryReflectsTheOverallStatus() throws {
        let site = try PublicSiteTests.seeded()
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(site.get("/api/v2/summary.json?lang=en").body)) as? [String: Any])
        let status = try #require(summary["status"] as? [String: Any])
        #expect(status["indicator"] as? String == "major")
        let incidents = try #require(summary["incidents"] as? [[String: Any]])
        #expect(incidents.count == 1)
    }

    @Test func conditionalRequestsAnswer304() throws {
        let site = try PublicSiteTests.seeded()
        let first = try site.get("/api/v2/status.json")
        let etag = try #require(first.header("ETag"))
        let second = try site.get("/api/v2/status.json", headers: [("If-None-Match", etag)])
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
    }
}
