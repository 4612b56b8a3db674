import Foundation
import Testing
@testable import StatusStore

@Suite("The object-storage mirror's durable queue")
struct MirrorQueueTests {
    static func object(_ key: String, _ text: String) -> MirrorObjectContent {
        MirrorObjectContent(key: key, body: Array(text.utf8), sha256: "hash-of-\(text)", contentType: "text/html; charset=utf-8",
                            cacheControl: "public, max-age=15", contentEncoding: "gzip")
    }

    @Test("a queued upload survives a reopen with its bytes and headers, and leaves the queue when confirmed")
    func queueIsDurable() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("site.sqlite").path
        let now = day(10)
        do {
            let store = try StatusStore.open(path: path, migrationsDirectory: migrationsDirectory)
            let versionBefore = try store.dataVersion()
            try store.queueMirrorOperations(target: "t", [.put(Self.object("a/index.html", "A")), .delete(key: "old.html")], at: now)
            // Bookkeeping is not a change the public pages show.
            #expect(try store.dataVersion() == versionBefore)
            try store.close()
        }
        let store = try StatusStore.open(path: path, migrationsDirectory: migrationsDirectory)
        defer { try? store.close() }
        let due = try store.dueMirrorUploads(target: "t", at: now, limit: 10)
        #expect(due.map(\.key) == ["a/index.html", "old.html"])
        #expect(due[0].content == Self.object("a/index.html", "A"))
        #expect(due[1].content == nil)
        #expect(try store.dueMirrorUploads(target: "other", at: now, limit: 10).isEmpty)

        try store.mirrorUploadSucceeded(target: "t", due[0], at: now)
        #expect(try store.mirrorState(target: "t") == MirrorTargetState(stored: ["a/index.html": "hash-of-A"], pending: ["old.html": String?.none]))
    }

    @Test("a failed attempt waits until its next time; a newer version replaces the pending one")
    func retriesAndReplacement() throws {
        try withStore { store in
            let now = day(3)
            try store.queueMirrorOperations(target: "t", [.put(Self.object("k", "v1"))], at: now)
            try store.mirrorUploadFailed(target: "t", key: "k", reason: "connection refused", nextAttempt: now.addingTimeInterval(30))
            #expect(try store.dueMirrorUploads(target: "t", at: now.addingTimeInterval(29), limit: 10).isEmpty)
            let later = try store.dueMirrorUploads(target: "t", at: now.addingTimeInterval(30), limit: 10)
            #expect(later.map(\.attempts) == [1])
            #expect(try store.nextMirrorUploadDue(target: "t") == now.addingTimeInterval(30))

            // v2 is queued while v1's upload is in flight: confirming v1 must not drop v2.
            try store.queueMirrorOperations(target: "t", [.put(Self.object("k", "v2"))], at: now)
            try store.mirrorUploadSucceeded(target: "t", later[0], at: now)
            let state = try store.mirrorState(target: "t")
            #expect(state.stored == ["k": "hash-of-v1"])
            #expect(state.pending == ["k": .some("hash-of-v2")])
            #expect(try store.mirrorQueueLength(target: "t") == 1)
        }
    }
}
