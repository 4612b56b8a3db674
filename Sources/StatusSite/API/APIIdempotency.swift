import Crypto
import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// `Idempotency-Key` on POST: the first successful answer is stored per token and key; a retry
/// with the same request gets that answer again (same incident, nothing written twice), the same
/// key with a different request gets 409. Keys live 24 hours.
///
/// The lookup, the write and the stored answer are one transaction (`inOneTransaction`), under
/// the table's primary key (principal, key): a crash after the commit leaves both the write and
/// its answer, a crash before leaves neither, and two servers racing on one key cannot both write.
enum APIIdempotency {
    static let lifetime: TimeInterval = 24 * 3600

    /// Test-only failure injection: when set to a key, the process exits right after committing
    /// that key's write, before answering (what a crash at the worst moment looks like).
    static let exitAfterCommitKey = ProcessInfo.processInfo.environment["DRIFTSTATUS_TEST_EXIT_AFTER_COMMIT_KEY"]

    static func perform(key: String, request: Request, actor: Actor, store: StatusStore, now: Date, operation: APIOperation,
                        messages: APIMessages, afterCommit: () -> Void, run: () throws -> Response) throws -> Response {
        guard (1...255).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw APIProblem.validation([APIFieldIssue(field: "Idempotency-Key", code: ValidationCode.invalid.rawValue)], messages)
        }
        let principal = "\(actor.kind.rawValue):\(actor.id ?? 0)"
        let fingerprint = Self.fingerprint(request)
        let (response, replayed): (Response, Bool)
        do {
            (response, replayed) = try store.inOneTransaction {
                try store.deleteIdempotencyRecords(createdBefore: now.addingTimeInterval(-lifetime))
                if let stored = try store.idempotencyRecord(key: key, principal: principal) {
                    guard stored.fingerprint == fingerprint else {
                        throw APIProblem(kind: "idempotency-conflict", status: 409, detail: messages.idempotencyMismatch)
                    }
                    return (replay(stored, operation: operation), true)
                }
                let response = try run()
                // Only successes are kept: a refused request changed nothing, so retrying it is safe anyway.
                if (200..<300).contains(response.status) {
                    let record = IdempotencyRecord(principal: principal, key: key, fingerprint: fingerprint,
                                                   responseStatus: response.status,
                                                   contentType: response.headers["Content-Type"] ?? "application/json",
                                                   responseBody: response.body.bytes, createdAt: now)
                    guard try store.saveIdempotencyRecord(record) else {
                        throw APIProblem(kind: "idempotency-conflict", status: 409, detail: messages.idempotencyInFlight)
                    }
                }
                return (response, false)
            }
        } catch let error as StoreError {
            throw PublishingError.unavailable(error.description)
        }
        if exitAfterCommitKey == key { _exit(75) }
        // The write's change notices went out inside the transaction; readers that rendered
        // before the commit must not keep that copy.
        if !replayed { afterCommit() }
        return response
    }

    private static func replay(_ stored: IdempotencyRecord, operation: APIOperation) -> Response {
        var response = APIResponses.bytes(stored.responseBody, status: stored.responseStatus, contentType: stored.contentType)
        if stored.responseStatus == 201, let parsed = try? APIJSONParser().parse(stored.responseBody),
           let location = operation.location?(parsed) {
            response.headers.add("Location", location)
        }
        response.headers.add("Idempotent-Replayed", "true")
        return response
    }

    /// Method, path and exact body bytes: "the same request" byte for byte.
    static func fingerprint(_ request: Request) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("\(request.method) \(request.path)\n".utf8))
        hasher.update(data: request.body)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
