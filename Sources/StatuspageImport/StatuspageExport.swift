/// The three public documents of a Statuspage page's API v2 that an import reads, as bytes.
/// Where they come from (a URL, a directory of saved files) is the caller's business.
public struct StatuspageExport: Sendable {
    public enum File: String, CaseIterable, Sendable {
        case components = "components.json"
        case incidents = "incidents.json"
        case maintenances = "scheduled-maintenances.json"
    }

    public var components: [UInt8]
    public var incidents: [UInt8]
    public var maintenances: [UInt8]

    public init(components: [UInt8], incidents: [UInt8], maintenances: [UInt8]) {
        self.components = components; self.incidents = incidents; self.maintenances = maintenances
    }

    public init(reading read: (File) throws -> [UInt8]) rethrows {
        self.init(components: try read(.components), incidents: try read(.incidents), maintenances: try read(.maintenances))
    }
}
