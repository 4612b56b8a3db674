import Foundation
import GRDB

/// What `/healthz` reports about the database.
public struct StoreHealth: Sendable, Equatable {
    /// Nil when the database can be read and no write has failed recently; otherwise why not.
    public let problem: String?
    /// Database errors seen since the store was opened (for metrics).
    public let errorCount: Int

    public var isHealthy: Bool { problem == nil }
}

extension StatusStore {
    /// How long a failed write keeps the store reported as failing when no write succeeds since.
    public static let writeFailureMemory: TimeInterval = 60

    /// A fresh check: the file is still the one in use (or is reopened), and a small read works.
    /// A write that failed within `writeFailureMemory` (database locked, disk full) also counts,
    /// since a read alone cannot tell that writes fail.
    public func health(now: Date = Date()) -> StoreHealth {
        do {
            _ = try read { db in try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'data_version'") }
        } catch {
            return StoreHealth(problem: "\(error)", errorCount: connection.errorCount)
        }
        if let failure = connection.lastWriteFailure, now.timeIntervalSince(failure.at) < Self.writeFailureMemory {
            return StoreHealth(problem: "writes are failing: \(failure.message)", errorCount: connection.errorCount)
        }
        return StoreHealth(problem: nil, errorCount: connection.errorCount)
    }

    /// Database errors seen since the store was opened.
    public var databaseErrorCount: Int { connection.errorCount }
}
