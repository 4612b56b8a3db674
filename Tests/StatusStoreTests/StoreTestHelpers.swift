import Foundation
@testable import StatusStore
import StatusModel

/// The repository's migrations directory, found from this file's location.
let migrationsDirectory: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url.deleteLastPathComponent()
    }
    return url.appendingPathComponent("migrations", isDirectory: true)
}()

/// A fresh directory under the system temp dir; tests delete it when done.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs `body` with a newly migrated store, removing its files afterwards.
func withStore<T>(_ body: (StatusStore) throws -> T) throws -> T {
    let store = try StatusStore.openTemporary(migrationsDirectory: migrationsDirectory)
    defer {
        try? store.close()
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: store.path).deletingLastPathComponent())
    }
    return try body(store)
}

func text(_ sv: String, _ en: String) -> LocalizedText {
    LocalizedText([.swedish: sv, .english: en])
}

/// Whole seconds after 2026-01-01T00:00:00Z, so dates survive the store's millisecond precision exactly.
func day(_ dayNumber: Double, hour: Double = 0) -> Date {
    Date(timeIntervalSince1970: 1_767_225_600 + dayNumber * 86_400 + hour * 3_600)
}

extension StatusStore {
    /// An ungrouped component, for tests that need something to point at.
    func makeComponent(_ slug: String, at date: Date = day(0)) throws -> Component {
        try createComponent(slug: slug, groupID: nil, name: text(slug, slug), description: LocalizedText(), position: nil,
                            status: .operational, isHidden: false, createdAt: date, by: testActor)
    }
}

/// The actor the store tests write as.
let testActor = Actor.system("test")
