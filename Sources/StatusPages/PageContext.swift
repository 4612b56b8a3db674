import Foundation
import StatusModel

/// What a page needs to know about the request it answers, beyond the data it shows.
public struct PageContext: Sendable {
    public var language: LanguageCode
    public var now: Date
    /// The page's path after the language segment: "/", "/history", "/history/2026-09", "/incidents/12".
    public var pathWithoutLanguage: String
    /// A short content hash appended as `?v=` to asset URLs so they can be cached for a long time.
    public var assetVersion: String
    /// Live server: switcher links go through "/language/{code}?to=..." so the app can remember the
    /// choice in a cookie. Static export: plain links to "/{code}{path}".
    public var rememberLanguageChoice: Bool

    public init(language: LanguageCode, now: Date, pathWithoutLanguage: String, assetVersion: String, rememberLanguageChoice: Bool) {
        self.language = language; self.now = now; self.pathWithoutLanguage = pathWithoutLanguage
        self.assetVersion = assetVersion; self.rememberLanguageChoice = rememberLanguageChoice
    }
}
