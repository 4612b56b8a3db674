import StatusModel

struct IncidentPageView {
    let incident: IncidentView
    let homeHref: String
    let t: [String: String]
}

struct MaintenancePageView {
    let maintenance: MaintenanceView
    let homeHref: String
    let t: [String: String]
}

struct ErrorPageView {
    let errorTitle: String
    let errorText: String
    let errorCode: String
    let homeHref: String
    let t: [String: String]
}
