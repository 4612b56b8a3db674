import StatusModel
import StatusPages
import TestSupport
import Testing
@testable import StatusSite

/// `SiteRoute` parses and prints: every route's printed path parses back to the same route,
/// and the public pages print the addresses `SiteURLs` (the renderers' printer) links to.
@Suite struct SiteRouteTests {
    static let languages: [LanguageCode] = [.swedish, .english]

    static func parse(_ path: String) -> SiteRoute { SiteRoute(path: path, languages: languages) }

    /// At least one of every case, with the variants each carries.
    static var everyRoute: [SiteRoute] {
        var routes: [Route] = [.root, .chooseLanguage(.english), .home(.swedish), .history(.english, nil),
                               .history(.swedish, YearMonth(year: 2026, month: 9)), .incident(.swedish, 12), .maintenance(.english, 7),
                               .asset("style.css"), .health, .badge(BadgeAddress(format: .svg)),
                               .badge(BadgeAddress(componentSlug: "bank-sync", format: .json)),
                               .redirect("/sv/"), .redirect("/en/history"), .notFound(nil), .notFound(.english),
                               .badRequest(nil), .badRequest(.swedish)]
        for format in FeedAddress.Format.allCases {
            routes.append(.feed(FeedAddress(language: .swedish, format: format)))
        }
        routes.append(.feed(FeedAddress(language: .english, format: .atom, componentSlug: "bank-sync")))
        routes += [.calendar(CalendarAddress(language: .swedish)), .calendar(CalendarAddress(language: .english, componentSlug: "api"))]
        routes += StatuspageDocument.allCases.map(Route.statuspage)
        routes += [SubscriptionStep.form, .confirm, .unsubscribe].map { Route.subscription(.swedish, $0) }
        var all = routes.map(SiteRoute.publicSite)
        all += AdminRouteTests.every.map { SiteRoute.admin($0) }
        all += [.admin(nil), .metrics, .writeAPI(.unknown("/api/v1/nothing")), .writeAPI(.unknown("/api/v1"))]
        all += APIOperation.all.map { .writeAPI(.operation(template: $0.path, parameter: $0.parameterName.map { _ in "12" })) }
        all += [.statuspageV1(.page(id: "abc", resource: ["incidents"], json: false)),
                .statuspageV1(.page(id: "abc", resource: ["incidents", "unresolved"], json: true)),
                .statuspageV1(.page(id: "abc", resource: [], json: false)),
                .statuspageV1(.page(id: "abc", resource: ["components", "x"], json: false)),
                .statuspageV1(.other("/v1")), .statuspageV1(.other("/v1/incidents"))]
        return all
    }

    @Test func everyRouteParsesBackFromItsPath() {
        for route in Self.everyRoute {
            #expect(Self.parse(route.path) == route, "\(route) printed as \(route.path.debugDescription)")
        }
    }

    @Test func randomPathsParsePrintAndParseToTheSameRoute() {
        var random = FuzzRandom.seeded("site-route-round-trip", salt: 13)
        for iteration in 0..<5_000 {
            let path = PathBytesTests.randomPath(&random)
            let route = Self.parse(path)
            #expect(Self.parse(route.path) == route, "iteration \(iteration): \(path.debugDescription) -> \(route.path.debugDescription)")
        }
    }

    @Test func publicPagesPrintTheirCanonicalPath() {
        #expect(Route.incident(.swedish, 12).path == "/sv/incidents/12")
        #expect(Route.maintenance(.english, 7).path == "/en/maintenance/7")
        #expect(Route.home(.english).path == "/en/")
        #expect(Route.history(.swedish, YearMonth(year: 2026, month: 3)).path == "/sv/history/2026-03")
        #expect(Route.feed(FeedAddress(language: .swedish, format: .rss)).path == "/sv/feed.rss")
        #expect(Route.calendar(CalendarAddress(language: .english, componentSlug: "api")).path == "/en/components/api/maintenance.ics")
        #expect(Route.statuspage(.unresolvedIncidents).path == "/api/v2/incidents/unresolved.json")
        #expect(Route.subscription(.swedish, .confirm).path == "/sv/subscribe/confirm")
        #expect(SiteRoute.writeAPI(.operation(template: "/api/v1/incidents/{id}/updates", parameter: "9")).path == "/api/v1/incidents/9/updates")
        #expect(SiteRoute.statuspageV1(.page(id: "p", resource: ["incidents", "unresolved"], json: true)).path
            == "/v1/pages/p/incidents/unresolved.json")
    }

    /// The renderers (StatusPages, which cannot see `Route`) print links with `SiteURLs`: both
    /// printers must give the same addresses, with the base URL's path in front.
    @Test func siteURLsPrintTheSameAddresses() {
        for base in ["https://status.example.com", "https://example.com/status/"] {
            let urls = SiteURLs(baseURL: base)
            for language in Self.languages {
                let month = YearMonth(year: 2026, month: 9)
                let pairs: [(String, Route)] = [
                    (urls.home(language), .home(language)), (urls.history(language), .history(language, nil)),
                    (urls.history(language, month: month), .history(language, month)),
                    (urls.incident(language, id: 42), .incident(language, 42)),
                    (urls.maintenance(language, id: 7), .maintenance(language, 7)),
                    (urls.feed(language, format: "rss"), .feed(FeedAddress(language: language, format: .rss))),
                    (urls.feed(language, format: "atom"), .feed(FeedAddress(language: language, format: .atom))),
                    (urls.calendar(language), .calendar(CalendarAddress(language: language))),
                    (urls.page(language, "/subscribe"), .subscription(language, .form)),
                ]
                for (printed, route) in pairs {
                    #expect(printed == urls.basePath + route.path, "\(route)")
                }
            }
        }
    }

    @Test func areasAreParsedOnce() {
        #expect(Self.parse("/admin") == .admin(nil))
        #expect(Self.parse("/admin/incidents/3") == .admin(.incident(3)))
        #expect(Self.parse("/admin/nothing-here") == .admin(nil))
        #expect(Self.parse("/administrator") == .publicSite(.notFound(nil)))
        #expect(Self.parse("/api/v1/incidents/5") == .writeAPI(.operation(template: "/api/v1/incidents/{id}", parameter: "5")))
        #expect(Self.parse("/api/v1") == .writeAPI(.unknown("/api/v1")))
        #expect(Self.parse("/api/v1/incidents/") == .writeAPI(.unknown("/api/v1/incidents/")))
        #expect(Self.parse("/api/v1/incidents/5/updates") == .writeAPI(.operation(template: "/api/v1/incidents/{id}/updates", parameter: "5")))
        #expect(Self.parse("/api/v1/components") == .writeAPI(.operation(template: "/api/v1/components", parameter: nil)))
        #expect(Self.parse("/api/v2/summary.json") == .publicSite(.statuspage(.summary)))
        #expect(Self.parse("/v1/pages/abc/incidents.json") == .statuspageV1(.page(id: "abc", resource: ["incidents"], json: true)))
        #expect(Self.parse("/v1/pages") == .statuspageV1(.other("/v1/pages")))
        #expect(Self.parse("/metrics") == .metrics)
        #expect(Self.parse("/metrics/") == .publicSite(.notFound(nil)))
    }

    @Test func staffPolicyFollowsTheRoute() {
        for path in ["/admin", "/admin/login", "/api/v1/incidents", "/api/v1"] { #expect(Self.parse(path).isStaff, "\(path)") }
        for path in ["/", "/sv/", "/api/v2/summary.json", "/v1/pages/x/incidents", "/metrics", "/adminx", "/api/v1x"] {
            #expect(!Self.parse(path).isStaff, "\(path)")
        }
    }

    @Test func labelsComeFromTheParsedRoute() {
        #expect(RouteName.of("/sv") == .home)
        #expect(RouteName.of("/sv/history/") == .history)
        #expect(RouteName.of("/sv/incidents/12/") == .incident)
        #expect(RouteName.of("/sv/maintenance.ics") == .feed)
        #expect(RouteName.of("/sv/unsubscribe") == .subscription)
        #expect(RouteName.of("/badge/status.svg") == .other)
        #expect(RouteName.of("/v1/pages/x/incidents") == .other)
        #expect(RouteName.of("/sv/incidents/abc") == .other)
        #expect(RouteName.of("/api/v1/nothing") == .apiV1)
        #expect(RouteName.of("/api/v2/status.json") == .apiV2)
    }
}

extension RouteName {
    /// The label of a path on a Swedish and English site.
    static func of(_ path: String) -> RouteName {
        let router = Router(languages: SiteRouteTests.languages)
        return RouteName(SiteRoute(path: path, router: router), router: router)
    }
}
