import Foundation
import StatusModel

struct ComponentView {
    let componentName: TextView
    let componentDescription: TextView?
    let componentStatus: StatusView
    let uptime: UptimeView
}

struct GroupView {
    let groupName: TextView
    let groupStatus: StatusView
    let isOpen: Bool
    let members: [ComponentView]
}

/// One entry of the components list: a group or a component outside any group.
struct ComponentListItem {
    let groupEntry: GroupView?
    let componentEntry: ComponentView?
}

struct PastDayView {
    let heading: DayHeadingView
    let dayIncidents: [IncidentView]
    // Stored, not computed: Mustache reads fields through Mirror.
    let hasDayIncidents: Bool

    init(heading: DayHeadingView, dayIncidents: [IncidentView]) {
        self.heading = heading; self.dayIncidents = dayIncidents; hasDayIncidents = !dayIncidents.isEmpty
    }
}

struct BannerView {
    let bannerKind: String
    let headline: String
    let icon: String
}

/// Everything home.mustache shows.
struct HomeView {
    let banner: BannerView
    let activeIncidents: [IncidentView]
    let maintenanceInProgress: [MaintenanceView]
    let componentItems: [ComponentListItem]
    let upcomingMaintenance: [MaintenanceView]
    let pastDays: [PastDayView]
    let historyHref: String
    let t: [String: String]
    let hasActiveIncidents: Bool
    let hasMaintenanceInProgress: Bool
    let hasUpcomingMaintenance: Bool

    static let pastDayCount = 14

    init(snapshot: StatusSnapshot, context: PageContext, localizer: Localizer, urls: SiteURLs) {
        let now = context.now
        let directory = ComponentDirectory(snapshot.components)
        let calendar = localizer.dates.calendar

        let overall = StatusRules.overallStatus(components: snapshot.components, incidents: snapshot.incidents,
                                                maintenances: snapshot.maintenances, alerts: snapshot.alerts, at: now)
        let bannerKind = overall == .maintenance ? "maintenance" : overall.rawValue
        banner = BannerView(bannerKind: bannerKind, headline: localizer[UIKey.overall(overall)], icon: StatusIcon.svg(bannerKind))

        activeIncidents = snapshot.incidents.filter(\.isActive)
            .sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
            .map { IncidentView($0, directory: directory, localizer: localizer, urls: urls) }

        let maintenanceView = { (m: Maintenance) in MaintenanceView(m, now: now, directory: directory, localizer: localizer, urls: urls) }
        maintenanceInProgress = snapshot.maintenances.filter { $0.status(at: now) == .inProgress }
            .sorted { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) }.map(maintenanceView)
        upcomingMaintenance = snapshot.maintenances.filter { $0.status(at: now) == .scheduled }
            .sorted { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) }.map(maintenanceView)

        componentItems = Self.componentItems(snapshot: snapshot, now: now, calendar: calendar, localizer: localizer)
        pastDays = Self.pastDays(snapshot: snapshot, now: now, calendar: calendar, directory: directory, localizer: localizer, urls: urls)
        historyHref = urls.history(localizer.language)
        t = localizer.strings.values
        hasActiveIncidents = !activeIncidents.isEmpty
        hasMaintenanceInProgress = !maintenanceInProgress.isEmpty
        hasUpcomingMaintenance = !upcomingMaintenance.isEmpty
    }

    /// Groups and ungrouped components in one list ordered by position; hidden components and
    /// groups left without visible members are omitted.
    static func componentItems(snapshot: StatusSnapshot, now: Date, calendar: Calendar, localizer: Localizer) -> [ComponentListItem] {
        let visible = snapshot.components.filter { !$0.isHidden }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
        let groupIDs = Set(snapshot.groups.map(\.id))
        func view(_ component: Component) -> (ComponentView, ComponentStatus) {
            let status = StatusRules.effectiveStatus(of: component, maintenances: snapshot.maintenances, alerts: snapshot.alerts, at: now)
            let history = UptimeCalculator.history(for: component, incidents: snapshot.incidents, maintenances: snapshot.maintenances,
                                                   days: UptimeView.days, now: now, calendar: calendar)
            let view = ComponentView(componentName: localizer.title(component.name), componentDescription: localizer.text(component.description),
                                     componentStatus: StatusView(kind: status.rawValue, label: localizer[UIKey.componentStatus(status)]),
                                     uptime: UptimeView(history: history, localizer: localizer))
            return (view, status)
        }
        var entries: [(position: Int, order: Int, item: ComponentListItem)] = []
        for group in snapshot.groups {
            let members = visible.filter { $0.groupID == group.id }.map(view)
            guard !members.isEmpty else { continue }
            let worst = ComponentStatus.worst(members.map(\.1))
            let groupView = GroupView(groupName: localizer.title(group.name),
                                      groupStatus: StatusView(kind: worst.rawValue, label: localizer[UIKey.componentStatus(worst)]),
                                      isOpen: !group.isCollapsed, members: members.map(\.0))
            entries.append((group.position, 0, ComponentListItem(groupEntry: groupView, componentEntry: nil)))
        }
        for component in visible where component.groupID.map({ !groupIDs.contains($0) }) ?? true {
            entries.append((component.position, 1, ComponentListItem(groupEntry: nil, componentEntry: view(component).0)))
        }
        return entries.enumerated().sorted { ($0.element.position, $0.element.order, $0.offset) < ($1.element.position, $1.element.order, $1.offset) }
            .map(\.element.item)
    }

    /// Today and the 13 days before it, newest first, each with the incidents that started that day.
    static func pastDays(snapshot: StatusSnapshot, now: Date, calendar: Calendar, directory: ComponentDirectory,
                         localizer: Localizer, urls: SiteURLs) -> [PastDayView] {
        let today = LocalDay(now, calendar: calendar)
        let byDay = Dictionary(grouping: snapshot.incidents) { LocalDay($0.startedAt, calendar: calendar) }
        return (0..<pastDayCount).map { offset in
            let day = today.adding(days: -offset, in: calendar)
            let incidents = (byDay[day] ?? []).sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
            return PastDayView(heading: localizer.dayHeading(day),
                               dayIncidents: incidents.map { IncidentView($0, directory: directory, localizer: localizer, urls: urls) })
        }
    }
}
