import Foundation
import HTTPServer
import Logging
import SiteSettings
import StatusModel
import StatusPages
import StatusStore

/// The staff UI at `/admin/...`: sign-in, publishing forms, components, accounts, tokens,
/// webhooks, subscribers, notifications, audit. Reads come from the store; every change goes
/// through `Publishing`, `StaffAuth`, `AlertIntake`, `Webhooks` or `EmailSubscriptions`. `SiteApplication` builds
/// one and hands it every request below /admin (`AdminRoute.isAdminArea`); the handlers throw,
/// and `failure` (AdminFailures.swift) is the one place a thrown error becomes a page.
final class AdminUI: Sendable {
    let settings: SiteSettings
    /// Reads only (lists, forms, previews): writes go through the use cases below.
    let reads: StatusStore
    /// Staff sign-in, sessions, accounts, tokens and CSRF.
    let auth: StaffAuth
    let publishing: Publishing
    /// Alert drafts published or discarded from the dashboard.
    let alerts: AlertIntake
    let webhooks: Webhooks
    /// Email subscribers staff may remove.
    let subscriptions: EmailSubscriptions
    /// Staff strings, page layout and the public-page previews.
    let renderer: PageRenderer
    /// Baked into the stylesheet and script links of every admin page.
    let assetVersion: String
    let negotiation: LanguageNegotiation
    /// Refuses form posts a browser sent from another site.
    let crossSite: CrossSiteCheck
    /// Caps on admin form bodies.
    let formLimits: FormLimits
    let clock: @Sendable () -> Date
    /// Failures staff are not shown the details of, with the request id.
    let logger: Logger

    static let languageCookie = "driftstatus_admin_lang"
    /// The 429 pages for sign-ins held to their Retry-After, one per language (`tooEarlyResponse`).
    let tooEarlyResponses = BusyResponses()

    init(settings: SiteSettings, reads: StatusStore, auth: StaffAuth, publishing: Publishing, alerts: AlertIntake,
         webhooks: Webhooks, subscriptions: EmailSubscriptions, renderer: PageRenderer, assetVersion: String, negotiation: LanguageNegotiation,
         crossSite: CrossSiteCheck, formLimits: FormLimits, clock: @escaping @Sendable () -> Date, logger: Logger) {
        self.settings = settings; self.reads = reads; self.auth = auth; self.publishing = publishing; self.alerts = alerts
        self.webhooks = webhooks; self.subscriptions = subscriptions; self.renderer = renderer; self.assetVersion = assetVersion; self.negotiation = negotiation
        self.crossSite = crossSite; self.formLimits = formLimits; self.clock = clock; self.logger = logger
    }

    var languages: [LanguageCode] { settings.languages }

    /// Every request whose path `AdminRoute.isAdminArea`. Never cached; the security headers (no
    /// framing, strict CSP) are added for every response in one place, `OperationalSite`.
    func handle(_ request: Request) -> Response {
        let (language, languageCookie) = language(for: request)
        var response = route(request, language: language, now: clock())
        if let languageCookie { response.headers.add("Set-Cookie", languageCookie) }
        response.headers.replace("Cache-Control", "no-store")
        return response
    }

    /// `?lang=xx` switches (and is remembered in a cookie for /admin), then the cookie,
    /// then `Accept-Language`, then the site's default language.
    func language(for request: Request) -> (LanguageCode, String?) {
        if let asked = request.queryValue("lang").flatMap(LanguageCode.init), settings.languages.contains(asked) {
            let cookie = "\(Self.languageCookie)=\(asked); Path=/admin; Max-Age=31536000; HttpOnly; SameSite=Lax"
                + (request.isSecure ? "; Secure" : "")
            return (asked, cookie)
        }
        if let saved = cookieValue(named: Self.languageCookie, in: request.headers.values(for: "Cookie"))
            .flatMap(LanguageCode.init), settings.languages.contains(saved) {
            return (saved, nil)
        }
        return (negotiation.preferred(acceptLanguage: request.headers["Accept-Language"]) ?? settings.defaultLanguage, nil)
    }
}
