import Foundation
import SiteSettings
import StatusApplication
import StatusModel
import StatusStore

/// 2026-11-25 13:00 UTC, a Wednesday: the tests' "now".
let testNow = Date(timeIntervalSince1970: 1_795_611_600)

/// A fresh store (the migrations built into the binary) in a temporary directory.
final class StoreFixture: @unchecked Sendable {
    let store: StatusStore
    let directory: URL

    init() throws {
        store = try StatusStore.openTemporary()
        directory = URL(fileURLWithPath: store.path).deletingLastPathComponent()
    }

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Counts `onChange` (or any other) calls.
final class ChangeCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var count: Int { lock.withLock { value } }
    func bump() { lock.withLock { value += 1 } }
}

let testAdmin = Actor(kind: .user, id: 2, name: "Adam", role: .admin)
let testEditor = Actor(kind: .user, id: 1, name: "Eva", role: .editor)

extension LocalizedText {
    static func both(_ swedish: String, _ english: String) -> LocalizedText {
        LocalizedText([.swedish: swedish, .english: english])
    }
}
