import Foundation
import StatusModel
import Testing
@testable import StatusPages

@Suite struct NotificationEmailTests {
    /// The text part with its wrapping undone, for sentences that may span lines.
    static func flat(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }

    static let emailedKinds = NotificationEventKind.allCases.filter(\.isEmailed)

    /// The subject after "[site] " for every emailed kind, in Swedish and English.
    static let expectedSubjects: [NotificationEventKind: (sv: String, en: String)] = [
        .incidentCreated: ("Undersöker: Banksynkroniseringen fungerar inte", "Investigating: Bank synchronisation is down"),
        .incidentUpdated: ("Orsaken identifierad: Banksynkroniseringen fungerar inte", "Identified: Bank synchronisation is down"),
        .incidentResolved: ("Åtgärdat: Banksynkroniseringen fungerar inte", "Resolved: Bank synchronisation is down"),
        .incidentPostmortem: ("Efteranalys: Banksynkroniseringen fungerar inte", "Postmortem: Bank synchronisation is down"),
        .maintenanceScheduled: ("Planerat underhåll: Uppgradering av databasen", "Planned maintenance: Database upgrade"),
        .maintenanceUpdated: ("Ändrat underhåll: Uppgradering av databasen", "Maintenance changed: Database upgrade"),
        .maintenanceStarted: ("Underhållet har börjat: Uppgradering av databasen", "Maintenance started: Database upgrade"),
        .maintenanceCompleted: ("Underhållet är klart: Uppgradering av databasen", "Maintenance completed: Database upgrade"),
        .maintenanceCancelled: ("Underhållet är inställt: Uppgradering av databasen", "Maintenance cancelled: Database upgrade"),
        .maintenanceReminder: ("Påminnelse om planerat underhåll: Uppgradering av databasen",
                               "Reminder of planned maintenance: Database upgrade"),
    ]

    @Test(arguments: emailedKinds, [LanguageCode.swedish, .english])
    func everyEmailedKindRendersInBothLanguages(kind: NotificationEventKind, language: LanguageCode) throws {
        let renderer = try NotificationFixtures.renderer()
        let event = NotificationFixtures.event(for: kind)
        let email = try renderer.email(for: event, language: language, unsubscribeURL: NotificationFixtures.unsubscribe)
        let expected = try #require(Self.expectedSubjects[kind])
        let swedish = language == .swedish
        #expect(email.subject == (swedish ? "[Driftstatus] \(expected.sv)" : "[Service status] \(expected.en)"))
        #expect(email.html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language)\">"))
        // The permalink is absolute and in the email's language; the unsubscribe link is in both parts.
        let isIncident = kind.rawValue.hasPrefix("incident")
        let permalink = "https://status.example.se/\(language)/" + (isIncident ? "incidents/12" : "maintenance/3")
        #expect(email.text.contains(permalink))
        #expect(email.html.contains("href=\"\(permalink)\""))
        #expect(email.text.contains(NotificationFixtures.unsubscribe))
        #expect(email.html.contains("href=\"https://status.example.se/unsubscribe?token=abc&amp;lang=sv\""))
        #expect(email.text.contains(swedish ? "Avsluta prenumerationen (en knapp, ingen inloggning)" : "Unsubscribe (one button, no sign-in)"))
        #expect(Self.flat(email.text).contains(swedish ? "eftersom du prenumererar på statusuppdateringar från Driftstatus"
                                            : "because you subscribed to status updates from Service status"))
        #expect(!email.html.contains("{{") && !email.text.contains("{{") && !email.text.contains("email_"))
        // No external resources: the only URLs are links.
        #expect(!email.html.contains("<img") && !email.html.contains("<link") && !email.html.contains("<script"))
        if isIncident {
            #expect(email.text.contains(swedish ? "Påverkan: Större påverkan" : "Impact: Major impact"))
        } else {
            #expect(email.text.contains(swedish ? "När: 26 september 2026 kl. 18:00 – 27 september kl. 06:00 (CEST)"
                                                : "When: 26 September 2026, 18:00 – 27 September, 06:00 CEST"))
        }
    }

    @Test func incidentEmailSaysWhatHappenedWithStatusImpactAndComponents() throws {
        let email = try NotificationFixtures.renderer().email(for: NotificationFixtures.incidentEvent(.incidentUpdated), language: .english,
                                                              unsubscribeURL: NotificationFixtures.unsubscribe)
        let text = email.text
        #expect(text.hasPrefix("Bank synchronisation is down\n\nThere is news about an ongoing problem.\n\nThe cause is found.\n"))
        #expect(text.contains("Status: Identified\nImpact: Major impact\nPosted: 23 November 2026, 10:30 CET\n"))
        #expect(text.contains("Affected services:\n- Bank synchronisation: Major outage\n"))
        #expect(text.contains("All times are shown in"))
        #expect(email.html.contains("<li>Bank synchronisation: Major outage</li>"))
    }

    @Test func hiddenComponentsAreLeftOut() throws {
        // Component 4 is hidden and named by the incident.
        let renderer = try NotificationFixtures.renderer()
        for language in [LanguageCode.swedish, .english] {
            let email = try renderer.email(for: NotificationFixtures.incidentEvent(.incidentCreated), language: language,
                                           unsubscribeURL: NotificationFixtures.unsubscribe)
            for secret in ["Hemlig", "Secret"] {
                #expect(!email.text.contains(secret) && !email.html.contains(secret))
            }
        }
        var window = Fixtures.septemberWindow
        window.componentIDs = [4]
        let email = try renderer.email(for: NotificationFixtures.maintenanceEvent(.maintenanceScheduled, maintenance: window),
                                       language: .english, unsubscribeURL: NotificationFixtures.unsubscribe)
        #expect(!email.text.contains("Secret") && !email.text.contains("Affected services"))
    }

    @Test func staffTextIsEscapedInHTMLAndLiteralInText() throws {
        let hostile = #"<script>alert("x")</script> & <b>Tom's</b>"#
        var incident = Fixtures.activeIncident
        incident.title = LocalizedText([.english: hostile, .swedish: hostile])
        incident.updates[1].body = LocalizedText([.english: hostile + "\nsecond line", .swedish: hostile])
        let email = try NotificationFixtures.renderer().email(for: NotificationFixtures.incidentEvent(.incidentUpdated, incident: incident),
                                                              language: .english, unsubscribeURL: NotificationFixtures.unsubscribe)
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Tom&#39;s&lt;/b&gt;"
        #expect(email.html.contains("<h1 style=\"margin:0 0 8px;font-size:22px;line-height:1.3;\">\(escaped)</h1>"))
        #expect(email.html.contains(escaped + "<br>\nsecond line"))
        #expect(email.html.contains("<title>[Service status] Identified: \(escaped)</title>"))
        #expect(!email.html.contains("<script") && !email.html.contains("<b>"))
        #expect(email.text.hasPrefix(hostile + "\n"))
        #expect(email.text.contains("\n\n" + hostile + "\nsecond line\n"))
        #expect(!email.text.contains("&lt;") && !email.text.contains("&amp;"))
        #expect(email.subject == "[Service status] Identified: " + hostile)
    }

    @Test func subjectStaysOneLine() throws {
        var incident = Fixtures.activeIncident
        incident.title = LocalizedText([.english: "Broken\r\nBcc: victim@example.com\u{2028}now"])
        let email = try NotificationFixtures.renderer().email(for: NotificationFixtures.incidentEvent(.incidentUpdated, incident: incident),
                                                              language: .english, unsubscribeURL: NotificationFixtures.unsubscribe)
        #expect(email.subject == "[Service status] Identified: Broken Bcc: victim@example.com now")
    }

    /// Stored before bidi controls were refused: the subject and the webhook payload carry none.
    @Test func subjectsAndWebhookPayloadsCarryNoBidiControls() throws {
        var incident = Fixtures.activeIncident
        incident.title = LocalizedText([.english: "Invoice \u{202E}gnp.exe \u{2066}x\u{2069}"])
        let event = NotificationFixtures.incidentEvent(.incidentUpdated, incident: incident)
        let renderer = try NotificationFixtures.renderer()
        let email = try renderer.email(for: event, language: .english, unsubscribeURL: NotificationFixtures.unsubscribe)
        #expect(email.subject == "[Service status] Identified: Invoice gnp.exe x")
        let payload = String(decoding: renderer.webhookPayload(for: event, language: .english), as: UTF8.self)
        #expect(payload.contains("Invoice gnp.exe x"))
        #expect(!payload.unicodeScalars.contains { TextRules.isBidiControl($0) } && !payload.contains("\\u202"))
    }

    @Test func summerAndWinterTimesNameTheirZone() throws {
        let renderer = try NotificationFixtures.renderer()
        for (instant, english, swedish) in [
            ("2026-07-15T10:00:00Z", "15 July 2026, 12:00 CEST", "15 juli 2026 kl. 12:00 (CEST)"),
            ("2026-01-15T10:00:00Z", "15 January 2026, 11:00 CET", "15 januari 2026 kl. 11:00 (CET)"),
        ] {
            var incident = Fixtures.activeIncident
            incident.updates[1].createdAt = Fixtures.date(instant)
            let event = NotificationFixtures.incidentEvent(.incidentUpdated, incident: incident)
            let en = try renderer.email(for: event, language: .english, unsubscribeURL: NotificationFixtures.unsubscribe)
            let sv = try renderer.email(for: event, language: .swedish, unsubscribeURL: NotificationFixtures.unsubscribe)
            #expect(en.text.contains("Posted: \(english)"))
            #expect(en.html.contains(english))
            #expect(sv.text.contains("Publicerat: \(swedish)"))
        }
    }

    @Test func missingTranslationFallsBackWithANote() throws {
        var incident = Fixtures.activeIncident
        incident.title = LocalizedText([.english: "Bank synchronisation is down"])
        incident.updates[1].body = LocalizedText([.english: "The cause is found."])
        let email = try NotificationFixtures.renderer().email(for: NotificationFixtures.incidentEvent(.incidentUpdated, incident: incident),
                                                              language: .swedish, unsubscribeURL: NotificationFixtures.unsubscribe)
        #expect(email.text.hasPrefix("Bank synchronisation is down (Endast tillgängligt på engelska)\n"))
        #expect(email.text.contains("(Endast tillgängligt på engelska)\nThe cause is found.\n"))
        #expect(email.html.contains("<span lang=\"en\">Bank synchronisation is down</span>"))
        #expect(email.html.contains("<div lang=\"en\""))
        #expect(email.subject == "[Driftstatus] Orsaken identifierad: Bank synchronisation is down")
    }

    @Test func componentUpdatesAreNotEmailed() throws {
        let renderer = try NotificationFixtures.renderer()
        #expect(throws: NotificationRendererError.notEmailed(.componentUpdated)) {
            try renderer.email(for: NotificationFixtures.event(for: .componentUpdated), language: .english, unsubscribeURL: "x")
        }
    }

    @Test func confirmationEmailCarriesTheLinkAndItsExpiry() throws {
        let renderer = try NotificationFixtures.renderer()
        let link = "https://status.example.se/subscriptions/confirm?token=t0k&x=1"
        let expires = Fixtures.date("2026-11-25T11:00:00Z")
        let en = try renderer.confirmationEmail(language: .english, confirmURL: link, componentNames: [], expiresAt: expires)
        #expect(en.subject == "[Service status] Confirm your subscription")
        #expect(en.text.contains("\n" + link + "\n"))
        #expect(en.html.contains("href=\"https://status.example.se/subscriptions/confirm?token=t0k&amp;x=1\""))
        #expect(en.text.contains("The link works until 25 November 2026, 12:00 CET."))
        #expect(Self.flat(en.text).contains("affecting: all services."))
        let sv = try renderer.confirmationEmail(language: .swedish, confirmURL: link, componentNames: ["Inloggning", "Fakturering"],
                                                expiresAt: expires)
        #expect(sv.subject == "[Driftstatus] Bekräfta din prenumeration")
        #expect(sv.text.contains("Länken fungerar till 25 november 2026 kl. 12:00 (CET)."))
        #expect(Self.flat(sv.text).contains("berör: Inloggning, Fakturering."))
        #expect(!sv.text.contains("Avsluta prenumerationen"))
    }

    @Test func textPartIsWrappedWithoutBreakingLinks() throws {
        var incident = Fixtures.activeIncident
        let long = String(repeating: "Vi arbetar med att återställa banksynkroniseringen för alla kunder. ", count: 6)
            + "Se https://example.se/en/very/long/path/that/should/never/be/broken/across/lines/at/all?x=1"
        incident.updates[1].body = LocalizedText([.swedish: long])
        let email = try NotificationFixtures.renderer().email(for: NotificationFixtures.incidentEvent(.incidentUpdated, incident: incident),
                                                              language: .swedish, unsubscribeURL: NotificationFixtures.unsubscribe)
        for line in email.text.split(separator: "\n") where line.contains(" ") {
            #expect(line.count <= PlainText.width, "too long: \(line)")
        }
        #expect(email.text.contains("\nhttps://example.se/en/very/long/path/that/should/never/be/broken/across/lines/at/all?x=1\n"))
        #expect(!email.text.contains("\n\n\n") && email.text.hasSuffix("\n") && !email.text.hasSuffix("\n\n"))
        #expect(PlainText.wrap("- " + String(repeating: "word ", count: 20), width: 20).dropFirst().allSatisfy { $0.hasPrefix("  word") })
    }

    @Test func maintenanceCompletedEarlyShowsTheActualEnd() throws {
        var window = Fixtures.septemberWindow
        window.completedAt = Fixtures.date("2026-09-27T01:00:00Z")
        let email = try NotificationFixtures.renderer().email(for: NotificationFixtures.maintenanceEvent(.maintenanceCompleted, maintenance: window),
                                                              language: .english, unsubscribeURL: NotificationFixtures.unsubscribe)
        #expect(email.text.contains("When: 26 September 2026, 18:00 – 27 September, 03:00 CEST"))
        #expect(email.text.contains("Status: Completed"))
        #expect(email.text.contains("The service is unavailable."))
        #expect(email.text.contains("Affected services:\n- Login\n- Invoicing\n"))
    }

    /// A postmortem email: formatted HTML part, plain-text part with `- ` items and the link spelled out.
    @Test func postmortemEmailCarriesThePostInBothForms() throws {
        let email = try NotificationFixtures.renderer().email(for: NotificationFixtures.postmortemEvent(), language: .english,
                                                               unsubscribeURL: NotificationFixtures.unsubscribe)
        #expect(email.html.contains("<h4>What happened</h4>"))
        #expect(email.html.contains("<ul>\n<li>The database</li>\n<li><a href=\"https://tech.example.com/a\">The blog</a></li>\n</ul>"))
        #expect(email.text.contains("What happened\n\n- The database\n- The blog (https://tech.example.com/a)"))
        #expect(!email.text.contains("##") && !email.text.contains("]("))
    }
}
