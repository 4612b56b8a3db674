import Foundation
import StatusModel

/// Looks components up by id for "affected" lists and status changes; hidden ones stay hidden.
struct ComponentDirectory {
    private let byID: [Int64: Component]

    init(_ components: [Component]) {
        byID = Dictionary(components.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func visible(_ id: Int64) -> Component? {
        guard let component = byID[id], !component.isHidden else { return nil }
        return component
    }

    func names(_ ids: [Int64], _ localizer: Localizer) -> [TextView] {
        var seen = Set<Int64>()
        return ids.filter { seen.insert($0).inserted }.compactMap(visible).map { localizer.title($0.name) }
    }
}

struct ComponentChangeView {
    let componentName: TextView
    let changeStatus: StatusView
}

struct UpdateView {
    let updateStatus: String
    let postedAt: TimeView
    let message: BodyView?
    let changes: [ComponentChangeView]
    let hasChanges: Bool
}

/// An incident as shown on the home page and on its permalink.
struct IncidentView {
    let href: String
    let title: TextView
    let impact: StatusView
    let impactClass: String
    let incidentStatus: String
    let isResolved: Bool
    let affected: [TextView]
    let hasAffected: Bool
    let startedAt: TimeView
    let resolvedAt: TimeView?
    let duration: String?
    let updates: [UpdateView]
    let hasUpdates: Bool
    let postmortem: PostmortemView?

    init(_ incident: Incident, directory: ComponentDirectory, localizer: Localizer, urls: SiteURLs) {
        href = urls.incident(localizer.language, id: incident.id)
        title = localizer.title(incident.title)
        impact = Self.impactView(incident.impact, localizer)
        impactClass = incident.impact.rawValue
        incidentStatus = localizer[UIKey.incidentStatus(incident.status)]
        isResolved = !incident.isActive
        affected = directory.names(incident.componentIDs, localizer)
        hasAffected = !affected.isEmpty
        startedAt = localizer.time(incident.startedAt)
        let resolved = incident.isActive ? nil : incident.resolvedAt
        resolvedAt = resolved.map(localizer.time)
        duration = resolved.map { localizer.duration($0.timeIntervalSince(incident.startedAt)) }
        // Newest first: a customer wants the latest word at the top. Equal times keep posting order.
        let ordered = incident.updates.enumerated().sorted {
            ($0.element.createdAt, $0.offset) > ($1.element.createdAt, $1.offset)
        }.map(\.element)
        updates = ordered.map { update in
            let changes = update.componentChanges.compactMap { change -> ComponentChangeView? in
                guard let component = directory.visible(change.componentID) else { return nil }
                return ComponentChangeView(componentName: localizer.title(component.name),
                                           changeStatus: StatusView(kind: change.status.rawValue, label: localizer[UIKey.componentStatus(change.status)]))
            }
            return UpdateView(updateStatus: localizer[UIKey.incidentStatus(update.status)], postedAt: localizer.time(update.createdAt),
                              message: localizer.body(update.body), changes: changes, hasChanges: !changes.isEmpty)
        }
        hasUpdates = !updates.isEmpty
        postmortem = incident.postmortem.flatMap { PostmortemView($0, localizer: localizer) }
    }

    /// Impact shares the icon of the component status it implies, so it too has a shape.
    static func impactView(_ impact: IncidentImpact, _ localizer: Localizer) -> StatusView {
        let kind: ComponentStatus = switch impact {
        case .none: .operational
        case .minor: .degradedPerformance
        case .major: .partialOutage
        case .critical: .majorOutage
        }
        return StatusView(kind: kind.rawValue, label: localizer[UIKey.impact(impact)])
    }
}

/// A published postmortem under its own heading on the incident's page.
struct PostmortemView {
    let postmortemBody: BodyView
    let postmortemPublished: TimeView
    let postmortemEdited: TimeView?

    init?(_ postmortem: Postmortem, localizer: Localizer) {
        guard let body = localizer.body(postmortem.body) else { return nil }
        postmortemBody = body
        postmortemPublished = localizer.time(postmortem.publishedAt)
        postmortemEdited = postmortem.lastPublishedAt > postmortem.publishedAt ? localizer.time(postmortem.lastPublishedAt) : nil
    }
}

/// A maintenance window as shown on the home page, the archive and its permalink.
struct MaintenanceView {
    let href: String
    let title: TextView
    let maintenanceStatus: StatusView
    let window: WindowView
    let affected: [TextView]
    let hasAffected: Bool
    let description: BodyView?

    init(_ maintenance: Maintenance, now: Date, directory: ComponentDirectory, localizer: Localizer, urls: SiteURLs) {
        href = urls.maintenance(localizer.language, id: maintenance.id)
        title = localizer.title(maintenance.title)
        let status = maintenance.status(at: now)
        let kind = switch status {
        case .scheduled, .inProgress: "maintenance"
        case .completed: "operational"
        case .cancelled: "cancelled"
        }
        maintenanceStatus = StatusView(kind: kind, label: localizer[UIKey.maintenanceStatus(status)])
        // A window finished early shows when it really ended.
        let end = status == .completed ? maintenance.actualEnd : maintenance.endsAt
        window = localizer.window(from: maintenance.startsAt, to: end)
        affected = directory.names(maintenance.componentIDs, localizer)
        hasAffected = !affected.isEmpty
        description = localizer.body(maintenance.body)
    }
}
