import StatusModel

/// The few sentences the API writes itself, in Swedish and English (other languages get English,
/// the language Statuspage clients expect).
enum StatuspageTexts {
    /// `status.description`. English wording is Statuspage's own for the worst component status
    /// (support.atlassian.com, "Top-level status and incident impact calculations").
    static func statusDescription(_ status: OverallStatus, in language: LanguageCode) -> String {
        let swedish = language == .swedish
        switch status {
        case .operational: return swedish ? "Alla system fungerar" : "All Systems Operational"
        case .degradedPerformance: return swedish ? "Delvis försämrad tjänst" : "Partially Degraded Service"
        case .partialOutage: return swedish ? "Delvis systemavbrott" : "Partial System Outage"
        case .majorOutage: return swedish ? "Omfattande systemavbrott" : "Major System Outage"
        case .maintenance: return swedish ? "Underhåll pågår" : "Service Under Maintenance"
        }
    }

    /// Bodies of the updates Statuspage posts on its own when a window starts or ends; we have no
    /// stored updates for maintenance, so we produce the same ones from the clock.
    static func maintenanceStarted(in language: LanguageCode) -> String {
        language == .swedish
            ? "Det planerade underhållet pågår. Vi uppdaterar vid behov."
            : "Scheduled maintenance is currently in progress. We will provide updates as necessary."
    }

    static func maintenanceCompleted(in language: LanguageCode) -> String {
        language == .swedish ? "Det planerade underhållet är slutfört." : "The scheduled maintenance has been completed."
    }
}
