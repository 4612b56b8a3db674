import Foundation
import SiteSettings
import StatusModel
import StatusStore
import Testing
import TestSupport

@Suite("Public subscription pages")
struct PublicSubscriptionTests {
    static var mailSettings: SiteSettings {
        var settings = SiteSettings.defaults
        settings.notifications = NotificationSettings(smtpHost: "127.0.0.1", smtpPort: 2525, smtpSecurity: .none)
        return settings
    }

    let form = [("Content-Type", "application/x-www-form-urlencoded")]

    func site() throws -> TestSite {
        try TestSite(now: testNow, settings: Self.mailSettings) { store in
            _ = try store.createComponent(slug: "bank", groupID: nil, name: .both("Banksynk", "Bank sync"), description: LocalizedText(),
                                          position: nil, status: .operational, isHidden: false, createdAt: testNow, by: .system("t"))
            _ = try store.createComponent(slug: "intern", groupID: nil, name: .both("Intern", "Internal"), description: LocalizedText(),
                                          position: nil, status: .operational, isHidden: true, createdAt: testNow, by: .system("t"))
        }
    }

    func token(_ site: TestSite, _ email: String) throws -> String? {
        try site.store.emailSubscribers(matching: email).first.flatMap { _ in
            try site.store.dueDeliveries(at: .distantFuture, limit: 100).compactMap { delivery -> String? in
                if case .email(let subscriber, let token) = delivery.recipient, subscriber.email.value == email { return token }
                return nil
            }.first
        }
    }

    @Test func theFormIsOfferedInBothLanguagesWithVisibleComponentsOnly() throws {
        let site = try site()
        let swedish = try site.get("/sv/subscribe")
        #expect(swedish.status == 200)
        #expect(swedish.text.contains("Få besked via e-post") && swedish.text.contains("Banksynk"))
        #expect(!swedish.text.contains("Intern"))
        #expect(swedish.header("Cache-Control") == "no-store")
        #expect(try site.get("/en/subscribe").text.contains("Get updates by email"))
        #expect(try site.get("/sv/").text.contains("href=\"/sv/subscribe\""), "the pages link to it")
    }

    @Test func withoutARelayThereIsNoSubscriptionAndNoLink() throws {
        let site = try TestSite(now: testNow)
        #expect(try site.get("/sv/subscribe").status == 404)
        #expect(!(try site.get("/sv/").text.contains("/sv/subscribe")))
    }

    @Test func subscribingConfirmingAndUnsubscribingWithOneRequest() throws {
        let site = try site()
        let bank = try #require(try site.store.components().first { $0.slug == "bank" })
        let answer = try site.client.send("POST", "/sv/subscribe", headers: form,
                                          body: "email=Kund%40Exempel.se&language=en&component=\(bank.id)&component=999")
        #expect(answer.status == 202)
        #expect(answer.text.contains("bekräftelselänk"))
        let subscriber = try #require(try site.store.emailSubscribers().first)
        #expect(subscriber.email.value == "Kund@exempel.se" && subscriber.language == .english)
        #expect(subscriber.filter == .only([bank.id]) && !subscriber.isConfirmed)

        // The same answer for an address that is already there: nothing is revealed.
        let again = try site.client.send("POST", "/sv/subscribe", headers: form, body: "email=kund%40exempel.se")
        #expect(again.status == 202 && again.text == answer.text.replacingOccurrences(of: answer.text, with: again.text))
        #expect(again.text.contains("bekräftelselänk"))

        let token = try #require(try token(site, "Kund@exempel.se"))
        #expect(try site.get("/en/subscribe/confirm?token=wrong").status == 404)
        #expect(try site.client.send("POST", "/en/subscribe/confirm", headers: form, body: "token=wrong").status == 404)
        // The email's link shows one button; the GET alone confirms nobody (mail scanners follow links).
        let button = try site.get("/en/subscribe/confirm?token=\(token)")
        #expect(button.status == 200 && button.text.contains("Confirm your subscription") && button.text.contains("Kund@exempel.se"))
        #expect(button.text.contains("<form method=\"post\" action=\"/en/subscribe/confirm\">"))
        #expect(button.text.contains("name=\"token\" value=\"\(token)\""))
        #expect(try site.store.emailSubscribers().first?.isConfirmed == false)
        let confirmed = try site.client.send("POST", "/en/subscribe/confirm", headers: form, body: "token=\(token)")
        #expect(confirmed.status == 200 && confirmed.text.contains("Subscription confirmed"))
        #expect(try site.store.emailSubscribers().first?.isConfirmed == true)
        #expect(try site.get("/en/subscribe/confirm?token=\(token)").text.contains("Subscription confirmed"), "a second visit says so")

        // The link in the email shows a button; the GET alone unsubscribes nobody (mail scanners follow links).
        let page = try site.get("/en/unsubscribe?token=\(token)")
        #expect(page.status == 200 && page.text.contains("Kund@exempel.se"))
        #expect(try site.store.emailSubscribers().count == 1)
        // RFC 8058 one-click: one POST to the List-Unsubscribe address.
        let oneClick = try site.client.send("POST", "/en/unsubscribe?token=\(token)", headers: form, body: "List-Unsubscribe=One-Click")
        #expect(oneClick.status == 200)
        #expect(try site.store.emailSubscribers().isEmpty)
        #expect(try site.get("/en/unsubscribe?token=\(token)").status == 404)
    }

    @Test func anExpiredLinkSaysSoAndOffersToStartAgain() throws {
        let site = try site()
        _ = try site.client.send("POST", "/sv/subscribe", headers: form, body: "email=sen%40exempel.se")
        let token = try #require(try token(site, "sen@exempel.se"))
        site.clock.set(testNow.addingTimeInterval(49 * 3_600))
        let expired = try site.get("/sv/subscribe/confirm?token=\(token)")
        #expect(expired.status == 410 && expired.text.contains("Länken har gått ut") && expired.text.contains("href=\"/sv/subscribe\""))
        let pressedLate = try site.client.send("POST", "/sv/subscribe/confirm", headers: form, body: "token=\(token)")
        #expect(pressedLate.status == 410 && pressedLate.text.contains("Länken har gått ut"))
        #expect(try site.store.emailSubscribers().first?.isConfirmed == false)
    }

    @Test func badAddressesKeepTheInputAndAreEscaped() throws {
        let site = try site()
        let answer = try site.client.send("POST", "/en/subscribe", headers: form, body: "email=%3Cscript%3Ex&language=sv")
        #expect(answer.status == 422)
        #expect(answer.text.contains("value=\"&lt;script&gt;x\"") && !answer.text.contains("<script>x"))
        #expect(answer.text.contains("aria-invalid=\"true\""))
        #expect(answer.text.contains("value=\"sv\" checked"), "the chosen language is kept")
        #expect(try site.store.emailSubscribers().isEmpty)
        #expect(try site.client.send("POST", "/en/subscribe", headers: form, body: "email=%ZZ").status == 400)
        #expect(try site.client.send("PUT", "/en/subscribe", headers: form, body: "").status == 405)
    }

    @Test func theFormIsRateLimitedPerClientAndBotsAreIgnored() throws {
        let site = try site()
        let honeypot = try site.client.send("POST", "/sv/subscribe", headers: form, body: "email=bot%40example.com&website=http%3A%2F%2Fspam")
        #expect(honeypot.status == 202)
        #expect(try site.store.emailSubscribers().isEmpty)
        var statuses: [Int] = []
        for index in 0..<6 {
            statuses.append(try site.client.send("POST", "/sv/subscribe", headers: form, body: "email=a\(index)%40example.com").status)
        }
        #expect(statuses == [202, 202, 202, 202, 202, 429])
        #expect(try site.store.emailSubscribers().count == 5)
    }
}
