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

extension StatusStore {
    public func idempotencyRecord(key: String, principal: String) throws -> IdempotencyRecord? { fatalError("not yet") }

    /// Saves the answer; returns false (and keeps the first) when one is already stored for the key.
    @discardableResult
    public func saveIdempotencyRecord(_ record: IdempotencyRecord) throws -> Bool { fatalError("not yet") }

    /// Housekeeping: keys are kept for a day or so, not forever.
    @discardableResult
    public func deleteIdempotencyRecords(createdBefore: Date) throws -> Int { fatalError("not yet") }
}
