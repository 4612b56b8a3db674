import Foundation

/// Where a planned maintenance stands at a given moment, with Statuspage's names.
public enum MaintenanceStatus: String, CaseIterable, Sendable, Codable {
    case scheduled
    case inProgress = "in_progress"
    case completed
    case cancelled
}

/// A planned window ("unavailable from 26 September 18:00 until 06:00").
/// Its status is derived from the clock, so it starts and completes on its own.
public struct Maintenance: Hashable, Sendable, Identifiable, Codable {
    public var id: Int64
    public var title: LocalizedText
    public var body: LocalizedText
    public var startsAt: Date
    /// Extending a window moves this.
    public var endsAt: Date
    public var cancelledAt: Date?
    /// Set when staff complete the work before the window ends.
    public var completedAt: Date?
    public var componentIDs: [Int64]
    public var createdAt: Date
    /// How many times staff changed the window (moved, extended, cancelled, completed): a calendar
    /// event's SEQUENCE.
    public var revision: Int
    /// The last change's moment; `createdAt` until the first change.
    public var updatedAt: Date

    public init(id: Int64, title: LocalizedText, body: LocalizedText = LocalizedText(), startsAt: Date, endsAt: Date,
                cancelledAt: Date? = nil, completedAt: Date? = nil, componentIDs: [Int64] = [], createdAt: Date,
                revision: Int = 0, updatedAt: Date? = nil) {
        self.id = id; self.title = title; self.body = body; self.startsAt = startsAt; self.endsAt = endsAt
        self.cancelledAt = cancelledAt; self.completedAt = completedAt; self.componentIDs = componentIDs
        self.createdAt = createdAt; self.revision = revision; self.updatedAt = updatedAt ?? createdAt
    }

    /// Outbox events written before revisions existed carry neither `revision` nor `updatedAt`.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try values.decode(Int64.self, forKey: .id), title: try values.decode(LocalizedText.self, forKey: .title),
                  body: try values.decode(LocalizedText.self, forKey: .body), startsAt: try values.decode(Date.self, forKey: .startsAt),
                  endsAt: try values.decode(Date.self, forKey: .endsAt),
                  cancelledAt: try values.decodeIfPresent(Date.self, forKey: .cancelledAt),
                  completedAt: try values.decodeIfPresent(Date.self, forKey: .completedAt),
                  componentIDs: try values.decode([Int64].self, forKey: .componentIDs),
                  createdAt: try values.decode(Date.self, forKey: .createdAt),
                  revision: try values.decodeIfPresent(Int.self, forKey: .revision) ?? 0,
                  updatedAt: try values.decodeIfPresent(Date.self, forKey: .updatedAt))
    }

    public func status(at now: Date) -> MaintenanceStatus {
        if let cancelledAt, cancelledAt <= now { return .cancelled }
        if now >= actualEnd { return .completed }
        if now >= startsAt { return .inProgress }
        return .scheduled
    }

    /// When the window really ended (or will end): early completion wins over the plan.
    public var actualEnd: Date {
        if let completedAt { return min(completedAt, endsAt) }
        return endsAt
    }

    /// The next moment at which `status(at:)` changes after `now`, if any: when a page
    /// showing this maintenance must be rendered again.
    public func nextTransition(after now: Date) -> Date? {
        if let cancelledAt, cancelledAt <= now { return nil }
        if now < startsAt { return startsAt }
        if now < actualEnd { return actualEnd }
        return nil
    }
}
