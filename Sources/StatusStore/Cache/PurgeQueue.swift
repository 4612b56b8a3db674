import Foundation
import GRDB

/// Purges waiting for one cache: the rows merged into one request (their tags joined).
public struct DuePurge: Sendable, Equatable {
    public var cacheURL: String
    /// Every row's tags, each once, in first-seen order.
    public var tags: [String]
    public var rowIDs: [Int64]
    /// The most attempts any of the rows has had (sets the next backoff).
    public var attempts: Int
}

// The durable purge queue. Quiet writes: public pages do not show it, so the render cache stays.
extension StatusStore {
    /// One row per cache with `tags`.
    public func enqueuePurge(tags: [String], caches: [String], at: Date) throws {
        guard !tags.isEmpty, !caches.isEmpty else { return }
        try writeQuietly { db in
            for cache in caches {
                try db.execute(sql: "INSERT INTO purge_queue (cache_url, tags, next_attempt_at, created_at) VALUES (?, ?, ?, ?)",
                               arguments: [cache, tags.joined(separator: " "), at.storeMillis, at.storeMillis])
            }
        }
    }

    /// Per cache, the rows due at `now` merged into one purge; `limit` rows at most per cache.
    public func duePurges(at now: Date, limit: Int = 500) throws -> [DuePurge] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, cache_url, tags, attempts FROM purge_queue
                WHERE cache_url IN (SELECT cache_url FROM purge_queue WHERE next_attempt_at <= ?)
                ORDER BY id
                """, arguments: [now.storeMillis])
            var purges: [String: DuePurge] = [:]
            var order: [String] = []
            for row in rows {
                let cache: String = row["cache_url"]
                var purge = purges[cache] ?? DuePurge(cacheURL: cache, tags: [], rowIDs: [], attempts: 0)
                if purges[cache] == nil { order.append(cache) }
                guard purge.rowIDs.count < limit else { continue }
                let tags: String = row["tags"]
                for tag in tags.split(separator: " ").map(String.init) where !purge.tags.contains(tag) { purge.tags.append(tag) }
                purge.rowIDs.append(row["id"])
                purge.attempts = max(purge.attempts, row["attempts"])
                purges[cache] = purge
            }
            return order.compactMap { purges[$0] }
        }
    }

    /// The cache took them.
    public func purgesDelivered(_ rowIDs: [Int64]) throws {
        try writeQuietly { db in
            try db.execute(sql: "DELETE FROM purge_queue WHERE id IN (SELECT value FROM json_each(?))",
                           arguments: [Self.jsonArray(rowIDs)])
        }
    }

    /// The cache was not reached or refused: try again at `retryAt`.
    public func purgesFailed(_ rowIDs: [Int64], error: String, retryAt: Date) throws {
        try writeQuietly { db in
            try db.execute(sql: """
                UPDATE purge_queue SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                WHERE id IN (SELECT value FROM json_each(?))
                """, arguments: [String(error.prefix(500)), retryAt.storeMillis, Self.jsonArray(rowIDs)])
        }
    }

    /// When the next waiting purge is due; nil when none waits.
    public func nextPurgeDue() throws -> Date? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM purge_queue").map(Date.init(storeMillis:))
        }
    }

    /// Rows waiting, for /metrics and tests.
    public func pendingPurgeCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM purge_queue") ?? 0 }
    }

    private static func jsonArray(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }
}
