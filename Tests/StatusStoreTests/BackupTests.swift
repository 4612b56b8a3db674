import Foundation
import StatusModel
@testable import StatusStore
import Testing

/// `backup` makes a consistent copy while writes go on; `restore` checks a file before using it
/// and keeps the database it replaces.
@Suite struct BackupTests {
    @Test func backupWhileWritesGoOnIsConsistent() throws {
        try withStore { store in
            let component = try store.makeComponent("bank")
            let directory = URL(fileURLWithPath: store.path).deletingLastPathComponent()
            let writer = Thread {
                for n in 0..<200 {
                    _ = try? store.createIncident(title: text("t\(n)", "t\(n)"), impact: .minor, status: .investigating,
                                                  body: text("b", "b"), componentChanges: [], at: day(1), by: testActor)
                }
            }
            writer.start()
            var copies: [String] = []
            for n in 0..<5 {
                let copy = directory.appendingPathComponent("copy-\(n).sqlite").path
                try store.backup(to: copy)
                copies.append(copy)
            }
            while !writer.isFinished { Thread.sleep(forTimeInterval: 0.01) }
            for copy in copies {
                #expect(try StatusStore.verifyBackup(at: copy, migrationsDirectory: migrationsDirectory) > 0)
                let restored = try StatusStore.open(path: copy, migrationsDirectory: migrationsDirectory)
                defer { try? restored.close() }
                #expect(try restored.component(id: component.id)?.slug == "bank")
                // Each copy is one moment: the data version counts exactly the writes it holds.
                let incidents = try restored.incidentIDs().count
                #expect(try restored.dataVersion() == Int64(incidents + 1))
            }
            #expect(try store.incidentIDs().count == 200)
        }
    }

    @Test func backupRefusesToOverwriteUnlessForced() throws {
        try withStore { store in
            let copy = URL(fileURLWithPath: store.path).deletingLastPathComponent().appendingPathComponent("b.sqlite").path
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: copy))
            #expect(throws: BackupError.self) { try store.backup(to: copy) }
            #expect(try String(contentsOfFile: copy, encoding: .utf8) == "keep me")
            try store.backup(to: copy, overwrite: true)
            #expect(try StatusStore.verifyBackup(at: copy, migrationsDirectory: migrationsDirectory) > 0)
        }
    }

    @Test func restoreChecksTheFileFirst() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("live.sqlite").path
        let notSQLite = directory.appendingPathComponent("notes.txt").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notSQLite))
        #expect(throws: BackupError.self) { try StatusStore.restore(from: notSQLite, to: target, migrationsDirectory: migrationsDirectory) }

        let foreign = directory.appendingPathComponent("foreign.sqlite").path
        let foreignStore = try StatusStore.open(path: foreign, migrationsDirectory: migrationsDirectory)
        try foreignStore.rawExecute("DROP TABLE grdb_migrations")
        try foreignStore.close()
        #expect(throws: BackupError.self) { try StatusStore.restore(from: foreign, to: target, migrationsDirectory: migrationsDirectory) }

        let newer = directory.appendingPathComponent("newer.sqlite").path
        let newerStore = try StatusStore.open(path: newer, migrationsDirectory: migrationsDirectory)
        try newerStore.rawExecute("INSERT INTO grdb_migrations (identifier) VALUES ('9999_from_the_future')")
        try newerStore.close()
        do {
            _ = try StatusStore.restore(from: newer, to: target, migrationsDirectory: migrationsDirectory)
            Issue.record("a newer database was restored")
        } catch let error as BackupError {
            #expect(error.description.contains("newer"))
        }

        let damaged = directory.appendingPathComponent("damaged.sqlite").path
        let damagedStore = try StatusStore.open(path: damaged, migrationsDirectory: migrationsDirectory)
        for n in 0..<50 { _ = try damagedStore.makeComponent("c\(n)") }
        try damagedStore.close()
        // Scribble over a page in the middle of the file.
        let handle = try #require(FileHandle(forWritingAtPath: damaged))
        try handle.seek(toOffset: 4096 * 2 + 100)
        handle.write(Data(repeating: 0xA5, count: 2000))
        try handle.close()
        #expect(throws: BackupError.self) { try StatusStore.restore(from: damaged, to: target, migrationsDirectory: migrationsDirectory) }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func restoreIntoALiveDatabaseIsSeenByOpenConnections() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let live = directory.appendingPathComponent("live.sqlite").path
        let server = try StatusStore.open(path: live, migrationsDirectory: migrationsDirectory)
        defer { try? server.close() }
        _ = try server.makeComponent("before-backup")
        let backup = directory.appendingPathComponent("backup.sqlite").path
        try server.backup(to: backup)
        _ = try server.makeComponent("after-backup")
        let versionBefore = try server.dataVersion()

        let summary = try StatusStore.restore(from: backup, to: live, migrationsDirectory: migrationsDirectory,
                                              now: Date(timeIntervalSince1970: 1_795_611_600))
        #expect(summary.restoredInPlace)
        #expect(summary.previousCopy == live + ".before-restore-20261125T130000Z")
        // The "server" still has its pool open and sees the restored data, with a new data version.
        #expect(try server.components().map(\.slug) == ["before-backup"])
        #expect(try server.dataVersion() > versionBefore)
        let previous = try StatusStore.open(path: try #require(summary.previousCopy), migrationsDirectory: migrationsDirectory)
        defer { try? previous.close() }
        #expect(try previous.components().map(\.slug) == ["before-backup", "after-backup"])
        #expect(try server.rawStrings("PRAGMA integrity_check") == ["ok"])
    }

    @Test func restoreOverACorruptOrMissingFileSwapsItIn() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try StatusStore.open(path: directory.appendingPathComponent("source.sqlite").path, migrationsDirectory: migrationsDirectory)
        _ = try source.makeComponent("restored")
        let backup = directory.appendingPathComponent("backup.sqlite").path
        try source.backup(to: backup)
        try source.close()

        let missing = directory.appendingPathComponent("sub/new.sqlite").path
        let first = try StatusStore.restore(from: backup, to: missing, migrationsDirectory: migrationsDirectory)
        #expect(!first.restoredInPlace && first.previousCopy == nil)

        let corrupt = directory.appendingPathComponent("corrupt.sqlite").path
        try Data("garbage, not a database".utf8).write(to: URL(fileURLWithPath: corrupt))
        let second = try StatusStore.restore(from: backup, to: corrupt, migrationsDirectory: migrationsDirectory)
        #expect(!second.restoredInPlace)
        #expect(try String(contentsOfFile: try #require(second.previousCopy), encoding: .utf8) == "garbage, not a database")
        for path in [missing, corrupt] {
            let store = try StatusStore.open(path: path, migrationsDirectory: migrationsDirectory)
            #expect(try store.components().map(\.slug) == ["restored"])
            try store.close()
        }
    }
}
