import StatusModel
import StatusPages
import Testing
@testable import StatusSite

@Suite struct RouterTests {
    let router = Router(languages: [.swedish, .english])

    @Test func publicPages() throws {
        #expect(router.route("/") == .root)
        #expect(router.route("/sv/") == .home(.swedish))
        #expect(router.route("/en/history") == .history(.english, nil))
        #expect(router.route("/en/history/2026-09") == .history(.english, YearMonth(year: 2026, month: 9)))
        #expect(router.route("/sv/incidents/42") == .incident(.swedish, 42))
        #expect(router.route("/en/maintenance/7") == .maintenance(.english, 7))
        #expect(router.route("/assets/style.css") == .asset("style.css"))
        #expect(router.route("/language/en") == .chooseLanguage(.english))
    }

    @Test func canonicalSlashes() {
        #expect(router.route("/sv") == .redirect("/sv/"))
        #expect(router.route("/en/history/") == .redirect("/en/history"))
    }

    @Test func malformedAddressesAreBadRequests() {
        #expect(router.route("/sv/incidents/abc") == .badRequest(.swedish))
        #expect(router.route("/sv/incidents/0") == .badRequest(.swedish))
        #expect(router.route("/sv/incidents/-3") == .badRequest(.swedish))
        #expect(router.route("/sv/incidents/007") == .badRequest(.swedish))
        #expect(router.route("/en/history/2026-13") == .badRequest(.english))
        #expect(router.route("/en/maintenance/99999999999999999999") == .badRequest(.english))
    }

    @Test func unknownAddressesAreNotFound() {
        #expect(router.route("/de/") == .notFound(nil))
        #expect(router.route("/SV/") == .notFound(nil))
        #expect(router.route("/sv/nothing") == .notFound(.swedish))
        #expect(router.route("/assets/../Package.swift") == .notFound(nil))
        #expect(router.route("/assets/.hidden") == .notFound(nil))
        #expect(router.route("/language/de") == .notFound(nil))
    }
}

@Suite struct LanguageNegotiationTests {
    let negotiation = LanguageNegotiation(languages: [.swedish, .english])

    @Test func qValuesDecide() {
        #expect(negotiation.choose(acceptLanguage: "en-GB,en;q=0.9,sv;q=0.8", cookie: nil) == .english)
        #expect(negotiation.choose(acceptLanguage: "en;q=0.5, sv-SE;q=0.9", cookie: nil) == .swedish)
        #expect(negotiation.choose(acceptLanguage: "de-DE, en;q=0.3", cookie: nil) == .english)
    }

    @Test func swedishWhenNothingMatches() {
        #expect(negotiation.choose(acceptLanguage: nil, cookie: nil) == .swedish)
        #expect(negotiation.choose(acceptLanguage: "de, fr;q=0.8", cookie: nil) == .swedish)
        #expect(negotiation.choose(acceptLanguage: "en;q=0", cookie: nil) == .swedish)
        #expect(negotiation.choose(acceptLanguage: ";;;,q=,", cookie: nil) == .swedish)
        #expect(negotiation.choose(acceptLanguage: "*", cookie: nil) == .swedish)
    }

    @Test func explicitChoiceWins() {
        #expect(negotiation.choose(acceptLanguage: "sv", cookie: "a=b; driftstatus_lang=en") == .english)
        #expect(negotiation.choose(acceptLanguage: "en", cookie: "driftstatus_lang=de") == .english)
    }
}
