import Foundation
import StatusModel

struct HistoryDayView {
    let heading: DayHeadingView
    let dayIncidents: [IncidentView]
    let dayMaintenance: [MaintenanceView]
}

/// One month of the archive: days with something to report, newest first.
struct HistoryView {
    let monthHeading: String
    let days: [HistoryDayView]
    let newer: LinkView?
    let older: LinkView?
    let hasMonthNavigation: Bool
    let homeHref: String
    let t: [String: String]

    init(month: YearMonth, incidents: [Incident], maintenances: [Maintenance], components: [Component],
         newer: YearMonth?, older: YearMonth?, context: PageContext, localizer: Localizer, urls: SiteURLs) {
        let calendar = localizer.dates.calendar
        let directory = ComponentDirectory(components)
        let firstDay = LocalDay(year: month.year, month: month.month, day: 1)
        // Something that began before the month but reached into it is listed on its first day.
        func day(of date: Date) -> LocalDay? {
            let day = LocalDay(date, calendar: calendar)
            if month.contains(day) { return day }
            return day < firstDay ? firstDay : nil
        }
        var incidentsByDay: [LocalDay: [Incident]] = [:]
        for incident in incidents {
            if let key = day(of: incident.startedAt) { incidentsByDay[key, default: []].append(incident) }
        }
        var maintenanceByDay: [LocalDay: [Maintenance]] = [:]
        for maintenance in maintenances {
            if let key = day(of: maintenance.startsAt) { maintenanceByDay[key, default: []].append(maintenance) }
        }
        let allDays = Set(incidentsByDay.keys).union(maintenanceByDay.keys).sorted(by: >)
        days = allDays.map { key in
            HistoryDayView(
                heading: localizer.dayHeading(key),
                dayIncidents: (incidentsByDay[key] ?? []).sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
                    .map { IncidentView($0, directory: directory, localizer: localizer, urls: urls) },
                dayMaintenance: (maintenanceByDay[key] ?? []).sorted { ($0.startsAt, $0.id) > ($1.startsAt, $1.id) }
                    .map { MaintenanceView($0, now: context.now, directory: directory, localizer: localizer, urls: urls) })
        }
        let language = localizer.language
        monthHeading = localizer.format("history_month_title", ["month": localizer.dates.month(month)])
        self.newer = newer.map { LinkView(href: urls.history(language, month: $0), label: localizer.dates.month($0)) }
        self.older = older.map { LinkView(href: urls.history(language, month: $0), label: localizer.dates.month($0)) }
        hasMonthNavigation = newer != nil || older != nil
        homeHref = urls.home(language)
        t = localizer.strings.values
    }
}
