import Foundation

/// What a post does to an incident and to the components: the incident afterwards and the
/// staff-set statuses to write. The store writes exactly this; the admin preview shows it.
public struct IncidentOutcome: Hashable, Sendable {
    /// The incident as it will be stored (a new update carries the id it was given, 0 in a preview).
    public var incident: Incident
    /// The status each touched component will have (what staff set, before maintenance is added).
    public var componentStatuses: [Int64: ComponentStatus]
    /// Whether this post resolved an active incident (subscribers hear "resolved", not "updated").
    public var resolvesIt: Bool

    public init(incident: Incident, componentStatuses: [Int64: ComponentStatus], resolvesIt: Bool) {
        self.incident = incident; self.componentStatuses = componentStatuses; self.resolvesIt = resolvesIt
    }

    /// `components` with the new statuses applied.
    public func applied(to components: [Component]) -> [Component] {
        components.map { component in
            var copy = component
            copy.status = componentStatuses[component.id] ?? component.status
            return copy
        }
    }
}

/// The incident rules as pure functions: opening, posting an update (which may resolve or reopen),
/// removing an update. Inputs are the incident as stored and the other unresolved incidents.
public enum IncidentRules {
    /// Opens `incident` (its `updates` hold the first update). The components the update names
    /// are linked and take their statuses; an incident posted already resolved (written up
    /// afterwards) is resolved at `startedAt` and leaves the current statuses alone.
    public static func open(_ incident: Incident) -> IncidentOutcome {
        var opened = incident
        let changes = incident.updates.flatMap(\.componentChanges)
        opened.componentIDs = linked([], adding: changes.map(\.componentID))
        opened.resolvedAt = incident.status.isActive ? nil : incident.startedAt
        return IncidentOutcome(incident: opened, componentStatuses: incident.status.isActive ? statuses(changes) : [:],
                               resolvesIt: false)
    }

    /// Posts `update` on `incident`. The incident takes the update's status; a non-resolved
    /// update on a resolved incident reopens it; a second "resolved" note keeps the first
    /// resolution time. Named components are linked and take the named statuses. Resolving an
    /// active incident releases every other affected component (see `released`).
    public static func post(_ update: IncidentUpdate, to incident: Incident, otherActive: [Incident]) -> IncidentOutcome {
        var after = incident
        after.updates.append(update)
        after.status = update.status
        after.resolvedAt = update.status.isActive ? nil : (incident.resolvedAt ?? update.createdAt)
        after.componentIDs = linked(incident.componentIDs, adding: update.componentChanges.map(\.componentID))
        let resolvesIt = incident.isActive && !update.status.isActive
        var written = statuses(update.componentChanges)
        if resolvesIt {
            let named = Set(update.componentChanges.map(\.componentID))
            written.merge(released(after.componentIDs.filter { !named.contains($0) }, otherActive: otherActive, except: incident.id),
                          uniquingKeysWith: { named, _ in named })
        }
        return IncidentOutcome(incident: after, componentStatuses: written, resolvesIt: resolvesIt)
    }

    /// Removes update `id`: the incident's status becomes the newest remaining update's and it
    /// counts as resolved since the first "resolved" update after the last active one. When that
    /// resolves the incident, its components are released; when it reopens it, they take the
    /// statuses its updates last gave them. Nil when `id` is not among the incident's updates.
    public static func removeUpdate(id: Int64, from incident: Incident, otherActive: [Incident]) -> IncidentOutcome? {
        guard incident.updates.contains(where: { $0.id == id }) else { return nil }
        var after = incident
        after.updates.removeAll { $0.id == id }
        after.status = after.updates.last?.status ?? incident.status
        after.resolvedAt = resolvedSince(after.updates, status: after.status)
        var written: [Int64: ComponentStatus] = [:]
        if incident.isActive && !after.isActive {
            written = released(after.componentIDs, otherActive: otherActive, except: incident.id)
        } else if !incident.isActive && after.isActive {
            written = statuses(latestChanges(after.updates))
        }
        return IncidentOutcome(incident: after, componentStatuses: written, resolvesIt: incident.isActive && !after.isActive)
    }

    /// What the other active incidents still say about each component, else operational: the
    /// status a component returns to when an incident holding it resolves.
    public static func released(_ componentIDs: [Int64], otherActive: [Incident], except incidentID: Int64) -> [Int64: ComponentStatus] {
        let holders = otherActive.filter { $0.isActive && $0.id != incidentID }
        var result: [Int64: ComponentStatus] = [:]
        for componentID in componentIDs {
            result[componentID] = heldStatus(of: componentID, by: holders) ?? .operational
        }
        return result
    }

    /// When several active incidents name a component, it shows the worst of their latest words
    /// on it (each incident's newest update that names it). Nil when none of them names it.
    public static func heldStatus(of componentID: Int64, by incidents: [Incident]) -> ComponentStatus? {
        let words = incidents.filter(\.isActive).compactMap { incident in
            incident.updates.last { update in update.componentChanges.contains { $0.componentID == componentID } }?
                .componentChanges.last { $0.componentID == componentID }?.status
        }
        return words.isEmpty ? nil : ComponentStatus.worst(words)
    }

    /// For each component the updates name, the status the newest of them gave it, in first-named order.
    public static func latestChanges(_ updates: [IncidentUpdate]) -> [ComponentStatusChange] {
        var latest: [Int64: ComponentStatus] = [:]
        var order: [Int64] = []
        for change in updates.flatMap(\.componentChanges) {
            if latest[change.componentID] == nil { order.append(change.componentID) }
            latest[change.componentID] = change.status
        }
        return order.compactMap { id in latest[id].map { ComponentStatusChange(componentID: id, status: $0) } }
    }

    /// Resolved since the first "resolved" update after the last active one (updates oldest first).
    public static func resolvedSince(_ updates: [IncidentUpdate], status: IncidentStatus) -> Date? {
        guard !status.isActive else { return nil }
        return updates.reversed().prefix { !$0.status.isActive }.last?.createdAt
    }

    /// The components already linked, then the newly named ones in the order named.
    static func linked(_ existing: [Int64], adding named: [Int64]) -> [Int64] {
        var result = existing
        for id in named where !result.contains(id) { result.append(id) }
        return result
    }

    /// The last status each change names per component (one update may name a component twice).
    static func statuses(_ changes: [ComponentStatusChange]) -> [Int64: ComponentStatus] {
        Dictionary(changes.map { ($0.componentID, $0.status) }, uniquingKeysWith: { _, last in last })
    }
}
