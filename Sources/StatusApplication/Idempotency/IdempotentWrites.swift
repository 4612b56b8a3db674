import Foundation
import StatusModel
import StatusStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes that may be retried (`Idempotency-Key` on the API's POSTs): the first successful answer is
/// stored per sender and key; a retry of the same request gets that answer again (nothing written
/// twice), the same key with a different request is refused. Keys live 24 hours.
///
/// The lookup, the write and the stored answer are one transaction (`inOneTransaction`), under
/// the table's primary key (sender, key): a crash after the commit leaves both the write and its
/// answer, a crash before leaves neither, and two servers racing on one key cannot both write.
/// No HTTP types: the front-end passes in what makes two requests "the same" (`fingerprint`) and
/// hands over its answer as plain data (`Answer`).
public struct IdempotentWrites: Sendable {
    public static let lifetime: TimeInterval = 24 * 3600

    /// Test-only failure injection: when set to a key, the process exits right after committing
    /// that key's write, before answering (what a crash at the worst moment looks like).
    static let exitAfterCommitKey = ProcessInfo.processInfo.environment["DRIFTSTATUS_TEST_EXIT_AFTER_COMMIT_KEY"]

    let store: StatusStore

    public init(store: StatusStore) {
        self.store = store
    }

    /// A stored answer: what a retry is given again.
    public struct Answer: Sendable, Hashable {
        public var status: Int
        public var contentType: String
        public var body: [UInt8]

        public init(status: Int, contentType: String, body: [UInt8]) {
            self.status = status; self.contentType = contentType; self.body = body
        }
    }

    public enum Outcome<Fresh> {
        /// The write ran now (its answer was kept if it succeeded).
        case fresh(Fresh)
        /// A retry: the first answer, nothing written.
        case replayed(Answer)
    }

    /// Why a key was refused; the front-end words it.
    public enum Refusal: Error, Sendable, Hashable {
        /// Not 1 to 255 visible ASCII characters.
        case invalidKey
        /// The key was used with a different request.
        case mismatch
        /// Another request with this key committed first (a race between servers).
        case inFlight
    }

    /// Runs `write` once per (actor, key): a retry with the same `fingerprint` gets the stored answer.
    /// `answer` turns the write's result into what is stored; only successes (2xx) are kept, since a
    /// refused request changed nothing and retrying it is safe anyway. Errors from `write` pass
    /// through unchanged; a failing store throws `PublishingError.unavailable`.
    public func perform<Fresh>(key: String, fingerprint: String, actor: Actor, now: Date, write: () throws -> Fresh,
                               answer: (Fresh) -> Answer) throws -> Outcome<Fresh> {
        guard (1...255).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw Refusal.invalidKey
        }
        let sender = "\(actor.kind.rawValue):\(actor.id ?? 0)"
        let outcome: Outcome<Fresh>
        do {
            outcome = try store.inOneTransaction {
                try store.deleteIdempotencyRecords(createdBefore: now.addingTimeInterval(-Self.lifetime))
                if let stored = try store.idempotencyRecord(key: key, principal: sender) {
                    guard stored.fingerprint == fingerprint else { throw Refusal.mismatch }
                    return .replayed(Answer(status: stored.responseStatus, contentType: stored.contentType, body: stored.responseBody))
                }
                let result = try write()
                let kept = answer(result)
                if (200..<300).contains(kept.status) {
                    let record = IdempotencyRecord(principal: sender, key: key, fingerprint: fingerprint, responseStatus: kept.status,
                                                   contentType: kept.contentType, responseBody: kept.body, createdAt: now)
                    guard try store.saveIdempotencyRecord(record) else { throw Refusal.inFlight }
                }
                return .fresh(result)
            }
        } catch let error as StoreError {
            throw PublishingError.unavailable(error.description)
        }
        if Self.exitAfterCommitKey == key { _exit(75) }
        return outcome
    }
}
