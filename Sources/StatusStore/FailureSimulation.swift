import Foundation
import GRDB

// Test hooks that make the database fail the way real ones do; internal, so only tests
// (`@testable import StatusStore`) can reach them.
extension StatusStore {
    /// Holds the write lock (`BEGIN IMMEDIATE`) on this store's writer connection for `seconds`,
    /// as another process in a long transaction would. Blocks the calling thread.
    func holdWriteLock(seconds: Double) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            Thread.sleep(forTimeInterval: seconds)
            try db.execute(sql: "ROLLBACK")
        }
    }

    /// Caps the database at its current size on the writer connection (`PRAGMA max_page_count`),
    /// so writes needing a new page fail with SQLITE_FULL as on a full disk; nil lifts the cap.
    func simulateFullDisk(_ full: Bool) throws {
        try pool.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(full ? pages : 1_073_741_823)")
        }
    }
}
