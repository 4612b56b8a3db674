import Foundation
import StatusModel

/// The preview of an incident post, built from the same `IncidentRules` outcome the store will
/// write: the incident as its public page will show it, and the components' statuses afterwards.
extension AdminUI {
    func incidentPreviewBlocks(_ outcome: IncidentOutcome, components: [Component], _ admin: AdminRequest) throws -> [BlockView] {
        let page = admin.previews(languages: languages) {
            try renderer.incidentPreview(outcome.incident, components: components, language: $0)
        }
        return [page, try componentsAfterBlock(outcome, components: components, admin)]
    }

    /// Each component the post sets, with the status the public page will show for it (maintenance in progress included).
    private func componentsAfterBlock(_ outcome: IncidentOutcome, components: [Component], _ admin: AdminRequest) throws -> BlockView {
        let maintenances = try reads.activeAndUpcomingMaintenances(now: admin.now)
        let items = outcome.applied(to: components).filter { outcome.componentStatuses[$0.id] != nil }.map { component in
            let status = StatusRules.effectiveStatus(of: component, maintenances: maintenances, at: admin.now)
            return ItemView(admin.text(component.name), lines: [admin.t("component_status_\(status.rawValue)")])
        }
        return .list(admin.t("admin_preview_components_heading"), items: items, empty: admin.t("admin_preview_components_none"))
    }
}
