import Foundation
import StatusModel
import StatusStore
import Testing
import TestSupport

/// The public site over real HTTP: every page in both languages, negotiation, error paths.
@Suite struct PublicSiteTests {
    static func seeded(tls: Bool = false) throws -> TestSite {
        try TestSite(now: testNow, tls: tls) { store in
            let group = try store.createGroup(name: .both("Webbapplikation", "Web application"), description: LocalizedText(), position: nil, isCollapsed: false, by: .system("test"))
            let login = try store.createComponent(slug: "login", groupID: group.id, name: .both("Inloggning", "Login"),
                                                  description: .both("Inloggning till tjänsten", "Signing in"), position: nil,
                                                  status: .operational, isHidden: false, createdAt: testNow.addingTimeInterval(-200 * 86400), by: .system("test"))
            let bank = try store.createComponent(slug: "bank-sync", groupID: nil, name: .both("Banksynkronisering", "Bank synchronisation"),
                                                 description: LocalizedText(), position: nil, status: .operational, isHidden: false,
                                                 createdAt: testNow.addingTimeInterval(-200 * 86400), by: .system("test"))
            _ = try store.createIncident(title: .both("Fördröjd banksynkronisering", "Delayed bank synchronisation"), impact: .major,
                                         status: .investigating, body: .both("Vi undersöker.", "We are investigating."),
                                         componentChanges: [ComponentStatusChange(componentID: bank.id, status: .partialOutage)],
                                         at: testNow.addingTimeInterval(-3600), by: .system("test"))
            let old = try store.createIncident(title: LocalizedText([.swedish: "Långsam inloggning"]), impact: .minor, status: .investigating,
                                               body: LocalizedText([.swedish: "Inloggningen är långsam."]),
                                               componentChanges: [ComponentStatusChange(componentID: login.id, status: .degradedPerformance)],
                                               at: testNow.addingTimeInterval(-3 * 86400), by: .system("test"))
            _ = try store.addUpdate(incidentID: old.id, status: .resolved, body: .both("Löst.", "Resolved."), componentChanges: [],
                                    at: testNow.addingTimeInterval(-3 * 86400 + 5400), by: .system("test"))
            _ = try store.createMaintenance(title: .both("Byte av servrar", "Server replacement"), body: .both("Tjänsten är otillgänglig.", "The service is unavailable."),
                                            startsAt: testNow.addingTimeInterval(5 * 86400), endsAt: testNow.addingTimeInterval(5 * 86400 + 12 * 3600),
                                            componentIDs: [login.id], createdAt: testNow.addingTimeInterval(-86400), by: .system("test"))
        }
    }

    @Test func everyPageInBothLanguages() throws {
        let site = try Self.seeded()
        for language in ["sv", "en"] {
            for path in ["/\(language)/", "/\(language)/history", "/\(language)/history/2026-11", "/\(language)/incidents/1",
                         "/\(language)/incidents/2", "/\(language)/maintenance/1"] {
                let response = try site.get(path)
                #expect(response.status == 200, "\(path)")
                #expect(response.header("Content-Type") == "text/html; charset=utf-8", "\(path)")
                #expect(response.text.contains("<html lang=\"\(language)\""), "\(path)")
                #expect(response.header("ETag") != nil, "\(path)")
            }
        }
        let swedish = try site.get("/sv/").text, english = try site.get("/en/").text
        #expect(swedish.contains("Fördröjd banksynkronisering"))
        #expect(english.contains("Delayed bank synchronisation"))
        #expect(english.contains("Server replacement"))
    }

    @Test func missingTranslationShowsTheOtherLanguageWithANote() throws {
        let site = try Self.seeded()
        let page = try site.get("/en/incidents/2").text
        #expect(page.contains("Långsam inloggning"))
        #expect(page.contains("lang=\"sv\""))
    }

    @Test func rootNegotiatesLanguage() throws {
        let site = try Self.seeded()
        let english = try site.get("/", headers: [("Accept-Language", "en-GB,en;q=0.9,sv;q=0.5")])
        #expect(english.status == 302)
        #expect(english.header("Location") == "/en/")
        #expect(try site.get("/", headers: [("Accept-Language", "de")]).header("Location") == "/sv/")
        #expect(try site.get("/").header("Location") == "/sv/")
        let remembered = try site.get("/", headers: [("Accept-Language", "sv"), ("Cookie", "driftstatus_lang=en")])
        #expect(remembered.header("Location") == "/en/")
    }

    @Test func languageSwitchRemembersTheChoiceAndKeepsThePage() throws {
        let site = try Self.seeded()
        let response = try site.get("/language/en?to=/incidents/1")
        #expect(response.status == 303)
        #expect(response.header("Location") == "/en/incidents/1")
        #expect(response.header("Set-Cookie")?.hasPrefix("driftstatus_lang=en;") == true)
        // Never an open redirect.
        #expect(try site.get("/language/sv?to=//evil.example/").header("Location") == "/sv/")
        #expect(try site.get("/language/sv?to=https://evil.example/").header("Location") == "/sv/")
    }

    @Test func errorsAreProperPagesInTheReadersLanguage() throws {
        let site = try Self.seeded()
        let missing = try site.get("/en/incidents/999")
        #expect(missing.status == 404)
        #expect(missing.text.contains("<html lang=\"en\""))
        let swedishMissing = try site.get("/sv/nothing-here")
        #expect(swedishMissing.status == 404)
        #expect(swedishMissing.text.contains("<html lang=\"sv\""))
        #expect(try site.get("/nothing", headers: [("Accept-Language", "en")]).text.contains("<html lang=\"en\""))
        #expect(try site.get("/sv/incidents/abc").status == 400)
        #expect(try site.get("/en/history/2026-13").status == 400)
        #expect(try site.get("/en/history/2027-01").status == 404)
        #expect(try site.get("/en/history/1999-01").status == 404)
        let post = try site.client.send("POST", "/en/", body: Array("x=1".utf8))
        #expect(post.status == 405)
        #expect(post.header("Allow") == "GET, HEAD")
        #expect(post.text.contains("<html lang=\"en\""))
    }

    @Test func conditionalGetAndGzip() throws {
        let site = try Self.seeded()
        let first = try site.get("/sv/")
        let etag = try #require(first.header("ETag"))
        #expect(try site.get("/sv/", headers: [("If-None-Match", etag)]).status == 304)
        #expect(try site.get("/sv/", headers: [("If-None-Match", etag)]).body.isEmpty)
        let lastModified = try #require(first.header("Last-Modified"))
        #expect(try site.get("/sv/", headers: [("If-Modified-Since", lastModified)]).status == 304)
        let zipped = try site.get("/sv/", headers: [("Accept-Encoding", "gzip, br")])
        #expect(zipped.header("Content-Encoding") == "gzip")
        #expect(zipped.body.count < first.body.count / 2)
        #expect(try site.get("/sv/", headers: [("Accept-Encoding", "gzip;q=0")]).header("Content-Encoding") == nil)
    }

    @Test func headHasNoBody() throws {
        let site = try Self.seeded()
        let head = try site.client.send("HEAD", "/en/")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
    }

    @Test func pagesLoadNothingFromOtherHosts() throws {
        let site = try Self.seeded()
        for path in ["/sv/", "/en/incidents/1", "/en/history"] {
            let html = try site.get(path).text
            for attribute in ["src=\"", "href=\""] {
                for part in html.components(separatedBy: attribute).dropFirst() {
                    let url = String(part.prefix { $0 != "\"" })
                    let external = url.hasPrefix("http") || url.hasPrefix("//")
                    #expect(!external || url.hasPrefix("http://127.0.0.1:8080/"), "\(path): \(url)")
                }
            }
        }
    }

    @Test func assetsAreServedWithLongLifetimesWhenVersioned() throws {
        let site = try Self.seeded()
        let html = try site.get("/en/").text
        let css = try #require(html.components(separatedBy: "href=\"").first { $0.hasPrefix("/assets/style.css") }?.prefix { $0 != "\"" })
        let response = try site.get(String(css).replacingOccurrences(of: "&amp;", with: "&"))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/css; charset=utf-8")
        #expect(response.header("Cache-Control")?.contains("immutable") == true)
        #expect(try site.get("/assets/nope.css").status == 404)
    }
}

@Suite struct AssetConditionalTests {
    @Test func assetsAnswerBothConditionalsAndGzip() throws {
        let site = try PublicSiteTests.seeded()
        let css = try site.get("/assets/style.css")
        let etag = try #require(css.header("ETag"))
        let lastModified = try #require(css.header("Last-Modified"))
        #expect(try site.get("/assets/style.css", headers: [("If-None-Match", etag)]).status == 304)
        #expect(try site.get("/assets/style.css", headers: [("If-Modified-Since", lastModified)]).status == 304)
        #expect(try site.get("/assets/style.css", headers: [("Accept-Encoding", "gzip")]).header("Content-Encoding") == "gzip")
    }
}
