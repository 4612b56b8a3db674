import Foundation
import Logging
import StatusStore

/// Turns changes into rows of the durable purge queue for every cache in `[cache] purge_urls`
/// and wakes the sender. Rows are written after the change's transaction commits and after the
/// pages it touched were rendered again (`ChangeRefresh`), not inside it: a crash in between
/// loses that purge, and the caches then show the old page until its `max-age` (15 s) runs out.
final class CachePurging: @unchecked Sendable {
    // @unchecked: `sender` and `ownVersion` are guarded by `lock`.
    private let store: StatusStore
    private let caches: [String]
    private let logger: Logger
    private let lock = NSLock()
    private var sender: PurgeSender?
    /// The data version right after this process's latest change, so the external-write watcher
    /// does not take our own writes for someone else's (which would purge everything).
    private var ownVersion: Int64?

    init(store: StatusStore, caches: [String], logger: Logger = Logger(label: "driftstatus.purge")) {
        self.store = store
        self.caches = caches
        self.logger = logger
    }

    func attach(_ sender: PurgeSender) { lock.withLock { self.sender = sender } }

    /// Remembers the data version right after a change of ours, so the external-write watcher
    /// ignores it (also without caches: the render cache must not be refreshed twice).
    func noteOwnWrite() {
        guard let version = try? store.dataVersion() else { return }
        lock.withLock { ownVersion = version }
    }

    /// Whether `version` is the one right after this process's latest change.
    func isOwnWrite(_ version: Int64) -> Bool { lock.withLock { ownVersion == version } }

    func changed(_ change: CacheTags.Change) {
        guard !caches.isEmpty, let sender = lock.withLock({ sender }) else { return }
        do {
            try store.enqueuePurge(tags: change.tags, caches: caches, at: Date())
            let version = try store.dataVersion()
            lock.withLock { ownVersion = version }
        } catch {
            logger.warning("purge not queued; caches keep the old pages until max-age", metadata: ["error": "\(error)"])
        }
        sender.wake()
    }

    /// Another process wrote (or the database was restored): any page may have changed.
    func externalWrite(version: Int64) {
        guard lock.withLock({ ownVersion != version }) else { return }
        changed(.everything)
    }
}
