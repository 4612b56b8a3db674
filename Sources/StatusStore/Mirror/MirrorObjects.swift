import Foundation
import GRDB

/// One object the mirror wants in the bucket: its stored bytes and the headers it is served with.
public struct MirrorObjectContent: Sendable, Hashable {
    public var key: String
    public var body: [UInt8]
    /// Hex SHA-256 of `body`.
    public var sha256: String
    public var contentType: String
    public var cacheControl: String?
    public var contentEncoding: String?

    public init(key: String, body: [UInt8], sha256: String, contentType: String, cacheControl: String?, contentEncoding: String?) {
        self.key = key; self.body = body; self.sha256 = sha256
        self.contentType = contentType; self.cacheControl = cacheControl; self.contentEncoding = contentEncoding
    }
}

/// A change owed to the bucket.
public enum MirrorOperation: Sendable, Hashable {
    case put(MirrorObjectContent)
    case delete(key: String)
    /// Forget a pending upload of an object the bucket never got and is no longer wanted.
    case cancel(key: String)
}

/// A queued operation that is due, with the attempts made so far.
public struct MirrorUpload: Sendable, Hashable {
    /// nil for a deletion.
    public var content: MirrorObjectContent?
    public var key: String
    public var attempts: Int
}

/// What the store knows about one mirror target (a bucket and prefix).
public struct MirrorTargetState: Sendable, Equatable {
    /// Key → SHA-256 of what the bucket holds.
    public var stored: [String: String]
    /// Key → SHA-256 of the pending upload, or nil for a pending deletion.
    public var pending: [String: String?]

    public init(stored: [String: String], pending: [String: String?]) {
        self.stored = stored; self.pending = pending
    }
}

// The object-storage mirror's bookkeeping. Quiet writes: public pages do not show it.
extension StatusStore {
    public func mirrorState(target: String) throws -> MirrorTargetState {
        try read { db in
            var stored: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, sha256 FROM mirror_object WHERE target = ?", arguments: [target]) {
                stored[row["key"]] = row["sha256"]
            }
            var pending: [String: String?] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, sha256 FROM mirror_upload WHERE target = ?", arguments: [target]) {
                pending[row["key"]] = .some(row["sha256"])
            }
            return MirrorTargetState(stored: stored, pending: pending)
        }
    }

    /// Queues `operations` in one transaction, each due now; a newer operation on a key replaces
    /// the pending one (and its attempt count: it is new content).
    public func queueMirrorOperations(target: String, _ operations: [MirrorOperation], at now: Date) throws {
        guard !operations.isEmpty else { return }
        try writeQuietly { db in
            for operation in operations {
                switch operation {
                case .put(let object):
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO mirror_upload (target, key, operation, sha256, body, content_type, cache_control,
                                                              content_encoding, attempts, next_attempt_at)
                        VALUES (?, ?, 'put', ?, ?, ?, ?, ?, 0, ?)
                        """, arguments: [target, object.key, object.sha256, Data(object.body), object.contentType,
                                         object.cacheControl, object.contentEncoding, now.storeMillis])
                case .delete(let key):
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO mirror_upload (target, key, operation, attempts, next_attempt_at)
                        VALUES (?, ?, 'delete', 0, ?)
                        """, arguments: [target, key, now.storeMillis])
                case .cancel(let key):
                    try db.execute(sql: "DELETE FROM mirror_upload WHERE target = ? AND key = ?", arguments: [target, key])
                }
            }
        }
    }

    /// Pending operations whose time has come, the longest-waiting first.
    public func dueMirrorUploads(target: String, at now: Date, limit: Int) throws -> [MirrorUpload] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM mirror_upload WHERE target = ? AND next_attempt_at <= ?
                ORDER BY next_attempt_at, key LIMIT ?
                """, arguments: [target, now.storeMillis, max(1, limit)]).map { row in
                let key: String = row["key"]
                var content: MirrorObjectContent?
                if (row["operation"] as String) == "put" {
                    let body: Data = row["body"]
                    content = MirrorObjectContent(key: key, body: [UInt8](body), sha256: row["sha256"], contentType: row["content_type"],
                                                  cacheControl: row["cache_control"], contentEncoding: row["content_encoding"])
                }
                return MirrorUpload(content: content, key: key, attempts: row["attempts"])
            }
        }
    }

    /// When the next pending operation is due, or nil when the queue is empty.
    public func nextMirrorUploadDue(target: String) throws -> Date? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM mirror_upload WHERE target = ?", arguments: [target])
                .map(Date.init(storeMillis:))
        }
    }

    /// The bucket confirmed `upload`: record what it now holds and drop the queue entry, unless
    /// a newer version was queued meanwhile.
    public func mirrorUploadSucceeded(target: String, _ upload: MirrorUpload, at now: Date) throws {
        try writeQuietly { db in
            if let content = upload.content {
                try db.execute(sql: "INSERT OR REPLACE INTO mirror_object (target, key, sha256, uploaded_at) VALUES (?, ?, ?, ?)",
                               arguments: [target, upload.key, content.sha256, now.storeMillis])
                try db.execute(sql: "DELETE FROM mirror_upload WHERE target = ? AND key = ? AND operation = 'put' AND sha256 = ?",
                               arguments: [target, upload.key, content.sha256])
            } else {
                try db.execute(sql: "DELETE FROM mirror_object WHERE target = ? AND key = ?", arguments: [target, upload.key])
                try db.execute(sql: "DELETE FROM mirror_upload WHERE target = ? AND key = ? AND operation = 'delete'",
                               arguments: [target, upload.key])
            }
        }
    }

    /// The attempt failed: try again at `nextAttempt`, keeping the reason for the logs.
    public func mirrorUploadFailed(target: String, key: String, reason: String, nextAttempt: Date) throws {
        try writeQuietly { db in
            try db.execute(sql: """
                UPDATE mirror_upload SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
                WHERE target = ? AND key = ?
                """, arguments: [nextAttempt.storeMillis, String(reason.prefix(500)), target, key])
        }
    }

    /// Operations still owed to the bucket.
    public func mirrorQueueLength(target: String) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mirror_upload WHERE target = ?", arguments: [target]) ?? 0 }
    }
}
