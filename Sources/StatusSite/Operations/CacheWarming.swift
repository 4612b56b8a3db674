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
            for route in [Route.home(language), .history(language, nil)] + PublicSite.feedRoutes(language) {
                requests.append(Request(method: "GET", path: route.path))
            }
            for document in StatuspageDocument.allCases {
                requests.append(Request(method: "GET", path: Route.statuspage(document).path, query: [("lang", language.rawValue)]))
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
