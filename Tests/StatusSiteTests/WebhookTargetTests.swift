import Foundation
import SiteSettings
import StatusModel
import Testing
@testable import StatusSite

/// Which webhook URLs staff may register (SSRF), how URLs are stored, and that a database's own
/// words never reach a client.
@Suite struct WebhookTargetTests {
    static let internalURLs = [
        "http://127.0.0.1:18081/x", "http://127.1/x", "http://0x7f000001/x", "http://2130706433/x", "http://0177.0.0.1/x",
        "http://localhost:8080/x", "http://LOCALHOST./x", "http://api.localhost/x", "http://[::1]/x", "http://[::ffff:127.0.0.1]/x",
        "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/x", "http://10.0.0.5/x", "http://172.16.3.4/x",
        "http://192.168.1.1/x", "http://100.64.1.1/x", "http://[fd00::1]/x", "http://0.0.0.0/x", "http://[::]/x", "http://224.0.0.1/x",
        "HTTP://127.0.0.1:18081/x",
    ]

    static var allowingPrivateAddresses: SiteSettings {
        var settings = SiteSettings.defaults
        settings.notifications.webhooksAllowPrivateAddresses = true
        return settings
    }

    @Test func internalTargetsAreRefusedWhenRegisteredThroughTheAPI() throws {
        let api = try APITestSite()
        for url in Self.internalURLs {
            let result = try api.call("POST", "/api/v1/webhooks", token: api.adminToken, json: "{\"url\": \"\(url)\"}")
            #expect(result.status == 422, "\(url): \(result.status) \(result.text)")
            #expect(result.fieldErrors == ["url: private_address"], "\(url)")
            #expect(result.text.contains("webhooks may only reach public addresses"), "\(url)")
        }
        #expect(try api.store.webhooks().isEmpty)
    }

    @Test func internalTargetsAreRefusedInTheAdminForm() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        for url in ["http://169.254.169.254/latest/meta-data/", "http://0x7f000001/x", "http://[::1]:9/x"] {
            let refused = try admin.post("/admin/webhooks?lang=en", [("url", url), ("language", "sv")])
            #expect(refused.status == 422, "\(url)")
            #expect(refused.text.contains("id=\"f-url-error\"") && refused.text.contains("Webhooks may only reach public addresses"))
        }
        let swedish = try admin.post("/admin/webhooks?lang=sv", [("url", "http://127.1/x"), ("language", "sv")])
        #expect(swedish.status == 422 && swedish.text.contains("Webhookar får bara gå till publika adresser"))
        #expect(try site.store.webhooks().isEmpty)
    }

    @Test func theOperatorCanAllowInternalTargets() throws {
        let api = try APITestSite(settings: Self.allowingPrivateAddresses)
        for url in Self.internalURLs {
            let result = try api.call("POST", "/api/v1/webhooks", token: api.adminToken, json: "{\"url\": \"\(url)\"}")
            #expect(result.status == 201, "\(url): \(result.text)")
        }
        #expect(try api.store.webhooks().count == Self.internalURLs.count)
    }

    @Test func schemeAndHostAreStoredInLowercase() throws {
        let api = try APITestSite(settings: Self.allowingPrivateAddresses)
        let upper = try api.call("POST", "/api/v1/webhooks", token: api.adminToken, json: #"{"url": "HTTP://127.0.0.1:18081/x"}"#)
        #expect(upper.status == 201, "\(upper.text)")
        #expect(upper.json?["webhook"]?["url"]?.stringValue == "http://127.0.0.1:18081/x")
        let mixed = try api.call("POST", "/api/v1/webhooks", token: api.adminToken,
                                 json: #"{"url": "hTtPs://Hooks.Example.COM:8443/In/Path?Token=AbC"}"#)
        #expect(mixed.status == 201, "\(mixed.text)")
        #expect(try api.store.webhooks().map(\.url) == ["http://127.0.0.1:18081/x", "https://hooks.example.com:8443/In/Path?Token=AbC"])
    }

    @Test func noAnswerCarriesDatabaseText() throws {
        for settings in [SiteSettings.defaults, Self.allowingPrivateAddresses] {
            let api = try APITestSite(settings: settings)
            for url in ["HTTP://127.0.0.1:18081/x", "Https://hooks.example.com/x", "HTTPS://[::1]/x", "http://x", "hTTp://a.b/c d",
                        "javascript://alert(1)", "http://" + String(repeating: "a", count: 2_100)] {
                let result = try api.call("POST", "/api/v1/webhooks", token: api.adminToken, json: "{\"url\": \"\(url)\"}")
                #expect([201, 422].contains(result.status), "\(url): \(result.status) \(result.text)")
                for word in ["constraint", "CONSTRAINT", "SQL", "GLOB", "webhook_subscription"] {
                    #expect(!result.text.contains(word), "\(url): \(result.text)")
                }
            }
        }
    }

    @Test func aBrokenConstraintIsAGeneric500() throws {
        let messages = APIMessages(language: .english)
        let problem = APIProblem.from(PublishingError.from(.constraint("CHECK constraint failed: url GLOB 'http://*'")), messages)
        #expect(problem.status == 500)
        let text = String(decoding: problem.response(messages).body.bytes, as: UTF8.self)
        #expect(!text.contains("constraint") && !text.contains("GLOB") && text.contains("X-Request-Id"))
    }
}
