import Foundation

/// Everything one import brings in from another status page, decoded and validated, before
/// anything is written. Texts are single-language: the importer puts them into the language the
/// operator chose. References between records use the source's ids (`externalID`), so the
/// store can map them to its own rows and update those rows on the next run.
public struct ImportBatch: Sendable, Hashable {
    /// The source page's id: two pages may reuse record ids, so mappings are kept per page.
    public var pageID: String
    public var groups: [ImportedGroup]
    public var components: [ImportedComponent]
    public var incidents: [ImportedIncident]
    public var maintenances: [ImportedMaintenance]
    /// Things skipped on purpose (a reference to a component the source no longer lists, say).
    public var warnings: [String]

    public init(pageID: String, groups: [ImportedGroup] = [], components: [ImportedComponent] = [],
                incidents: [ImportedIncident] = [], maintenances: [ImportedMaintenance] = [], warnings: [String] = []) {
        self.pageID = pageID; self.groups = groups; self.components = components
        self.incidents = incidents; self.maintenances = maintenances; self.warnings = warnings
    }
}

public struct ImportedGroup: Sendable, Hashable {
    public var externalID: String
    public var name: String
    public var description: String
    public var position: Int

    public init(externalID: String, name: String, description: String = "", position: Int) {
        self.externalID = externalID; self.name = name; self.description = description; self.position = position
    }
}

public struct ImportedComponent: Sendable, Hashable {
    public var externalID: String
    public var groupExternalID: String?
    public var name: String
    public var description: String
    public var position: Int
    /// The status to store (see `ImportRules.storedStatus`), not necessarily the one the source showed.
    public var status: ComponentStatus
    public var createdAt: Date

    public init(externalID: String, groupExternalID: String? = nil, name: String, description: String = "",
                position: Int, status: ComponentStatus, createdAt: Date) {
        self.externalID = externalID; self.groupExternalID = groupExternalID; self.name = name
        self.description = description; self.position = position; self.status = status; self.createdAt = createdAt
    }
}

/// A component change named by an update, by the component's source id.
public struct ImportedStatusChange: Sendable, Hashable {
    public var componentExternalID: String
    public var status: ComponentStatus

    public init(componentExternalID: String, status: ComponentStatus) {
        self.componentExternalID = componentExternalID; self.status = status
    }
}

public struct ImportedUpdate: Sendable, Hashable {
    public var externalID: String
    public var status: IncidentStatus
    public var body: String
    public var createdAt: Date
    public var changes: [ImportedStatusChange]

    public init(externalID: String, status: IncidentStatus, body: String, createdAt: Date, changes: [ImportedStatusChange] = []) {
        self.externalID = externalID; self.status = status; self.body = body; self.createdAt = createdAt; self.changes = changes
    }
}

public struct ImportedIncident: Sendable, Hashable {
    public var externalID: String
    public var title: String
    public var impact: IncidentImpact
    public var status: IncidentStatus
    public var startedAt: Date
    /// Set exactly when `status` is resolved (the store's rule).
    public var resolvedAt: Date?
    public var componentExternalIDs: [String]
    /// Oldest first.
    public var updates: [ImportedUpdate]
    /// A published postmortem (only a resolved incident has one).
    public var postmortem: ImportedPostmortem?

    public init(externalID: String, title: String, impact: IncidentImpact, status: IncidentStatus, startedAt: Date,
                resolvedAt: Date?, componentExternalIDs: [String] = [], updates: [ImportedUpdate] = [],
                postmortem: ImportedPostmortem? = nil) {
        self.externalID = externalID; self.title = title; self.impact = impact; self.status = status
        self.startedAt = startedAt; self.resolvedAt = resolvedAt; self.componentExternalIDs = componentExternalIDs
        self.updates = updates; self.postmortem = postmortem
    }
}

public struct ImportedPostmortem: Sendable, Hashable {
    public var body: String
    public var publishedAt: Date

    public init(body: String, publishedAt: Date) {
        self.body = body; self.publishedAt = publishedAt
    }
}

public struct ImportedMaintenance: Sendable, Hashable {
    public var externalID: String
    public var title: String
    public var body: String
    public var startsAt: Date
    public var endsAt: Date
    public var completedAt: Date?
    public var cancelledAt: Date?
    public var componentExternalIDs: [String]
    public var createdAt: Date

    public init(externalID: String, title: String, body: String, startsAt: Date, endsAt: Date, completedAt: Date? = nil,
                cancelledAt: Date? = nil, componentExternalIDs: [String] = [], createdAt: Date) {
        self.externalID = externalID; self.title = title; self.body = body; self.startsAt = startsAt; self.endsAt = endsAt
        self.completedAt = completedAt; self.cancelledAt = cancelledAt; self.componentExternalIDs = componentExternalIDs
        self.createdAt = createdAt
    }
}
