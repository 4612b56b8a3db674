/// One status badge: the whole service's (`/badge/status.svg`) or one component's
/// (`/badge/components/bank-sync.json`), as an SVG image or as Shields.io endpoint JSON.
public struct BadgeAddress: Hashable, Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case svg, json

        public var contentType: String {
            switch self {
            case .svg: "image/svg+xml; charset=utf-8"
            case .json: "application/json; charset=utf-8"
            }
        }
    }

    /// nil for the whole service.
    public var componentSlug: String?
    public var format: Format

    public init(componentSlug: String? = nil, format: Format) {
        self.componentSlug = componentSlug; self.format = format
    }

    /// "/badge/status.svg", "/badge/components/bank-sync.json".
    public var path: String {
        componentSlug.map { "/badge/components/\($0).\(format.rawValue)" } ?? "/badge/status.\(format.rawValue)"
    }
}
