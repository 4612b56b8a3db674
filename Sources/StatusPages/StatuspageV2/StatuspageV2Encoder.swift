import Foundation
import SiteSettings
import StatusModel

/// Encodes the public Statuspage API v2 documents (see `StatuspageDocument` for the docs followed).
/// Pure: the same inputs give the same bytes, so the app can cache them and compute ETags.
///
/// Choices where our model differs from Statuspage's:
/// - timestamps carry the site's UTC offset (like the docs' examples carry the page's offset);
/// - ids are strings: components and incidents use their numeric id, groups "g{id}" and
///   maintenances "m{id}" (Statuspage keeps groups among components and maintenances among
///   incidents, so their ids must not collide with those);
/// - cancelled maintenances are left out (Statuspage's maintenance statuses have no "cancelled");
/// - hidden components are left out everywhere, also from incidents and their updates.
public struct StatuspageV2Encoder: Sendable {
    public let settings: SiteSettings
    /// Statuspage page ids are 12 lowercase base-36 characters; ours is derived from the base URL
    /// so it stays the same across restarts and databases.
    public let pageID: String
    /// The documented cap of the "all incidents" and "all maintenances" lists.
    public static let listLimit = 50

    public init(settings: SiteSettings) {
        self.settings = settings
        self.pageID = Self.pageID(forBaseURL: Self.trimmedBaseURL(settings.baseURL))
    }

    public func encode(_ document: StatuspageDocument, snapshot: StatusSnapshot, recentIncidents: [Incident],
                       recentMaintenances: [Maintenance], language: LanguageCode, now: Date) -> [UInt8] {
        let rendering = StatuspageRendering(settings: settings, pageID: pageID, snapshot: snapshot,
                                            language: language, now: now)
        let incidents = Self.newestFirst(merging: snapshot.incidents, recentIncidents)
        let maintenances = Self.newestFirst(merging: snapshot.maintenances, recentMaintenances)
            .filter { $0.status(at: now) != .cancelled }
        let page = rendering.pageObject(incidents: incidents, maintenances: maintenances)

        func maintenanceList(_ keep: (MaintenanceStatus) -> Bool, limit: Int = .max) -> StatuspageJSON {
            .array(maintenances.filter { keep($0.status(at: now)) }.prefix(limit).map(rendering.maintenanceObject))
        }
        let unresolved = StatuspageJSON.array(incidents.filter(\.isActive).map(rendering.incidentObject))

        let members: [String: StatuspageJSON]
        switch document {
        case .summary:
            members = ["page": page, "status": rendering.statusObject(), "components": rendering.componentsArray(),
                       "incidents": unresolved,
                       "scheduled_maintenances": maintenanceList { $0 == .scheduled || $0 == .inProgress }]
        case .status:
            members = ["page": page, "status": rendering.statusObject()]
        case .components:
            members = ["page": page, "components": rendering.componentsArray()]
        case .incidents:
            members = ["page": page, "incidents": .array(incidents.prefix(Self.listLimit).map(rendering.incidentObject))]
        case .unresolvedIncidents:
            members = ["page": page, "incidents": unresolved]
        case .scheduledMaintenances:
            members = ["page": page, "scheduled_maintenances": maintenanceList({ _ in true }, limit: Self.listLimit)]
        case .upcomingMaintenances:
            members = ["page": page, "scheduled_maintenances": maintenanceList { $0 == .scheduled }]
        case .activeMaintenances:
            members = ["page": page, "scheduled_maintenances": maintenanceList { $0 == .inProgress }]
        }
        return StatuspageJSON.object(members).bytes
    }

    // MARK: - Helpers

    static func trimmedBaseURL(_ url: String) -> String {
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }

    /// FNV-1a of the base URL, 60 bits written in base 36 and padded to 12 characters.
    static func pageID(forBaseURL url: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in url.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash >> 4, radix: 36)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// The snapshot's incidents and the app's recent ones, each once (the snapshot's copy wins),
    /// newest first as Statuspage lists them.
    static func newestFirst(merging primary: [Incident], _ secondary: [Incident]) -> [Incident] {
        var seen = Set<Int64>()
        let all = (primary + secondary).filter { seen.insert($0.id).inserted }
        return all.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
    }

    static func newestFirst(merging primary: [Maintenance], _ secondary: [Maintenance]) -> [Maintenance] {
        var seen = Set<Int64>()
        let all = (primary + secondary).filter { seen.insert($0.id).inserted }
        return all.sorted { ($0.startsAt, $0.id) > ($1.startsAt, $1.id) }
    }
}
