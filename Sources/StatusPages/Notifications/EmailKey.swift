import StatusModel

/// The locale keys the email code looks up by name (templates add theirs, checked by LocaleTests).
enum EmailKey {
    static func intro(_ kind: NotificationEventKind) -> String { "email_intro_" + kind.rawValue.replacingOccurrences(of: ".", with: "_") }

    static func maintenanceSubject(_ state: MaintenanceEmailState) -> String { "email_subject_maintenance_\(state.rawValue)" }

    static let fixed = [
        "email_subject", "email_subject_incident", "email_subject_confirmation", "email_status_label", "email_impact_label",
        "email_posted_label", "email_window_label", "email_all_services", "email_footer_reason", "email_unsubscribe",
        "email_confirmation_intro", "email_confirmation_expiry", "email_read_more", "email_affected_label",
        "email_confirmation_heading", "email_confirmation_action", "email_confirmation_ignore",
        "email_subject_postmortem",
        "email_subject_stale", "email_stale_heading", "email_stale_intro", "email_stale_action", "email_stale_reason",
    ]

    static var required: [String] {
        fixed + NotificationEventKind.allCases.filter(\.isEmailed).map(intro) + MaintenanceEmailState.allCases.map(maintenanceSubject)
    }
}

/// What a maintenance email announces, one per maintenance event kind.
enum MaintenanceEmailState: String, CaseIterable {
    case scheduled, updated, started, completed, cancelled, reminder

    init?(_ kind: NotificationEventKind) {
        switch kind {
        case .maintenanceScheduled: self = .scheduled
        case .maintenanceUpdated: self = .updated
        case .maintenanceStarted: self = .started
        case .maintenanceCompleted: self = .completed
        case .maintenanceCancelled: self = .cancelled
        case .maintenanceReminder: self = .reminder
        case .incidentCreated, .incidentUpdated, .incidentResolved, .incidentPostmortem, .componentUpdated, .incidentStale: return nil
        }
    }
}
