import Foundation

/// Everything the public pages need at one moment, read in one consistent transaction.
/// Its size is bounded by the time window, never by the length of history.
public struct StatusSnapshot: Sendable {
    public var groups: [ComponentGroup]
    /// Hidden ones included; pages filter them.
    public var components: [Component]
    /// Every incident that overlaps [windowStart, takenAt] plus every unresolved one, with updates.
    public var incidents: [Incident]
    /// Every maintenance that overlaps [windowStart, takenAt] or has not ended yet.
    public var maintenances: [Maintenance]
    /// Alert-driven statuses (empty without alerts); part of every component's effective status.
    public var alerts = AlertOverlay()
    public var windowStart: Date
    public var takenAt: Date

    public init(groups: [ComponentGroup], components: [Component], incidents: [Incident], maintenances: [Maintenance],
                windowStart: Date, takenAt: Date) {
        self.groups = groups; self.components = components; self.incidents = incidents
        self.maintenances = maintenances; self.windowStart = windowStart; self.takenAt = takenAt
    }
}
