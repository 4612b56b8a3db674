import Foundation
import Logging
import SiteSettings
import StatusModel
import StatusStore

/// The use cases of alert-driven statuses: take a notification's alerts, and publish or discard
/// the incidents they proposed. The decisions are `AlertStateRules` (StatusModel); the store keeps
/// and audits them; publishing goes through `Publishing` like any staff post; `onChange` renders
/// public pages afresh and purges the caches in front, as after any other write.
public final class AlertIntake: Sendable {
    /// Who alert-driven changes are audited as.
    public static let actor = Actor.system("alertmanager")

    /// What one notification did, for the webhook's answer.
    public struct Outcome: Sendable, Equatable {
        public var received = 0
        /// Alerts no rule matched.
        public var unmatched = 0
        /// Component changes (fired or resolved), repeats and stale news not counted.
        public var changed = 0
        public var draftsOpened = 0
        public var published = 0
    }

    private let store: StatusStore
    private let publishing: Publishing
    private let rules: [AlertRule]
    private let onChange: @Sendable (CacheTags.Change) -> Void
    private let logger = Logger(label: "driftstatus.alertmanager")
    /// One publish at a time: two clicks on the same draft must not open two incidents.
    private let publishLock = NSLock()

    public init(store: StatusStore, publishing: Publishing, rules: [AlertRule], onChange: @escaping @Sendable (CacheTags.Change) -> Void) {
        self.store = store; self.publishing = publishing; self.rules = rules; self.onChange = onChange
    }

    /// Applies each alert to each component a rule gives it (one transaction per alert and
    /// component, so a repeat of a half-applied notification finishes the rest and changes nothing else).
    public func receive(_ notices: [AlertNotice], at now: Date) throws -> Outcome {
        var outcome = Outcome()
        outcome.received = notices.count
        let componentIDs = Dictionary(try store.components().map { ($0.slug, $0.id) }, uniquingKeysWith: { first, _ in first })
        defer { if outcome.changed > 0 || outcome.draftsOpened > 0 { onChange(.everything) } }
        for notice in notices {
            let applicable = AlertStateRules.applicableRules(rules, labels: notice.labels)
            if applicable.isEmpty { outcome.unmatched += 1 }
            for rule in applicable {
                // Checked at start; a component deleted since then is skipped, not an error for Alertmanager to retry.
                guard let componentID = componentIDs[rule.componentSlug] else { continue }
                let (decision, draftID) = try store.applyAlert(notice, rule: rule, componentID: componentID, at: now, by: Self.actor)
                if decision.changesComponent { outcome.changed += 1 }
                guard let draftID else { continue }
                outcome.draftsOpened += 1
                if rule.action == .publish && publishOnItsOwn(draftID: draftID, fingerprint: notice.fingerprint, at: now) {
                    outcome.published += 1
                }
            }
        }
        return outcome
    }

    /// Staff's one click: publishes the draft as an incident (subscribers notified as for any post).
    public func publishDraft(id: Int64, by actor: Actor, at now: Date) throws -> Incident {
        try publishLock.withLock {
            guard let draft = try store.openAlertDraft(id: id) else { throw PublishingError.notFound("alert draft \(id)") }
            let incident = try publishing.createIncident(draft.incident, by: actor, at: now, notify: true)
            try store.closeAlertDraft(id: id, incidentID: incident.id, at: now, by: actor)
            return incident
        }
    }

    public func discardDraft(id: Int64, by actor: Actor, at now: Date) throws {
        guard actor.role.allows(.publish) else { throw PublishingError.forbidden }
        do {
            try store.closeAlertDraft(id: id, incidentID: nil, at: now, by: actor)
        } catch StoreError.conflict {
            throw PublishingError.notFound("alert draft \(id)")
        }
    }

    /// A `publish` rule's incident. Its component change is the alert's own doing, so the alert
    /// keeps counting; if publishing fails (a template that filled in empty), the draft stays on
    /// the dashboard for staff instead of the alert being lost.
    private func publishOnItsOwn(draftID: Int64, fingerprint: String, at now: Date) -> Bool {
        do {
            guard let draft = try store.openAlertDraft(id: draftID) else { return false }
            _ = try publishDraft(id: draftID, by: Self.actor, at: now)
            try store.adoptStaffVersion(componentID: draft.componentID, fingerprint: fingerprint)
            return true
        } catch {
            logger.error("alert incident not published, left as a draft", metadata: ["draft": "\(draftID)", "error": "\(error)"])
            return false
        }
    }
}
