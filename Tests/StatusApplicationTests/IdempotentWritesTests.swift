import Foundation
import StatusApplication
import StatusModel
import StatusStore
import Testing

@Suite("Idempotent writes: one write per key, the first answer replayed")
struct IdempotentWritesTests {
    let fixture: StoreFixture
    let writes: IdempotentWrites
    let token = Actor(kind: .token, id: 3, name: "monitoring", role: .editor)

    init() throws {
        fixture = try StoreFixture()
        writes = IdempotentWrites(store: fixture.store)
    }

    /// Runs a write that counts itself and answers `status`.
    func perform(key: String = "alert-4711", fingerprint: String = "same", status: Int = 201, by actor: Actor? = nil,
                 counter: ChangeCounter) throws -> IdempotentWrites.Outcome<Int> {
        try writes.perform(key: key, fingerprint: fingerprint, actor: actor ?? token, now: testNow,
                           write: { counter.bump(); return counter.count },
                           answer: { IdempotentWrites.Answer(status: status, contentType: "application/json", body: Array("{\"n\":\($0)}".utf8)) })
    }

    @Test func aRetryGetsTheFirstAnswerWithoutWritingAgain() throws {
        let counter = ChangeCounter()
        guard case .fresh(1) = try perform(counter: counter) else { Issue.record("not written"); return }
        guard case .replayed(let answer) = try perform(counter: counter) else { Issue.record("not replayed"); return }
        #expect(answer == IdempotentWrites.Answer(status: 201, contentType: "application/json", body: Array("{\"n\":1}".utf8)))
        #expect(counter.count == 1)
    }

    @Test func theSameKeyWithAnotherRequestIsRefused() throws {
        let counter = ChangeCounter()
        _ = try perform(counter: counter)
        #expect(throws: IdempotentWrites.Refusal.mismatch) { try perform(fingerprint: "other", counter: counter) }
        #expect(counter.count == 1)
    }

    @Test func keysAreScopedToTheirSender() throws {
        let counter = ChangeCounter()
        _ = try perform(counter: counter)
        guard case .fresh = try perform(by: Actor(kind: .token, id: 4, name: "other", role: .editor), counter: counter) else {
            Issue.record("another sender's key replayed"); return
        }
        #expect(counter.count == 2)
    }

    @Test func refusedAnswersAreNotKept() throws {
        let counter = ChangeCounter()
        _ = try perform(status: 422, counter: counter)
        guard case .fresh = try perform(counter: counter) else { Issue.record("a refusal was replayed"); return }
        #expect(counter.count == 2)
    }

    @Test func malformedKeysAreRefusedBeforeAnyWrite() throws {
        let counter = ChangeCounter()
        for key in ["", "with space", String(repeating: "k", count: 256), "é"] {
            #expect(throws: IdempotentWrites.Refusal.invalidKey) { try perform(key: key, counter: counter) }
        }
        #expect(counter.count == 0)
    }

    @Test func keysExpireAfterADay() throws {
        let counter = ChangeCounter()
        _ = try perform(counter: counter)
        let later = testNow.addingTimeInterval(IdempotentWrites.lifetime + 1)
        let outcome = try writes.perform(key: "alert-4711", fingerprint: "other", actor: token, now: later,
                                         write: { counter.bump(); return counter.count },
                                         answer: { _ in IdempotentWrites.Answer(status: 201, contentType: "application/json", body: []) })
        guard case .fresh = outcome else { Issue.record("an expired key replayed"); return }
    }
}
