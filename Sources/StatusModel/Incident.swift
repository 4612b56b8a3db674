import Foundation

/// How bad an incident is, with Statuspage's names.
public enum IncidentImpact: String, CaseIterable, Sendable, Codable {
    case none, minor, major, critical

    public var severity: Int {
        switch self {
        case .none: 0
        case .minor: 1
        case .major: 2
        case .critical: 3
        }
    }
}

/// Where the handling of an incident stands, with Statuspage's names.
public enum IncidentStatus: String, CaseIterable, Sendable, Codable {
    case investigating, identified, monitoring, resolved

    public var isActive: Bool { self != .resolved }
}

/// "This update set component X to status Y."
public struct ComponentStatusChange: Hashable, Sendable, Codable {
    public var componentID: Int64
    public var status: ComponentStatus

    public init(componentID: Int64, status: ComponentStatus) {
        self.componentID = componentID; self.status = status
    }
}

/// One message posted on an incident. The first update opens the incident.
public struct IncidentUpdate: Hashable, Sendable, Identifiable, Codable {
    public var id: Int64
    public var incidentID: Int64
    public var status: IncidentStatus
    public var body: LocalizedText
    public var createdAt: Date
    public var componentChanges: [ComponentStatusChange]

    public init(id: Int64, incidentID: Int64, status: IncidentStatus, body: LocalizedText, createdAt: Date,
                componentChanges: [ComponentStatusChange] = []) {
        self.id = id; self.incidentID = incidentID; self.status = status; self.body = body
        self.createdAt = createdAt; self.componentChanges = componentChanges
    }
}

public struct Incident: Hashable, Sendable, Identifiable, Codable {
    public var id: Int64
    public var title: LocalizedText
    public var impact: IncidentImpact
    /// The status of the newest update (kept on the incident so lists need not load updates).
    public var status: IncidentStatus
    public var startedAt: Date
    public var resolvedAt: Date?
    public var componentIDs: [Int64]
    /// Oldest first, as they happened; pages reverse them.
    public var updates: [IncidentUpdate]
    /// The published postmortem, if any (drafts are not part of the public incident).
    public var postmortem: Postmortem?

    public init(id: Int64, title: LocalizedText, impact: IncidentImpact, status: IncidentStatus, startedAt: Date,
                resolvedAt: Date? = nil, componentIDs: [Int64] = [], updates: [IncidentUpdate] = [], postmortem: Postmortem? = nil) {
        self.id = id; self.title = title; self.impact = impact; self.status = status; self.startedAt = startedAt
        self.resolvedAt = resolvedAt; self.componentIDs = componentIDs; self.updates = updates; self.postmortem = postmortem
    }

    public var isActive: Bool { status.isActive }

    /// Whether the incident was open at any moment of [start, end).
    public func overlaps(from start: Date, to end: Date) -> Bool {
        startedAt < end && (resolvedAt ?? .distantFuture) > start
    }
}
