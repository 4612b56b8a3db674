import StatusModel

struct IncidentPageView {
    let incident: IncidentView
    let homeHref: String
    let t: [String: String]
}

struct MaintenancePageView {
    let maintenance: MaintenanceView
    let homeHref: String
    let calendarHref: String
    let webcalHref: String?
    let t: [String: String]

    init(_ maintenance: MaintenanceView, language: LanguageCode, urls: SiteURLs, localizer: Localizer) {
        self.maintenance = maintenance
        homeHref = urls.home(language)
        calendarHref = urls.calendar(language)
        webcalHref = urls.webcal(language)
        t = localizer.strings.values
    }
}

struct ErrorPageView {
    let errorTitle: String
    let errorText: String
    let errorCode: String
    let homeHref: String
    let t: [String: String]
}
