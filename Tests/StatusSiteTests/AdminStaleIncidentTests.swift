import Foundation
import SiteSettings
import StatusModel
import StatusStore
import Testing
import TestSupport

/// The dashboard banner for incidents without an update for `[notifications] stale_incident_minutes`,
/// and the staff language that reminder emails are written in.
@Suite("Admin: stale incidents and staff language")
struct AdminStaleIncidentTests {
    func site(minutes: Int = 60) throws -> TestSite {
        var settings = SiteSettings.defaults
        settings.notifications.staleIncidentPeriod = TimeInterval(minutes * 60)
        return try TestSite.withStaff(settings: settings)
    }

    func openIncident(_ site: TestSite) throws -> Incident {
        try site.store.createIncident(title: .both("Kortbetalningar <nere>", "Card payments <down>"), impact: .major,
                                      status: .investigating, body: .both("Vi undersöker", "Investigating"), componentChanges: [],
                                      at: site.clock.now, by: .system("test"))
    }

    @Test func theBannerShowsWhileAnIncidentIsStaleInTheAdminLanguageAndGoesAwayAfterAnUpdate() throws {
        let site = try site()
        let session = try site.signIn("editor@example.com")
        let incident = try openIncident(site)
        let start = site.clock.now

        site.clock.set(start.addingTimeInterval(59 * 60))
        #expect(!(try session.get("/admin/?lang=en").text.contains("Incidents without a recent update")), "not stale yet")

        site.clock.set(start.addingTimeInterval(75 * 60))
        let english = try session.get("/admin/?lang=en").text
        #expect(english.contains("Incidents without a recent update"))
        #expect(english.contains("Card payments &lt;down&gt;: no update for 75 minutes"), "escaped title and the minutes")
        #expect(english.contains("<a href=\"/admin/incidents/\(incident.id)\">Post an update</a>"))
        let swedish = try session.get("/admin/?lang=sv").text
        #expect(swedish.contains("Kortbetalningar &lt;nere&gt;: ingen uppdatering på 75 minuter"))
        #expect(swedish.contains(">Skriv en uppdatering</a>"))
        #expect(try session.get("/admin/?lang=sv").text.contains("ingen uppdatering på 75 minuter"), "shown on every visit, not once")

        _ = try site.store.addUpdate(incidentID: incident.id, status: .identified, body: .both("Hittat", "Found"), componentChanges: [],
                                     at: site.clock.now, by: .system("test"))
        #expect(!(try session.get("/admin/?lang=en").text.contains("no update for")), "an update ends it")
        site.clock.set(site.clock.now.addingTimeInterval(61 * 60))
        #expect(try session.get("/admin/?lang=en").text.contains("no update for 61 minutes"), "stale again a period after the update")

        _ = try site.store.addUpdate(incidentID: incident.id, status: .resolved, body: .both("Löst", "Fixed"), componentChanges: [],
                                     at: site.clock.now, by: .system("test"))
        site.clock.set(site.clock.now.addingTimeInterval(600 * 60))
        #expect(!(try session.get("/admin/?lang=en").text.contains("no update for")), "a resolved incident is never stale")
    }

    @Test func zeroMinutesShowsNoBanner() throws {
        let site = try site(minutes: 0)
        let session = try site.signIn("admin@example.com")
        _ = try openIncident(site)
        site.clock.set(site.clock.now.addingTimeInterval(24 * 3_600))
        #expect(!(try session.get("/admin/?lang=en").text.contains("no update for")))
    }

    @Test func adminsSetAStaffMembersLanguageOnTheAccountsPage() throws {
        let site = try site()
        let session = try site.signIn("admin@example.com")
        let editor = try #require(try site.store.user(email: "editor@example.com"))
        #expect(editor.language == nil)
        #expect(try session.get("/admin/users?lang=en").text.contains("Emails in: Swedish"), "the site's first language by default")

        let saved = try session.post("/admin/users/\(editor.id)/language", [("language", "en")])
        #expect(saved.status == 303)
        #expect(try site.store.user(id: editor.id)?.language == .english)
        #expect(try session.get("/admin/users?lang=en").text.contains("Emails in: English"))

        let refused = try session.post("/admin/users/\(editor.id)/language", [("language", "de")])
        #expect(refused.status == 422, "not a site language")
        #expect(try site.store.user(id: editor.id)?.language == .english)

        let added = try session.post("/admin/users", [("email", "ny@exempel.se"), ("name", "Ny"), ("role", "admin"),
                                                      ("password", "a long enough passphrase 42"), ("language", "en")])
        #expect(added.status == 303)
        #expect(try site.store.user(email: "ny@exempel.se")?.language == .english)

        let editorSession = try site.signIn("editor@example.com")
        #expect(try editorSession.post("/admin/users/\(editor.id)/language", [("language", "sv")]).status == 403, "admins only")
    }
}
