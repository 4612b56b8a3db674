import Foundation
import GRDB
import StatusModel

/// The answer given to a request that carried an Idempotency-Key.
public struct IdempotencyRecord: Sendable, Hashable {
    /// Who sent it ("token:3", "user:1"): keys are scoped to their sender.
    public let principal: String
    public let key: String
    /// A hash of method, path and body: the same key with a different request is refused.
    public let fingerprint: String
    public let responseStatus: Int
    public let contentType: String
    public let responseBody: [UInt8]
    public let createdAt: Date

    public init(principal: String, key: String, fingerprint: String, responseStatus: Int, contentType: String,
                responseBody: [UInt8], createdAt: Date) {
        self.principal = principal; self.key = key; self.fingerprint = fingerprint; self.responseStatus = responseStatus
        self.contentType = contentType; self.responseBody = responseBody; self.createdAt = createdAt
    }
}

// Not audited: the audit log records the create the key protected, not the replay bookkeeping.
extension StatusStore {
    public func idempotencyRecord(key: String, principal: String) throws -> IdempotencyRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM idempotency_key WHERE principal = ? AND key = ?",
                                             arguments: [principal, key]) else { return nil }
            let body: Data = row["response_body"]
            return IdempotencyRecord(principal: row["principal"], key: row["key"], fingerprint: row["fingerprint"],
                                     responseStatus: row["response_status"], contentType: row["content_type"],
                                     responseBody: Array(body), createdAt: row.date("created_at"))
        }
    }

    /// Saves the answer; returns false (and keeps the first) when one is already stored for the key.
    @discardableResult
    public func saveIdempotencyRecord(_ record: IdempotencyRecord) throws -> Bool {
        try writeQuietly { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO idempotency_key
                    (principal, key, fingerprint, response_status, content_type, response_body, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.principal, record.key, record.fingerprint, record.responseStatus, record.contentType,
                                 Data(record.responseBody), record.createdAt.storeMillis])
            return db.changesCount > 0
        }
    }

    /// Housekeeping: keys are kept for a day or so, not forever.
    @discardableResult
    public func deleteIdempotencyRecords(createdBefore: Date) throws -> Int {
        try writeQuietly { db in
            try db.execute(sql: "DELETE FROM idempotency_key WHERE created_at < ?", arguments: [createdBefore.storeMillis])
            return db.changesCount
        }
    }
}
