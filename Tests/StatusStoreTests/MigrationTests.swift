import Foundation
import Testing
@testable import StatusStore

@Suite("Opening and migrating")
struct MigrationTests {
    @Test func migratesAnEmptyDatabaseInWALMode() throws {
        try withStore { store in
            let tables = Set(try store.rawStrings("SELECT name FROM sqlite_master WHERE type = 'table'"))
            for table in ["meta", "component_group", "component", "incident", "incident_update", "incident_update_component",
                          "incident_component", "maintenance", "maintenance_component", "localized_text", "grdb_migrations"] {
                #expect(tables.contains(table), "missing table \(table)")
            }
            #expect(try store.rawStrings("PRAGMA journal_mode") == ["wal"])
            #expect(try store.rawStrings("PRAGMA foreign_keys") == ["1"])
            #expect(try store.rawStrings("SELECT identifier FROM grdb_migrations") == ["0001_initial", "0002_staff", "0003_notifications", "0007_mirror_objects"])
        }
    }

    @Test func migratingTwiceIsANoOp() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The parent directory does not exist yet: open creates it.
        let path = directory.appendingPathComponent("nested/deeper/status.sqlite").path
        let first = try StatusStore.open(path: path, migrationsDirectory: migrationsDirectory)
        _ = try first.makeComponent("login")
        let version = try first.dataVersion()
        try first.close()

        let second = try StatusStore.open(path: path, migrationsDirectory: migrationsDirectory)
        defer { try? second.close() }
        #expect(try second.rawStrings("SELECT identifier FROM grdb_migrations") == ["0001_initial", "0002_staff", "0003_notifications", "0007_mirror_objects"])
        #expect(try second.components().map(\.slug) == ["login"])
        #expect(try second.dataVersion() == version)
    }

    @Test func refusesADatabaseFromANewerVersion() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("status.sqlite").path
        let store = try StatusStore.open(path: path, migrationsDirectory: migrationsDirectory)
        try store.rawExecute("INSERT INTO grdb_migrations (identifier) VALUES ('0002_from_the_future')")
        try store.close()

        #expect(throws: StoreError.databaseFromNewerVersion(path: path, unknownMigrations: ["0002_from_the_future"])) {
            _ = try StatusStore.open(path: path, migrationsDirectory: migrationsDirectory)
        }
    }

    @Test func refusesAGarbageFileAndLeavesItUntouched() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("status.sqlite")
        let garbage = Data("[site]\ntitle = \"not a database\"\n".utf8) + Data((0..<4096).map { UInt8($0 % 251) })
        try garbage.write(to: url)

        let error = #expect(throws: StoreError.self) {
            _ = try StatusStore.open(path: url.path, migrationsDirectory: migrationsDirectory)
        }
        #expect(error == .notADatabase(path: url.path))
        #expect(error?.description.contains("not a Driftstatus (SQLite) database") == true)
        #expect(try Data(contentsOf: url) == garbage)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["status.sqlite"])
    }

    @Test func refusesACorruptDatabaseWithAValidHeader() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("status.sqlite")
        // The SQLite magic followed by nonsense: a damaged file, not a new one.
        let corrupt = Data("SQLite format 3\0".utf8) + Data(repeating: 0xAB, count: 8192)
        try corrupt.write(to: url)

        #expect(throws: StoreError.notADatabase(path: url.path)) {
            _ = try StatusStore.open(path: url.path, migrationsDirectory: migrationsDirectory)
        }
        #expect(try Data(contentsOf: url) == corrupt)
    }

    @Test func reportsMissingMigrations() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("no-migrations", isDirectory: true)
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("status.sqlite").path
        #expect(throws: StoreError.migrationsMissing(empty)) {
            _ = try StatusStore.open(path: path, migrationsDirectory: empty)
        }
        // Nothing was created for a database that could not be migrated.
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aFailingMigrationIsRolledBackAndNamed() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let migrations = directory.appendingPathComponent("migrations", isDirectory: true)
        try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: migrationsDirectory.appendingPathComponent("0001_initial.sql"),
                                         to: migrations.appendingPathComponent("0001_initial.sql"))
        try "CREATE TABLE extra (id INTEGER PRIMARY KEY);\nTHIS IS NOT SQL;".write(
            to: migrations.appendingPathComponent("0002_broken.sql"), atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("status.sqlite").path

        let error = #expect(throws: StoreError.self) {
            _ = try StatusStore.open(path: path, migrationsDirectory: migrations)
        }
        guard case let .migrationFailed(name, _) = error else {
            Issue.record("expected migrationFailed, got \(String(describing: error))")
            return
        }
        #expect(name == "0002_broken")
        // 0001 stays applied, 0002 left no trace.
        try FileManager.default.removeItem(at: migrations.appendingPathComponent("0002_broken.sql"))
        let store = try StatusStore.open(path: path, migrationsDirectory: migrations)
        defer { try? store.close() }
        #expect(try store.rawStrings("SELECT name FROM sqlite_master WHERE name = 'extra'").isEmpty)
        #expect(try store.rawStrings("SELECT identifier FROM grdb_migrations") == ["0001_initial"])
    }

    @Test func migrationFileNames() {
        #expect(MigrationFiles.isMigrationFileName("0001_initial.sql"))
        #expect(MigrationFiles.isMigrationFileName("0012_add_subscribers.sql"))
        #expect(!MigrationFiles.isMigrationFileName("README.md"))
        #expect(!MigrationFiles.isMigrationFileName("0001_initial.sql~"))
        #expect(!MigrationFiles.isMigrationFileName("1_initial.sql"))
    }
}
