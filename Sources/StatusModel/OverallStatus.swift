import Foundation

/// The one-line answer to "is it down?" shown in the banner at the top of the page.
public enum OverallStatus: String, CaseIterable, Sendable, Codable {
    case operational
    case maintenance
    case degradedPerformance = "degraded_performance"
    case partialOutage = "partial_outage"
    case majorOutage = "major_outage"

    /// Statuspage's `status.indicator` for the same state.
    public var indicator: String {
        switch self {
        case .operational: "none"
        case .maintenance: "maintenance"
        case .degradedPerformance: "minor"
        case .partialOutage: "major"
        case .majorOutage: "critical"
        }
    }
}

/// The rules that turn stored facts into what the page says. Pure functions of their inputs.
public enum StatusRules {
    /// A component's status as customers see it at `now`: the worst of the status staff set,
    /// "under maintenance" while a window covering it is in progress, and its firing alerts
    /// (those staff have not overridden since, see `AlertOverlay`).
    public static func effectiveStatus(of component: Component, maintenances: [Maintenance], alerts: AlertOverlay = AlertOverlay(),
                                       at now: Date) -> ComponentStatus {
        let inMaintenance = maintenances.contains {
            $0.componentIDs.contains(component.id) && $0.status(at: now) == .inProgress
        }
        var statuses = [component.status]
        if inMaintenance { statuses.append(.underMaintenance) }
        if let alerted = alerts.status(of: component.id) { statuses.append(alerted) }
        return ComponentStatus.worst(statuses)
    }

    /// What an active incident of this impact says about the whole service, for incidents
    /// posted without any component (staff under stress often skip that field).
    static func implied(by impact: IncidentImpact) -> ComponentStatus {
        switch impact {
        case .none: .operational
        case .minor: .degradedPerformance
        case .major: .partialOutage
        case .critical: .majorOutage
        }
    }

    /// The worst of the visible components' effective statuses and what the active incidents
    /// imply; "maintenance" only where nothing is worse.
    public static func overallStatus(components: [Component], incidents: [Incident], maintenances: [Maintenance],
                                     alerts: AlertOverlay = AlertOverlay(), at now: Date) -> OverallStatus {
        let visible = components.filter { !$0.isHidden }
        let visibleIDs = Set(visible.map(\.id))
        var statuses = visible.map { effectiveStatus(of: $0, maintenances: maintenances, alerts: alerts, at: now) }
        // An incident that names components speaks through their statuses; only one posted
        // without components (or only hidden ones) is judged by its impact.
        statuses += incidents
            .filter { $0.isActive && visibleIDs.isDisjoint(with: $0.componentIDs) }
            .map { implied(by: $0.impact) }
        // A window over hidden components only is invisible; one naming no component covers all.
        if maintenances.contains(where: { $0.status(at: now) == .inProgress && ($0.componentIDs.isEmpty || !visibleIDs.isDisjoint(with: $0.componentIDs)) }) {
            statuses.append(.underMaintenance)
        }
        switch ComponentStatus.worst(statuses) {
        case .operational: return .operational
        case .underMaintenance: return .maintenance
        case .degradedPerformance: return .degradedPerformance
        case .partialOutage: return .partialOutage
        case .majorOutage: return .majorOutage
        }
    }
}
