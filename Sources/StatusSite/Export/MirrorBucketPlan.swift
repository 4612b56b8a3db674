import StatusStore

/// What a bucket is owed, from what it holds and what is already queued: an object is uploaded
/// only when its fingerprint differs from both; an object no page makes any more is deleted.
enum MirrorBucketPlan {
    /// - Parameter objects: the pages rendered this time (the others are unchanged).
    /// - Parameter keys: every key the site has now.
    static func operations(for objects: [MirrorObjectContent], keeping keys: Set<String>,
                           state: MirrorTargetState) -> [MirrorOperation] {
        var operations: [MirrorOperation] = []
        for object in objects {
            if let pending = state.pending[object.key] {
                if pending != object.sha256 { operations.append(.put(object)) }
            } else if state.stored[object.key] != object.sha256 {
                operations.append(.put(object))
            }
        }
        for key in state.stored.keys.sorted() where !keys.contains(key) {
            // `.some(nil)`: a deletion is already queued.
            if case .some(.none) = state.pending[key] { continue }
            operations.append(.delete(key: key))
        }
        for (key, pending) in state.pending.sorted(by: { $0.key < $1.key })
        where !keys.contains(key) && state.stored[key] == nil && pending != nil {
            operations.append(.cancel(key: key))
        }
        return operations
    }
}
