import Foundation
import StatusModel

/// What the operator configures about the site: read once at start from `driftstatus.toml`
/// and `DRIFTSTATUS_*` environment variables (see `SettingsLoader`).
public struct SiteSettings: Sendable, Equatable {
    /// The site's name, e.g. "Exempel Ekonomi"; may differ per language.
    public var name: LocalizedText
    /// Absolute http(s) URL without trailing slash, used for feeds and permalinks.
    public var baseURL: String
    /// Times are stored in UTC and shown in this zone.
    public var timeZone: TimeZone
    /// Non-empty, no duplicates; the first is the default language.
    public var languages: [LanguageCode]
    /// An http(s) or mailto: link where customers get help.
    public var supportURL: String?
    /// A path under `public/` (e.g. "logo.svg"), or nil for the bundled default logo.
    public var logoPath: String?
    /// Email relay and the notification sender's timing.
    public var notifications: NotificationSettings
    /// `[http] trusted_proxies`: addresses and networks whose `X-Forwarded-For` names the client.
    public var trustedProxies: [String] = []
    /// `[cache] purge_urls`: caches sent `PURGE` with the changed pages' tags after every change.
    public var purgeURLs: [String] = []
    /// How an object-storage mirror reaches its bucket.
    public var mirrorS3 = MirrorS3Settings()
    /// `[[alert_rules]]`: which Alertmanager/Grafana alerts move which component.
    public var alertRules: [AlertRule] = []
    /// The file the rules came from, for errors found at serve start (an unknown component).
    public var alertRulesFile: String?
    /// `statuspage_page_id`: the `{page_id}` of the Statuspage REST API v1 paths (`/v1/pages/{page_id}/...`).
    public var statuspagePageID = SiteSettings.defaultStatuspagePageID
    public static let defaultStatuspagePageID = "driftstatus"

    public init(name: LocalizedText, baseURL: String, timeZone: TimeZone, languages: [LanguageCode],
                supportURL: String? = nil, logoPath: String? = nil, notifications: NotificationSettings = NotificationSettings()) {
        self.name = name; self.baseURL = baseURL; self.timeZone = timeZone; self.languages = languages
        self.supportURL = supportURL; self.logoPath = logoPath; self.notifications = notifications
    }

    public static let defaults = SiteSettings(
        name: LocalizedText([.swedish: "Driftstatus", .english: "Driftstatus"]),
        baseURL: "http://127.0.0.1:8080",
        // Foundation ships tzdata's Europe/Stockholm; `?? .gmt` only keeps this free of force-unwraps.
        timeZone: TimeZone(identifier: "Europe/Stockholm") ?? .gmt,
        languages: [.swedish, .english]
    )

    public var defaultLanguage: LanguageCode { languages[0] }
}
