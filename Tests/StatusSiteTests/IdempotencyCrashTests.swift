import Foundation
@testable import StatusStore
import Testing
import TestSupport

/// The write and its Idempotency-Key answer commit together: the process dies right after the
/// commit (failure injection), the retry gets the first answer, nothing is published or
/// notified twice. Runs the real `driftstatus` binary.
@Suite(.serialized) struct IdempotencyCrashTests {
    @Test func aRetryAfterACrashBetweenCommitAndAnswerGetsTheFirstAnswer() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = ["--db", "d.sqlite", "--site", TestSite.repositoryRoot.path]
        let token = try CommandLineTests.run(["token", "create", "--name", "crash", "--role", "editor"] + site, in: directory)
        try #require(token.status == 0, "\(token.error)")
        let headers = [("Authorization", "Bearer \(token.output.trimmingCharacters(in: .whitespacesAndNewlines))"),
                       ("Content-Type", "application/json"), ("Idempotency-Key", "alert-4711")]
        let json = #"{"title":{"sv":"Krasch","en":"Crash"},"body":{"sv":"b","en":"b"},"impact":"major","notify":true}"#

        let dying = try ServerProcess(arguments: ["serve", "--port", "0", "--log-level", "warning"] + site, in: directory,
                                      environment: ["DRIFTSTATUS_TEST_EXIT_AFTER_COMMIT_KEY": "alert-4711"])
        let first = try? HTTPTestClient(port: dying.port, timeoutSeconds: 10).send("POST", "/api/v1/incidents", headers: headers, body: json)
        dying.wait()
        #expect(first == nil, "the process answered before dying")
        #expect(dying.process.terminationStatus == 75)

        let server = try ServerProcess(arguments: ["serve", "--port", "0", "--log-level", "warning"] + site, in: directory)
        defer { server.kill(); server.wait() }
        let retry = try HTTPTestClient(port: server.port, timeoutSeconds: 10).send("POST", "/api/v1/incidents", headers: headers, body: json)
        #expect(retry.status == 201)
        #expect(retry.header("Idempotent-Replayed") == "true")

        let store = try StatusStore.open(path: directory.appendingPathComponent("d.sqlite").path)
        defer { try? store.close() }
        let ids = try store.incidentIDs()
        #expect(ids.count == 1, "published twice: \(ids)")
        #expect(retry.text.contains("\"id\":\(ids.first ?? -1)") || retry.text.contains("\"id\": \(ids.first ?? -1)"), "\(retry.text)")
        #expect(try store.rawStrings("SELECT count(*) FROM notification_event") == ["1"])
        #expect(try store.rawStrings("SELECT count(*) FROM idempotency_key") == ["1"])
    }
}
