import Crypto
import Foundation
import HTTPServer
import StatusModel
import StatusStore

/// `Idempotency-Key` on POST, the API's side of it: the rules and the transaction are the
/// application layer's (`IdempotentWrites`); here the request becomes a fingerprint, the response
/// the stored answer, a replay a response again, and a refused key a problem document (409).
enum APIIdempotency {
    static func perform(key: String, request: Request, actor: Actor, store: StatusStore, now: Date, operation: APIOperation,
                        messages: APIMessages, afterCommit: () -> Void, run: () throws -> Response) throws -> Response {
        let outcome: IdempotentWrites.Outcome<Response>
        do {
            outcome = try IdempotentWrites(store: store).perform(key: key, fingerprint: fingerprint(request), actor: actor, now: now,
                                                                 write: run, answer: answer)
        } catch let refusal as IdempotentWrites.Refusal {
            switch refusal {
            case .invalidKey:
                throw APIProblem.validation([APIFieldIssue(field: "Idempotency-Key", code: ValidationCode.invalid.rawValue)], messages)
            case .mismatch: throw APIProblem(kind: "idempotency-conflict", status: 409, detail: messages.idempotencyMismatch)
            case .inFlight: throw APIProblem(kind: "idempotency-conflict", status: 409, detail: messages.idempotencyInFlight)
            }
        }
        switch outcome {
        case .fresh(let response):
            // The write's change notices went out inside the transaction; readers that rendered
            // before the commit must not keep that copy.
            afterCommit()
            return response
        case .replayed(let stored):
            return replay(stored, operation: operation)
        }
    }

    private static func answer(_ response: Response) -> IdempotentWrites.Answer {
        IdempotentWrites.Answer(status: response.status, contentType: response.headers["Content-Type"] ?? "application/json",
                                body: response.body.bytes)
    }

    private static func replay(_ stored: IdempotentWrites.Answer, operation: APIOperation) -> Response {
        var response = APIResponses.bytes(stored.body, status: stored.status, contentType: stored.contentType)
        if stored.status == 201, let parsed = try? APIJSONParser().parse(stored.body),
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
