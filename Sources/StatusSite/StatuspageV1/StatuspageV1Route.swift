/// The paths below `/v1/pages/{page_id}/` this front-end knows, as Statuspage names them.
enum StatuspageV1Route: Equatable {
    enum IncidentList: String, CaseIterable {
        case unresolved, scheduled, upcoming
        case activeMaintenance = "active_maintenance"
    }

    case incidents
    case incidentList(IncidentList)
    case incident(String)
    case incidentUpdate(incident: String, update: String)
    case components
    case component(String)
    /// A Statuspage resource Driftstatus does not implement: answered 501 with its name.
    case unsupported(String)
    case unknown

    /// Resources of Statuspage's v1 API below a page that are deliberately not served.
    static let unsupportedResources: [String: String] = [
        "subscribers": "subscribers", "metrics": "metrics", "metric_providers": "metric providers",
        "incident_templates": "incident templates", "page_access_users": "page access users",
        "page_access_groups": "page access groups", "component_groups": "component groups",
        "status_embed_config": "the status embed configuration",
    ]

    /// `segments`: the path after `/v1/pages/{page_id}`, split at "/".
    init(_ segments: [Substring]) {
        let parts = segments.map(String.init)
        switch parts.count {
        case 0:
            self = .unsupported("reading or changing the page itself")
        case 1 where parts[0] == "incidents":
            self = .incidents
        case 1 where parts[0] == "components":
            self = .components
        case 2 where parts[0] == "incidents":
            self = IncidentList(rawValue: parts[1]).map(Self.incidentList) ?? .incident(parts[1])
        case 2 where parts[0] == "components":
            self = .component(parts[1])
        case 3 where parts[0] == "incidents" && parts[2] == "incident_updates":
            self = .unsupported("listing or adding incident updates by this path (PATCH the incident instead)")
        case 4 where parts[0] == "incidents" && parts[2] == "incident_updates":
            self = .incidentUpdate(incident: parts[1], update: parts[3])
        case 3 where parts[0] == "incidents" && parts[2] == "postmortem":
            self = .unsupported("postmortems through v1 (use /api/v1/incidents/{id}/postmortem)")
        case 3 where parts[0] == "incidents" && parts[2] == "subscribers":
            self = .unsupported("incident subscribers")
        case 3 where parts[0] == "components" && parts[2] == "uptime":
            self = .unsupported("component uptime through v1 (the public pages show it)")
        default:
            if let name = Self.unsupportedResources[parts[0]] {
                self = .unsupported(name)
            } else {
                self = .unknown
            }
        }
    }

    /// The methods each route answers (HEAD goes with GET).
    var methods: [String] {
        switch self {
        case .incidents: ["GET", "POST"]
        case .incidentList, .components: ["GET"]
        case .incident: ["GET", "PATCH", "PUT", "DELETE"]
        case .incidentUpdate: ["PATCH", "PUT"]
        case .component: ["GET", "PATCH", "PUT"]
        case .unsupported, .unknown: []
        }
    }
}

/// A path below `/v1`, parsed once per request (`SiteRoute`) and printed back with `path`.
enum StatuspageV1Address: Equatable, Sendable {
    /// `/v1/pages/{page_id}/...`: `resource` is the segments after the page id, with the ".json"
    /// Statuspage also accepts on the last segment ("/incidents/unresolved.json") taken off (`json`).
    case page(id: String, resource: [String], json: Bool)
    /// Any other path below `/v1` (answered 404).
    case other(String)

    init(path: String) {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2)
        var json = false
        if let last = segments.last, last.hasSuffix(".json") {
            segments[segments.endIndex - 1] = last.dropLast(5)
            json = true
        }
        guard segments.count >= 2, segments.first == "pages" else {
            self = .other(path)
            return
        }
        self = .page(id: String(segments[segments.startIndex + 1]), resource: segments.dropFirst(2).map(String.init), json: json)
    }

    /// The resource below the page; `.unknown` for `.other`.
    var route: StatuspageV1Route {
        guard case .page(_, let resource, _) = self else { return .unknown }
        return StatuspageV1Route(resource.map { Substring($0) })
    }

    var path: String {
        switch self {
        case .page(let id, let resource, let json):
            return "/v1/pages/" + ([id] + resource).joined(separator: "/") + (json ? ".json" : "")
        case .other(let path):
            return path
        }
    }
}
