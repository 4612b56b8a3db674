/// The public documents of Atlassian Statuspage's API v2 that Driftstatus serves under `/api/v2/`.
///
/// Followed: the "API" documentation page every Statuspage-hosted page publishes at `/api`
/// (e.g. https://confluence.status.atlassian.com/api, "Summary", "Status", "Components",
/// "Incidents", "Scheduled Maintenances"), and for top-level status wording
/// https://support.atlassian.com/statuspage/docs/top-level-status-and-incident-impact-calculations/
public enum StatuspageDocument: String, CaseIterable, Sendable {
    case summary, status, components, incidents, unresolvedIncidents
    case scheduledMaintenances, upcomingMaintenances, activeMaintenances

    /// The path below `/api/v2/`, exactly as Statuspage names it.
    public var path: String {
        switch self {
        case .summary: "summary.json"
        case .status: "status.json"
        case .components: "components.json"
        case .incidents: "incidents.json"
        case .unresolvedIncidents: "incidents/unresolved.json"
        case .scheduledMaintenances: "scheduled-maintenances.json"
        case .upcomingMaintenances: "scheduled-maintenances/upcoming.json"
        case .activeMaintenances: "scheduled-maintenances/active.json"
        }
    }

    /// The document served at `path` (below `/api/v2/`), if any.
    public init?(path: String) {
        guard let match = Self.allCases.first(where: { $0.path == path }) else { return nil }
        self = match
    }
}
