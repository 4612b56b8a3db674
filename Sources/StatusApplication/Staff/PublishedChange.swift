/// What a staff write changed, as far as public pages are concerned: `Publishing` reports it after
/// every successful write, and the web module turns it into the cache tags to purge
/// (`CacheTags.Change` there is this type). An incident or a maintenance window shows on a few
/// known pages; anything else (components, groups, a direct status change, a write by another
/// process) may show on every page.
public enum PublishedChange: Equatable, Sendable {
    case incident(Int64)
    case maintenance(Int64)
    case everything
}
