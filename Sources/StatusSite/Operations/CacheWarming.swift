import Foundation
import HTTPServer
import StatusPages

extension SiteApplication {
    /// The requests answered at start: every language's home, history and feeds, and the
    /// Statuspage JSON documents. Rendered once, they stay in the cache as last good copies,
    /// so they keep answering even if the database fails before anyone asked for them.
    var warmUpRequests: [Request] {
        var requests: [Request] = []
        for language in settings.languages {
            for path in ["/\(language)/", "/\(language)/history"] + Self.feedFileNames.map({ "/\(language)/\($0)" }) {
                requests.append(Request(method: "GET", path: path))
            }
            for document in StatuspageDocument.allCases {
                requests.append(Request(method: "GET", path: "/api/v2/\(document.path)", query: [("lang", language.rawValue)]))
            }
        }
        return requests
    }

    /// Renders `warmUpRequests` into the cache; returns how many answered 200.
    @discardableResult
    public func warmUp() -> Int {
        warmUpRequests.filter { handle($0).status == 200 }.count
    }
}
