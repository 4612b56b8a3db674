/// The state of one component, with Statuspage's names so JSON clients understand it.
public enum ComponentStatus: String, CaseIterable, Sendable, Codable {
    case operational
    case underMaintenance = "under_maintenance"
    case degradedPerformance = "degraded_performance"
    case partialOutage = "partial_outage"
    case majorOutage = "major_outage"

    /// Higher is worse. Maintenance ranks just above operational: a real outage
    /// during a maintenance window must still be shown as an outage.
    public var severity: Int {
        switch self {
        case .operational: 0
        case .underMaintenance: 1
        case .degradedPerformance: 2
        case .partialOutage: 3
        case .majorOutage: 4
        }
    }

    public static func worst<S: Sequence>(_ statuses: S) -> ComponentStatus where S.Element == ComponentStatus {
        statuses.max(by: { $0.severity < $1.severity }) ?? .operational
    }
}
