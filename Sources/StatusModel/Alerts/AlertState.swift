import Foundation

/// One alert as Alertmanager (or Grafana) reports it in a webhook notification.
public struct AlertNotice: Sendable, Equatable {
    public enum State: String, Sendable { case firing, resolved }
    public var state: State
    /// Alertmanager's identity of the label set; one occurrence at a time per fingerprint.
    public var fingerprint: String
    /// When this occurrence began: with the fingerprint, the key that makes repeats idempotent.
    public var startsAt: Date
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(state: State, fingerprint: String, startsAt: Date, labels: [String: String] = [:], annotations: [String: String] = [:]) {
        // Alertmanager writes nanoseconds; the store keeps milliseconds. Rounded here, a repeat
        // compares equal to what was stored instead of looking like a newer occurrence.
        self.state = state; self.fingerprint = fingerprint
        self.startsAt = Date(timeIntervalSince1970: Double(Int64((startsAt.timeIntervalSince1970 * 1000).rounded())) / 1000)
        self.labels = labels; self.annotations = annotations
    }
}

/// What one alert occurrence does to one component, as stored.
public struct AlertRecord: Sendable, Equatable {
    public var componentID: Int64
    public var fingerprint: String
    public var ruleName: String
    public var status: ComponentStatus
    public var startsAt: Date
    public var isFiring: Bool
    /// The component's staff-status version when this occurrence began firing here: staff
    /// setting the status afterwards (a new version) takes precedence over the alert.
    public var staffVersion: Int64
    /// Whether the audit log already says staff took precedence over this occurrence.
    public var overrideNoted: Bool
    /// A short description for the dashboard ("alertname BankSyncSlow").
    public var summary: String
    public var receivedAt: Date

    public init(componentID: Int64, fingerprint: String, ruleName: String, status: ComponentStatus, startsAt: Date,
                isFiring: Bool, staffVersion: Int64, overrideNoted: Bool = false, summary: String = "", receivedAt: Date) {
        self.componentID = componentID; self.fingerprint = fingerprint; self.ruleName = ruleName; self.status = status
        self.startsAt = startsAt; self.isFiring = isFiring; self.staffVersion = staffVersion
        self.overrideNoted = overrideNoted; self.summary = summary; self.receivedAt = receivedAt
    }

    /// Whether it moves its component now: firing, and staff have not set the status since.
    public func counts(staffVersion current: Int64) -> Bool {
        isFiring && staffVersion == current
    }
}

/// What a notice does to the stored record of its (component, fingerprint).
public enum AlertDecision: Sendable, Equatable {
    /// A repeat, or news older than what is stored: nothing changes.
    case unchanged
    /// A new occurrence fires (store `record`; the component may change; draft/publish rules act).
    case fire(AlertRecord)
    /// The stored occurrence (or a newer one never seen firing) ended.
    case resolve(AlertRecord)
    /// A repeat of an occurrence staff have overridden since: only the audit note is written, once.
    case noteStaffOverride(AlertRecord)

    /// Whether public pages may show something else afterwards.
    public var changesComponent: Bool {
        switch self {
        case .fire, .resolve: true
        case .unchanged, .noteStaffOverride: false
        }
    }
}

/// The rules for alert-driven component statuses, as pure functions.
public enum AlertStateRules {
    /// Decides what `notice`, matched by `rule` to a component whose staff-status version is
    /// `staffVersion`, does given the stored record (`existing`) of that component and fingerprint.
    /// - A firing for an occurrence at least as old as the stored one changes nothing: repeats are
    ///   idempotent, and a late "firing" after its own "resolved" does not revive it.
    /// - A resolve for an occurrence older than the stored one changes nothing either.
    /// - A resolve for a newer occurrence than the stored one (its firing was lost) ends the stored one
    ///   too: Alertmanager has one occurrence per fingerprint at a time.
    public static func decide(_ notice: AlertNotice, rule: AlertRule, componentID: Int64, existing: AlertRecord?,
                              staffVersion: Int64, now: Date) -> AlertDecision {
        let summary = summary(of: notice)
        switch notice.state {
        case .firing:
            if let existing, existing.startsAt >= notice.startsAt {
                if existing.isFiring && existing.staffVersion != staffVersion && !existing.overrideNoted {
                    var noted = existing
                    noted.overrideNoted = true
                    return .noteStaffOverride(noted)
                }
                return .unchanged
            }
            return .fire(AlertRecord(componentID: componentID, fingerprint: notice.fingerprint, ruleName: rule.name,
                                     status: rule.status, startsAt: notice.startsAt, isFiring: true,
                                     staffVersion: staffVersion, summary: summary, receivedAt: now))
        case .resolved:
            guard let existing, notice.startsAt >= existing.startsAt else { return .unchanged }
            if notice.startsAt == existing.startsAt && !existing.isFiring { return .unchanged }
            var ended = existing
            ended.isFiring = false
            ended.startsAt = notice.startsAt
            ended.receivedAt = now
            return .resolve(ended)
        }
    }

    /// The rules a notice applies, one per component: the first rule (in file order) that
    /// matches and names that component.
    public static func applicableRules(_ rules: [AlertRule], labels: [String: String]) -> [AlertRule] {
        var seen = Set<String>()
        return rules.filter { $0.matches(labels) && seen.insert($0.componentSlug).inserted }
    }

    static func summary(of notice: AlertNotice) -> String {
        let name = notice.labels["alertname"] ?? notice.fingerprint
        let text = notice.annotations["summary"].map { "\(name): \($0)" } ?? name
        return String(text.prefix(300))
    }
}

/// The alert side of component statuses at one moment: the stored records and each
/// component's current staff-status version. Empty when no alert ever fired.
public struct AlertOverlay: Sendable, Equatable {
    public var records: [AlertRecord]
    public var staffVersions: [Int64: Int64]

    public init(records: [AlertRecord] = [], staffVersions: [Int64: Int64] = [:]) {
        self.records = records; self.staffVersions = staffVersions
    }

    /// The worst status the component's counting alerts hold, or nil when none does.
    public func status(of componentID: Int64) -> ComponentStatus? {
        let current = staffVersions[componentID] ?? 0
        let held = records.filter { $0.componentID == componentID && $0.counts(staffVersion: current) }.map(\.status)
        return held.isEmpty ? nil : ComponentStatus.worst(held)
    }

    /// The firing records of a component, counting or overridden by staff (for the dashboard).
    public func firing(for componentID: Int64) -> [AlertRecord] {
        records.filter { $0.componentID == componentID && $0.isFiring }
    }
}
