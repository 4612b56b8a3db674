import Foundation
import Testing
import StatusModel

@Suite("Notification values")
struct NotificationValueTests {
    @Test(arguments: ["kund@example.se", "  Kund.Namn+status@Sub.Example.COM ", "a@b.co", "o'brien@example.ie"])
    func acceptsOrdinaryAddresses(_ raw: String) {
        #expect(EmailAddress(raw) != nil)
    }

    @Test(arguments: ["", "plain", "@example.se", "kund@", "kund@localhost", "kund@example..se", "kund@-example.se",
                      "kund..namn@example.se", ".kund@example.se", "kund@example.123", "kund@exämple.se", "kund@example.se\r\nBcc: x@y.z",
                      "\"quoted\"@example.se", "a b@example.se", String(repeating: "a", count: 65) + "@example.se"])
    func refusesAnythingElse(_ raw: String) {
        #expect(EmailAddress(raw) == nil)
    }

    @Test func lowercasesOnlyTheDomain() throws {
        #expect(try #require(EmailAddress(" Kund@Example.SE ")).value == "Kund@example.se")
    }

    @Test func filtersLetSiteWideEventsThrough() {
        #expect(ComponentFilter.all.matches(componentIDs: [3]))
        #expect(ComponentFilter(componentIDs: []) == .all)
        let bank = ComponentFilter(componentIDs: [1])
        #expect(bank.matches(componentIDs: [1, 2]))
        #expect(!bank.matches(componentIDs: [2]))
        #expect(bank.matches(componentIDs: []))
        #expect(ComponentFilter.only([]).matches(componentIDs: []) && !ComponentFilter.only([]).matches(componentIDs: [1]))
    }

    @Test func retryDelaysDoubleUpToTheCapThenGiveUp() {
        let policy = RetryPolicy(firstDelay: 30, maximumDelay: 3_600, maximumAttempts: 12)
        let start = Date(timeIntervalSince1970: 0)
        let delays = (1...11).map { policy.nextAttempt(afterFailedAttempts: $0, at: start, jitter: 0.5)!.timeIntervalSince(start) }
        #expect(delays.prefix(4) == [30, 60, 120, 240])
        #expect(delays.last == 3_600)
        #expect(policy.nextAttempt(afterFailedAttempts: 12, at: start, jitter: 0.5) == nil)
        let early = policy.nextAttempt(afterFailedAttempts: 1, at: start, jitter: 0)!.timeIntervalSince(start)
        let late = policy.nextAttempt(afterFailedAttempts: 1, at: start, jitter: 1)!.timeIntervalSince(start)
        #expect(abs(early - 24) < 0.001 && abs(late - 36) < 0.001)
    }

    @Test func onlyHTTPWebhookURLsWithAHostAreAccepted() {
        #expect(WebhookSubscription.isAcceptableURL("https://hooks.example.com/status?x=1"))
        #expect(WebhookSubscription.isAcceptableURL("http://127.0.0.1:8080/hook"))
        for bad in ["ftp://example.com", "https://", "javascript:alert(1)", "https://user:pw@example.com/", "https://exa mple.com", "/relative"] {
            #expect(!WebhookSubscription.isAcceptableURL(bad), "\(bad)")
        }
    }

    @Test func eventsRoundTripThroughJSON() throws {
        let incident = Incident(id: 4, title: LocalizedText([.swedish: "Banken"]), impact: .major, status: .investigating,
                                startedAt: Date(timeIntervalSince1970: 1_000), componentIDs: [2], updates: [])
        let subject = NotificationSubject.incident(incident, update: nil)
        let decoded = try JSONDecoder().decode(NotificationSubject.self, from: try JSONEncoder().encode(subject))
        #expect(decoded == subject)
    }
}
