import Foundation
import HTTPServer
import Logging
import StatusModel
import Testing
@testable import StatusSite

/// Each front-end has one error path: refusals the reader is told about are answered and not
/// logged; anything else is answered without details and logged with the request id.
@Suite struct FrontEndErrorPathTests {
    struct Broken: Error {}

    static func capturingLog() -> (FailureLog, LogCapture) {
        let capture = LogCapture()
        return (FailureLog(logger: Logger(label: "driftstatus") { _ in CapturingLogHandler(capture: capture) }), capture)
    }

    @Test func failureLogKeepsTheUnexpectedWithTheRequestID() {
        let (log, capture) = Self.capturingLog()
        let request = Request(method: "POST", path: "/api/v1/incidents", id: RequestID(0x2a))
        log.record(PublishingError.forbidden, request)
        log.record(PublishingError.notFound("incident 3"), request)
        #expect(capture.lines.isEmpty)
        log.record(Broken(), request)
        log.record(PublishingError.unavailable("disk I/O error"), request)
        #expect(capture.lines.count == 2)
        #expect(capture.lines.allSatisfy { $0.contains("request failed") && $0.contains("id=\(request.id)") })
        #expect(capture.lines.last?.contains("disk I/O error") == true)
    }

    @Test func publicFailuresAreLocalisedPagesAndOnlyTheUnexpectedAreLogged() throws {
        let site = try PublicSiteTests.seeded()
        let shared = site.application.publicSite
        let (log, capture) = Self.capturingLog()
        let publicSite = PublicSite(settings: shared.settings, store: shared.store, cache: shared.cache,
                                    renderers: .init(pages: shared.renderer, feeds: shared.feeds, calendars: shared.calendars,
                                                     badges: shared.badges, statuspage: shared.statuspage),
                                    assets: shared.assets, clock: shared.clock, calendar: shared.calendar, isStaticExport: false,
                                    securityHeaders: shared.securityHeaders, crossSite: shared.crossSite, failures: log,
                                    subscriptions: shared.subscriptions)
        let request = Request(method: "GET", path: "/sv/incidents/99", id: RequestID(7))
        let missing = publicSite.failure(PageDoesNotExist(), language: .swedish, request: request)
        #expect(missing.status == 404)
        #expect(missing.headers["Content-Language"] == "sv")
        #expect(capture.lines.isEmpty)
        let broken = publicSite.failure(Broken(), language: .english, request: request)
        #expect(broken.status == 503)
        #expect(broken.headers["Content-Language"] == "en")
        #expect(capture.lines.count == 1 && capture.lines[0].contains("id=\(request.id)"))
    }
}
