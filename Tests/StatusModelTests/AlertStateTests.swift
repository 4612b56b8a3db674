import Foundation
import Testing
@testable import StatusModel

/// The rules of alert-driven component statuses: matching, idempotency, out-of-order news,
/// the worst-status combination, and staff taking precedence.
struct AlertStateTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let rule = AlertRule(name: "bank", match: ["service": "bank-sync", "severity": "critical"], componentSlug: "bank-sync",
                         status: .majorOutage, action: .status)
    let labels = ["service": "bank-sync", "severity": "critical", "alertname": "BankSyncSlow"]

    func notice(_ state: AlertNotice.State, startsAt: Date, fingerprint: String = "f1") -> AlertNotice {
        AlertNotice(state: state, fingerprint: fingerprint, startsAt: startsAt, labels: labels, annotations: ["summary": "slow"])
    }

    /// Applies notices in order as the store would, returning the record left.
    func run(_ notices: [AlertNotice], staffVersions: [Int64] = []) -> (AlertRecord?, [AlertDecision]) {
        var record: AlertRecord?
        var decisions: [AlertDecision] = []
        for (index, notice) in notices.enumerated() {
            let version = index < staffVersions.count ? staffVersions[index] : (staffVersions.last ?? 0)
            let decision = AlertStateRules.decide(notice, rule: rule, componentID: 1, existing: record, staffVersion: version,
                                                  now: t0.addingTimeInterval(Double(index)))
            decisions.append(decision)
            switch decision {
            case .fire(let next), .resolve(let next), .noteStaffOverride(let next): record = next
            case .unchanged: break
            }
        }
        return (record, decisions)
    }

    @Test func matchersNeedEveryLabelEqual() {
        #expect(rule.matches(labels))
        #expect(!rule.matches(["service": "bank-sync"]))
        #expect(!rule.matches(["service": "bank-sync", "severity": "warning"]))
        #expect(!AlertRule(name: "x", match: [:], componentSlug: "a", status: .majorOutage, action: .status).matches(labels))
    }

    @Test func firstMatchingRulePerComponent() {
        let second = AlertRule(name: "second", match: ["service": "bank-sync"], componentSlug: "bank-sync", status: .degradedPerformance, action: .status)
        let other = AlertRule(name: "login", match: ["service": "bank-sync"], componentSlug: "login", status: .partialOutage, action: .status)
        #expect(AlertStateRules.applicableRules([rule, second, other], labels: labels).map(\.name) == ["bank", "login"])
    }

    @Test func repeatedFiringChangesNothing() {
        let (record, decisions) = run([notice(.firing, startsAt: t0), notice(.firing, startsAt: t0), notice(.firing, startsAt: t0)])
        #expect(decisions.filter(\.changesComponent).count == 1)
        #expect(decisions[1] == .unchanged && decisions[2] == .unchanged)
        #expect(record?.isFiring == true)
        #expect(record?.receivedAt == t0, "a repeat does not even touch the stored record")
    }

    @Test func resolveReleasesAndRepeatedResolveChangesNothing() {
        let (record, decisions) = run([notice(.firing, startsAt: t0), notice(.resolved, startsAt: t0), notice(.resolved, startsAt: t0)])
        #expect(record?.isFiring == false)
        #expect(decisions.map(\.changesComponent) == [true, true, false])
    }

    @Test func resolveOfAnOlderOccurrenceDoesNotResolveANewerFiring() {
        let newer = t0.addingTimeInterval(600)
        let (record, decisions) = run([notice(.firing, startsAt: t0), notice(.firing, startsAt: newer), notice(.resolved, startsAt: t0)])
        #expect(decisions[2] == .unchanged)
        #expect(record?.isFiring == true && record?.startsAt == newer)
    }

    @Test func lateFiringAfterItsOwnResolveStaysResolved() {
        let (record, decisions) = run([notice(.resolved, startsAt: t0), notice(.firing, startsAt: t0)])
        // Nothing stored yet: a resolve of an unknown alert is ignored, then the (late) firing counts.
        #expect(decisions[0] == .unchanged)
        #expect(record?.isFiring == true)
        let (after, later) = run([notice(.firing, startsAt: t0), notice(.resolved, startsAt: t0), notice(.firing, startsAt: t0)])
        #expect(later[2] == .unchanged)
        #expect(after?.isFiring == false)
    }

    @Test func olderFiringAfterANewerOccurrenceIsIgnored() {
        let newer = t0.addingTimeInterval(600)
        let (record, decisions) = run([notice(.firing, startsAt: newer), notice(.firing, startsAt: t0)])
        #expect(decisions[1] == .unchanged)
        #expect(record?.startsAt == newer)
    }

    @Test func resolveOfANewerOccurrenceEndsTheStoredOne() {
        let newer = t0.addingTimeInterval(600)
        let (record, decisions) = run([notice(.firing, startsAt: t0), notice(.resolved, startsAt: newer), notice(.firing, startsAt: newer)])
        #expect(decisions.map(\.changesComponent) == [true, true, false])
        #expect(record?.isFiring == false && record?.startsAt == newer)
    }

    @Test func worstOfStaffStatusAlertsAndMaintenance() {
        let component = Component(id: 1, slug: "bank-sync", name: LocalizedText([.english: "Bank"]), position: 0,
                                  status: .partialOutage, createdAt: t0)
        let degraded = AlertRecord(componentID: 1, fingerprint: "a", ruleName: "r", status: .degradedPerformance, startsAt: t0,
                                   isFiring: true, staffVersion: 3, receivedAt: t0)
        var major = degraded
        major.fingerprint = "b"; major.status = .majorOutage
        // Staff's partial outage beats a degraded alert...
        var overlay = AlertOverlay(records: [degraded], staffVersions: [1: 3])
        #expect(StatusRules.effectiveStatus(of: component, maintenances: [], alerts: overlay, at: t0) == .partialOutage)
        // ...a major-outage alert beats staff's status, and the worst alert wins among alerts.
        overlay.records.append(major)
        #expect(StatusRules.effectiveStatus(of: component, maintenances: [], alerts: overlay, at: t0) == .majorOutage)
        #expect(StatusRules.overallStatus(components: [component], incidents: [], maintenances: [], alerts: overlay, at: t0) == .majorOutage)
        // When the alerts resolve, the component returns to what staff set.
        overlay.records = overlay.records.map { var ended = $0; ended.isFiring = false; return ended }
        #expect(StatusRules.effectiveStatus(of: component, maintenances: [], alerts: overlay, at: t0) == .partialOutage)
        // An operational component with an under-maintenance alert shows maintenance.
        var operational = component
        operational.status = .operational
        let maintenance = AlertRecord(componentID: 1, fingerprint: "m", ruleName: "r", status: .underMaintenance, startsAt: t0,
                                      isFiring: true, staffVersion: 3, receivedAt: t0)
        #expect(StatusRules.effectiveStatus(of: operational, maintenances: [], alerts: AlertOverlay(records: [maintenance], staffVersions: [1: 3]),
                                            at: t0) == .underMaintenance)
    }

    @Test func staffSettingTheStatusAfterTheAlertFiredTakesPrecedenceWithOneNote() {
        // The alert fired under staff version 0; staff then set the status (version 1).
        let (record, decisions) = run([notice(.firing, startsAt: t0), notice(.firing, startsAt: t0), notice(.firing, startsAt: t0)],
                                      staffVersions: [0, 1, 1])
        guard case .noteStaffOverride = decisions[1] else { Issue.record("expected a note, got \(decisions[1])"); return }
        #expect(decisions[2] == .unchanged, "the note is written once")
        #expect(record?.overrideNoted == true)
        let component = Component(id: 1, slug: "bank-sync", name: LocalizedText([.english: "Bank"]), position: 0,
                                  status: .operational, createdAt: t0)
        let overlay = AlertOverlay(records: [record].compactMap { $0 }, staffVersions: [1: 1])
        #expect(StatusRules.effectiveStatus(of: component, maintenances: [], alerts: overlay, at: t0) == .operational)
        #expect(overlay.firing(for: 1).count == 1, "the dashboard still lists it")
        // A new occurrence after staff's change counts again.
        let (refired, _) = run([notice(.firing, startsAt: t0), notice(.firing, startsAt: t0.addingTimeInterval(900))], staffVersions: [0, 1])
        #expect(refired?.counts(staffVersion: 1) == true)
    }

    @Test func templatesInsertLabelsAsInertText() {
        let labels = ["service": "bank-sync", "evil": "<script>alert(1)</script> [x](javascript:alert(1)) **b**"]
        let body = AlertMessageTemplate.render("Problem with {{labels.service}}: {{ labels.evil }}{{annotations.none}}.",
                                               field: .body, labels: labels, annotations: [:])
        #expect(body == #"Problem with bank\-sync: \<script\>alert\(1\)\<\/script\> \[x\]\(javascript\:alert\(1\)\) \*\*b\*\*."#)
        let title = AlertMessageTemplate.render("{{labels.x}} down", field: .title, labels: ["x": "a\nb\u{0}c"], annotations: [:])
        #expect(title == "a bc down")
        #expect(AlertMessageTemplate.render("unclosed {{labels.x", field: .title, labels: ["x": "y"], annotations: [:]) == "unclosed {{labels.x")
        #expect(AlertMessageTemplate.unknownPlaceholders(in: "{{labels.a}} {{status}} {{annotations.summary}}") == ["status"])
        let long = AlertMessageTemplate.render("{{labels.x}}", field: .title, labels: ["x": String(repeating: "a", count: 500)], annotations: [:])
        #expect(long.count == TextLimits.title)
    }

    @Test func draftIncidentFromARule() {
        var drafting = rule
        drafting.action = .draft
        drafting.title = [.swedish: "Problem: {{labels.service}}", .english: "Trouble: {{labels.service}}"]
        drafting.body = [.swedish: "{{annotations.summary}}", .english: "{{annotations.summary}}"]
        let texts = AlertDraft.texts(rule: drafting, notice: notice(.firing, startsAt: t0))
        #expect(texts.title[.english] == "Trouble: bank-sync")
        #expect(texts.body[.swedish] == "slow")
        let draft = AlertDraft(id: 1, componentID: 7, fingerprint: "f1", startsAt: t0, ruleName: "bank", status: .majorOutage,
                               title: texts.title, body: texts.body, createdAt: t0)
        #expect(draft.incident.impact == .critical)
        #expect(draft.incident.componentChanges == [ComponentStatusChange(componentID: 7, status: .majorOutage)])
        #expect(draft.incident.validate(languages: [.swedish, .english], knownComponents: [7]).isEmpty)
    }
}

extension AlertStateTests {
    @Test func nanosecondStartsAtCompareEqualAfterStoring() {
        let precise = Date(timeIntervalSince1970: 1_800_000_000.739266876)
        let notice = AlertNotice(state: .firing, fingerprint: "f", startsAt: precise)
        let stored = Date(timeIntervalSince1970: Double(Int64((notice.startsAt.timeIntervalSince1970 * 1000).rounded())) / 1000)
        #expect(notice.startsAt == stored)
    }
}
