import Foundation
import StatusModel

extension PageRenderer {
    /// The front page: overall banner, active incidents, maintenance, components with 90-day
    /// uptime, upcoming maintenance and the last 14 days of incidents.
    public func home(_ snapshot: StatusSnapshot, context: PageContext) throws -> String {
        let localizer = localizer(context.language)
        let view = HomeView(snapshot: snapshot, context: context, localizer: localizer, urls: urls)
        return try renderPage(template: "home", title: localizer["home_title"], content: view, context: context)
    }

    public func incident(_ incident: Incident, components: [Component], context: PageContext) throws -> String {
        let localizer = localizer(context.language)
        let view = IncidentView(incident, directory: ComponentDirectory(components), localizer: localizer, urls: urls)
        let page = IncidentPageView(incident: view, homeHref: urls.home(context.language), t: localizer.strings.values)
        return try renderPage(template: "incident", title: view.title.text, content: page, context: context)
    }

    public func maintenance(_ maintenance: Maintenance, components: [Component], context: PageContext) throws -> String {
        let localizer = localizer(context.language)
        let view = MaintenanceView(maintenance, now: context.now, directory: ComponentDirectory(components), localizer: localizer, urls: urls)
        let page = MaintenancePageView(view, language: context.language, urls: urls, localizer: localizer)
        return try renderPage(template: "maintenance", title: view.title.text, content: page, context: context)
    }

    /// One month of the archive; `newer`/`older` nil means no link in that direction.
    public func history(month: YearMonth, incidents: [Incident], maintenances: [Maintenance], components: [Component],
                        newer: YearMonth?, older: YearMonth?, context: PageContext) throws -> String {
        let localizer = localizer(context.language)
        let view = HistoryView(month: month, incidents: incidents, maintenances: maintenances, components: components,
                               newer: newer, older: older, context: context, localizer: localizer, urls: urls)
        return try renderPage(template: "history", title: view.monthHeading, content: view, context: context)
    }

    /// A friendly page for an HTTP error status; statuses without their own wording get a generic one.
    /// `textKey` replaces the status's usual explanation (a 403 for a form sent from another site).
    public func error(status: Int, textKey: String? = nil, context: PageContext) throws -> String {
        let localizer = localizer(context.language)
        let known = UIKey.errorStatuses.contains(status)
        let view = ErrorPageView(
            errorTitle: localizer[known ? UIKey.errorTitle(status) : "error_generic_title"],
            errorText: localizer[textKey ?? (known ? UIKey.errorText(status) : "error_generic_text")],
            errorCode: localizer.format("error_code", ["status": String(status)]),
            homeHref: urls.home(context.language), t: localizer.strings.values)
        return try renderPage(template: "error", title: view.errorTitle, content: view, context: context, isErrorPage: true)
    }
}
