import Foundation
import StatusModel
@testable import StatusSite
import Testing

/// Who may write: only live bearer tokens; both roles may publish (webhooks need admin: APIWebhookNotificationTests).
@Suite struct APIAuthTests {
    /// Every write route with a body that would succeed with a valid token.
    static func writes(_ api: APITestSite) throws -> [(String, String, String?)] {
        let incident = try api.createIncident()
        let maintenance = try api.createMaintenance()
        return [
            ("POST", "/api/v1/incidents", APITestSite.incidentJSON),
            ("PATCH", "/api/v1/incidents/\(incident)", #"{"impact": "critical"}"#),
            ("POST", "/api/v1/incidents/\(incident)/updates", #"{"status": "identified", "body": {"sv": "A", "en": "B"}}"#),
            ("POST", "/api/v1/incidents/\(incident)/resolve", #"{"body": {"sv": "Klart", "en": "Done"}}"#),
            ("PUT", "/api/v1/components/bank-sync", #"{"status": "major_outage"}"#),
            ("PATCH", "/api/v1/components/login", #"{"status": "degraded_performance"}"#),
            ("POST", "/api/v1/maintenances", APITestSite.maintenanceJSON),
            ("POST", "/api/v1/maintenances/\(maintenance)/cancel", nil),
        ]
    }

    @Test func everyWriteRouteRefusesRequestsWithoutAValidToken() throws {
        let api = try APITestSite()
        let revoked = try api.site.application.auth.createToken(name: "old", role: .admin, by: .system("test"), now: testNow)
        try api.site.application.auth.revokeToken(id: revoked.1.id, by: .system("test"), now: testNow)
        let auditBefore = try api.store.auditEntries(before: nil, limit: 1_000).count
        for (method, path, body) in try Self.writes(api) {
            let attempts: [(String, [(String, String)])] = [
                ("no token", []),
                ("revoked token", [("Authorization", "Bearer \(revoked.token)")]),
                ("unknown token", [("Authorization", "Bearer ds_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]),
                ("not bearer", [("Authorization", "Basic \(Data("a:b".utf8).base64EncodedString())")]),
                ("empty bearer", [("Authorization", "Bearer ")]),
            ]
            for (what, headers) in attempts {
                let result = try api.call(method, path, json: body, headers: headers)
                #expect(result.status == 401, "\(method) \(path) with \(what)")
                #expect(result.isProblem, "\(method) \(path) with \(what)")
                #expect(result.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "\(method) \(path) with \(what)")
                #expect(result.json?["status"]?.integerValue == 401)
            }
        }
        // Only the setup's own creates were written; no refused request left a trace.
        #expect(try api.store.auditEntries(before: nil, limit: 1_000).count == auditBefore + 2)
    }

    @Test func aSignedInSessionCookieIsNotAnAPICredential() throws {
        let api = try APITestSite()
        _ = try api.site.application.auth.addUser(UserDraft(email: "ed@example.com", name: "Ed", role: .admin,
                                                            password: "correct horse battery"), by: .system("test"), now: testNow)
        guard case .success(_, let cookie, _) = api.site.application.auth.signIn(email: "ed@example.com", password: "correct horse battery",
                                                                             remoteAddress: "127.0.0.1", isSecure: false, now: testNow) else {
            Issue.record("sign-in failed")
            return
        }
        let pair = String(cookie.split(separator: ";")[0])
        let result = try api.call("POST", "/api/v1/incidents", json: APITestSite.incidentJSON, headers: [("Cookie", pair)])
        #expect(result.status == 401)
    }

    @Test func editorAndAdminTokensMayPublishEverything() throws {
        let api = try APITestSite()
        for token in [api.editorToken, api.adminToken] {
            for (method, path, body) in try Self.writes(api) {
                let result = try api.call(method, path, token: token, json: body)
                #expect((200..<300).contains(result.status), "\(method) \(path): \(result.text)")
            }
        }
    }

    @Test func readsNeedATokenToo() throws {
        let api = try APITestSite()
        for path in ["/api/v1/incidents", "/api/v1/components", "/api/v1/maintenances", "/api/v1/incidents/1", "/api/v1/maintenances/1"] {
            #expect(try api.call("GET", path).status == 401, "\(path)")
        }
    }

    @Test func revokingATokenTakesEffectOnTheNextRequest() throws {
        let api = try APITestSite()
        let made = try api.site.application.auth.createToken(name: "temp", role: .editor, by: .system("test"), now: testNow)
        #expect(try api.call("GET", "/api/v1/components", token: made.token).status == 200)
        try api.site.application.auth.revokeToken(id: made.1.id, by: .system("test"), now: testNow)
        #expect(try api.call("GET", "/api/v1/components", token: made.token).status == 401)
    }
}
