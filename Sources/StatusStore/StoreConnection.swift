import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's pool together with the identity of the file it has open, and what health checks
/// need to know: database errors seen and whether writes are failing.
///
/// SQLite keeps using an open file after it was removed or renamed, so a server would go on
/// "working" on a file nobody will ever see again, and acknowledge writes into it. Every
/// transaction therefore first compares the file at `path` with the one the pool opened:
/// missing means unavailable; a different file (put back, restored by hand) means close the old
/// pool and open the new file, so the site recovers without a restart.
final class StoreConnection: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `lock`.
    private let lock = NSLock()
    private var currentPool: DatabasePool
    private var identity: FileIdentity?
    private var errors = 0
    private var writeFailure: (message: String, at: Date)?
    let path: String
    let migrations: Migrations

    init(pool: DatabasePool, path: String, migrations: Migrations) {
        currentPool = pool
        self.path = path
        self.migrations = migrations
        identity = FileIdentity(path: path)
    }

    var pool: DatabasePool { lock.withLock { currentPool } }
    var errorCount: Int { lock.withLock { errors } }
    func countError() { lock.withLock { errors += 1 } }

    /// The last failed write, unless a write has succeeded since.
    var lastWriteFailure: (message: String, at: Date)? { lock.withLock { writeFailure } }
    func recordWrite(failure: String?) { lock.withLock { writeFailure = failure.map { ($0, Date()) } } }

    /// The pool for the file now at `path`, reopening it when the file was replaced.
    /// Throws `StoreError.database` when the file is gone.
    func verifiedPool() throws -> DatabasePool {
        try lock.withLock {
            guard let current = FileIdentity(path: path) else {
                errors += 1
                throw StoreError.database("the database file \(path) is missing (removed or renamed while in use)")
            }
            // The open handle would go on working, but nothing could open the file again (a
            // restart would fail): report it now, while the cause is fresh.
            guard access(path, R_OK | W_OK) == 0 else {
                errors += 1
                throw StoreError.database("the database file \(path) is not readable and writable by this process")
            }
            if current == identity { return currentPool }
            // Close first: the old pool's WAL and shared-memory files have the same names as the
            // new file's, and must be checkpointed and removed before anything opens the new file.
            do {
                try currentPool.close()
                currentPool = try StatusStore.openPool(path: path, migrations: migrations)
            } catch {
                errors += 1
                throw StoreError.database("the database file \(path) was replaced and cannot be opened: \(error)")
            }
            identity = FileIdentity(path: path)
            return currentPool
        }
    }
}

/// Which file a path names right now (device and inode), or nil when nothing is there.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

extension StatusStore {
    func verifiedPool() throws -> DatabasePool {
        try connection.verifiedPool()
    }

    /// Runs a write, remembering whether it failed for a database reason (busy, disk full,
    /// file gone) so health checks can report failing writes.
    func recordingWriteOutcome<T>(_ body: () throws -> T) throws -> T {
        do {
            let result = try mappingErrors(body)
            connection.recordWrite(failure: nil)
            return result
        } catch let error as StoreError {
            switch error {
            case .database, .notADatabase, .cannotOpen: connection.recordWrite(failure: error.description)
            default: connection.recordWrite(failure: nil)
            }
            throw error
        }
    }
}
