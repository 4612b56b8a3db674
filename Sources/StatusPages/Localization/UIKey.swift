import StatusModel

/// The locale keys the Swift code looks up. Templates read the same strings through `t.<key>`;
/// a test checks that every key named here or in a template exists in every locale file.
enum UIKey {
    static func componentStatus(_ status: ComponentStatus) -> String { "component_status_\(status.rawValue)" }
    static func overall(_ status: OverallStatus) -> String { "overall_\(status.rawValue)" }
    static func impact(_ impact: IncidentImpact) -> String { "impact_\(impact.rawValue)" }
    static func incidentStatus(_ status: IncidentStatus) -> String { "incident_status_\(status.rawValue)" }
    static func maintenanceStatus(_ status: MaintenanceStatus) -> String { "maintenance_status_\(status.rawValue)" }
    static func dayKind(_ kind: DayUptime.Kind) -> String { "day_kind_\(kind.rawValue)" }
    /// The language's name as it appears inside a sentence of this locale ("engelska", "English").
    static func languageNameInText(_ code: LanguageCode) -> String { "language_name_\(code.rawValue)" }
    static func errorTitle(_ status: Int) -> String { "error_\(status)_title" }
    static func errorText(_ status: Int) -> String { "error_\(status)_text" }

    /// HTTP statuses with their own wording; others use the generic error text.
    static let errorStatuses = [400, 403, 404, 405, 413, 429, 500, 503]

    static let datePatternKeys = [
        "date_locale", "date_timestamp", "date_window_start", "date_window_end_same_day", "date_window_end_same_year",
        "date_window_separator", "date_window_separator_same_day", "date_day_heading", "date_day", "date_day_short",
        "date_month", "date_zone_name",
    ]

    /// Keys used from Swift with a fixed name.
    static let fixed = [
        "language_name", "fallback_note", "untitled", "page_title", "time_zone_note",
        "uptime_value", "uptime_no_data", "uptime_days_ago", "uptime_summary", "uptime_summary_no_data",
        "uptime_disruptions", "uptime_no_disruptions", "uptime_missing_days", "uptime_day_tooltip", "uptime_day_tooltip_uptime", "uptime_today",
        "duration_days_one", "duration_days_other", "duration_hours_one", "duration_hours_other",
        "duration_minutes_one", "duration_minutes_other", "duration_under_a_minute", "list_separator",
        "home_title", "history_title", "history_month_title", "error_generic_title", "error_generic_text", "error_code",
        "component_change",
    ]

    /// Every key the code needs in every locale file (templates add theirs, checked by tests).
    static var required: [String] {
        var keys = fixed + datePatternKeys
        keys += ComponentStatus.allCases.map(componentStatus)
        keys += OverallStatus.allCases.map(overall)
        keys += IncidentImpact.allCases.map(impact)
        keys += IncidentStatus.allCases.map(incidentStatus)
        keys += MaintenanceStatus.allCases.map(maintenanceStatus)
        keys += [DayUptime.Kind.noData, .operational, .maintenance, .degradedPerformance, .partialOutage, .majorOutage].map(dayKind)
        keys += errorStatuses.flatMap { [errorTitle($0), errorText($0)] }
        return keys
    }
}
