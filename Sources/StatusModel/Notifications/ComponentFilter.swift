/// Which components a subscription wants to hear about.
public enum ComponentFilter: Hashable, Sendable {
    case all
    /// Empty only when every chosen component was deleted since: then only events about the
    /// whole service still reach the subscription.
    case only(Set<Int64>)

    public init(componentIDs: some Sequence<Int64>) {
        let ids = Set(componentIDs)
        self = ids.isEmpty ? .all : .only(ids)
    }

    /// An event that names no component concerns the whole service, so it reaches everyone;
    /// otherwise a filtered subscription hears of it when it names one of the chosen components.
    public func matches(componentIDs: [Int64]) -> Bool {
        switch self {
        case .all: true
        case .only(let chosen): componentIDs.isEmpty || componentIDs.contains(where: chosen.contains)
        }
    }

    public var componentIDs: Set<Int64> {
        switch self {
        case .all: []
        case .only(let ids): ids
        }
    }
}
