import Foundation

/// A named group of components on the public page (e.g. "Bookkeeping" with its parts).
public struct ComponentGroup: Hashable, Sendable, Identifiable, Codable {
    public var id: Int64
    public var name: LocalizedText
    public var description: LocalizedText
    public var position: Int
    /// Collapsed groups show only their worst member's status until opened.
    public var isCollapsed: Bool

    public init(id: Int64, name: LocalizedText, description: LocalizedText = LocalizedText(), position: Int, isCollapsed: Bool = false) {
        self.id = id; self.name = name; self.description = description
        self.position = position; self.isCollapsed = isCollapsed
    }
}

/// One part of the service customers care about: Login, Invoicing, Bank synchronisation.
public struct Component: Hashable, Sendable, Identifiable, Codable {
    public var id: Int64
    /// Stable, URL-safe name used in feeds and the API ("bank-sync").
    public var slug: String
    public var groupID: Int64?
    public var name: LocalizedText
    public var description: LocalizedText
    public var position: Int
    /// The status staff last set; the page shows `StatusRules.effectiveStatus`, which adds maintenance.
    public var status: ComponentStatus
    public var isHidden: Bool
    /// Days before this are shown as "no data" in the uptime history.
    public var createdAt: Date

    public init(id: Int64, slug: String, groupID: Int64? = nil, name: LocalizedText, description: LocalizedText = LocalizedText(),
                position: Int, status: ComponentStatus = .operational, isHidden: Bool = false, createdAt: Date) {
        self.id = id; self.slug = slug; self.groupID = groupID; self.name = name; self.description = description
        self.position = position; self.status = status; self.isHidden = isHidden; self.createdAt = createdAt
    }
}
