import Foundation
import StatusModel
import StatusPages

/// The absolute links emails carry. The routes behind them live in StatusSite's public pages.
public struct SubscriptionLinks: Sendable {
    let urls: SiteURLs

    public init(baseURL: String) { urls = SiteURLs(baseURL: baseURL) }

    public static func confirmPath(token: String) -> String { "/subscribe/confirm?token=\(token)" }
    public static func unsubscribePath(token: String) -> String { "/unsubscribe?token=\(token)" }

    public func confirm(_ language: LanguageCode, token: String) -> String {
        urls.absolutePage(language, Self.confirmPath(token: token))
    }

    /// Also the List-Unsubscribe target: a POST to it unsubscribes at once (RFC 8058).
    public func unsubscribe(_ language: LanguageCode, token: String) -> String {
        urls.absolutePage(language, Self.unsubscribePath(token: token))
    }

    /// Host part for Message-IDs.
    public var host: String { URL(string: urls.absolutePage(.english, "/"))?.host ?? "driftstatus.invalid" }
}
