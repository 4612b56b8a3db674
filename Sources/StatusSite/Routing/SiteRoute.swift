import StatusModel

/// Every address the site answers, parsed once per request and printed back with `path`:
/// dispatch (`SiteApplication.handle`), the lanes, the metrics label and the security policy
/// all read this one value instead of testing path prefixes each on their own.
/// Each front-end owns its part: `Route` (public), `APIRoute` (`/api/v1`),
/// `StatuspageV1Address` (`/v1`), `AdminRoute` (`/admin`).
enum SiteRoute: Equatable, Sendable {
    case publicSite(Route)
    /// `/admin` and everything below it; nil for `/admin` itself and addresses the admin UI
    /// does not have (it answers those with its own redirect or 404 page).
    case admin(AdminRoute?)
    case writeAPI(APIRoute)
    case statuspageV1(StatuspageV1Address)
    /// `/metrics` (served by `OperationalSite`).
    case metrics

    /// Runs on every request: reads the path's bytes (`PathBytes`) once; only the public router's
    /// routes that carry text, and the rarely asked API paths, make Strings.
    init(path: String, languages: [LanguageCode]) {
        self.init(path: path, router: Router(languages: languages))
    }

    init(path: String, router: Router) {
        var contiguous = path
        self = contiguous.withUTF8 { bytes in
            guard PathBytes.startsWithSlash(bytes) else { return .publicSite(.badRequest(nil)) }
            let segments = PathBytes(bytes)
            if segments.segment(0, is: "admin") { return .admin(AdminRoute(path: path)) }
            if segments.segment(0, is: "api") && segments.segment(1, is: "v1") { return .writeAPI(APIRoute(path: path)) }
            if segments.segment(0, is: "v1") { return .statuspageV1(StatuspageV1Address(path: path)) }
            if segments.count == 1 && segments.segment(0, is: "metrics") { return .metrics }
            return .publicSite(router.route(segments))
        }
    }

    /// The path this route is parsed from: parse(print(r)) == r.
    var path: String {
        switch self {
        case .publicSite(let route): route.path
        case .admin(let route): route?.path ?? "/admin"
        case .writeAPI(let route): route.path
        case .statuspageV1(let address): address.path
        case .metrics: "/metrics"
        }
    }

    /// Staff-only areas: they get the strict security policy (`SecurityHeaders`).
    var isStaff: Bool {
        switch self {
        case .admin, .writeAPI: true
        case .publicSite, .statuspageV1, .metrics: false
        }
    }
}
