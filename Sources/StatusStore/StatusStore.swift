import Foundation
import GRDB
import StatusModel

/// The SQLite database behind a site. The only place (with `migrations/`) that knows SQL;
/// it accepts and returns StatusModel values. Reads run concurrently (WAL), writes are serialised.
public final class StatusStore: Sendable {
    public let path: String
    let pool: DatabasePool

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Opens (creating it if absent) the database at `path` in WAL mode with foreign keys on,
    /// and applies the pending migrations from `migrationsDirectory`.
    /// Refuses files that are not SQLite databases and databases written by a newer build.
    public static func open(path: String, migrationsDirectory: URL) throws -> StatusStore {
        let migrations = try MigrationFiles(directory: migrationsDirectory)
        let migrator = try migrations.migrator()
        try DatabaseFile.prepare(path: path)

        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // A write waits this long for another writer (e.g. a CLI command) instead of failing.
        configuration.busyMode = .timeout(5)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw DatabaseFile.openError(error, path: path)
        }

        let applied: Set<String>
        do {
            applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(migrations.identifiers).sorted()
            guard unknown.isEmpty else {
                throw StoreError.databaseFromNewerVersion(path: path, unknownMigrations: unknown)
            }
        } catch let error as DatabaseError {
            throw DatabaseFile.openError(error, path: path)
        }
        // One at a time, so a failure names the migration that failed.
        // Skipping applied ones matters: GRDB traps on `migrate(upTo:)` below the newest applied migration.
        for identifier in migrations.identifiers where !applied.contains(identifier) {
            do {
                try migrator.migrate(pool, upTo: identifier)
            } catch let error as DatabaseError {
                throw StoreError.migrationFailed(name: identifier, reason: error.message ?? "\(error)")
            }
        }
        return StatusStore(path: path, pool: pool)
    }

    /// A fresh database in a new temporary directory, for tests and previews.
    public static func openTemporary(migrationsDirectory: URL) throws -> StatusStore {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("driftstatus-\(UUID().uuidString)", isDirectory: true)
        return try open(path: directory.appendingPathComponent("status.sqlite").path, migrationsDirectory: migrationsDirectory)
    }

    public func close() throws {
        try mappingErrors { try pool.close() }
    }

    /// A counter bumped by every write, so caches can tell stale from fresh.
    public func dataVersion() throws -> Int64 {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'data_version'") ?? 0
        }
    }

    // MARK: - Transactions (internal: GRDB stays out of the public API)

    /// One read transaction: everything read inside sees the same moment.
    func read<T>(_ block: (Database) throws -> T) throws -> T {
        try mappingErrors { try pool.read(block) }
    }

    /// One write transaction that also bumps the data version.
    func write<T>(_ block: (Database) throws -> T) throws -> T {
        try mappingErrors {
            try pool.write { db in
                let result = try block(db)
                try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'data_version'")
                return result
            }
        }
    }

    /// A write that public pages do not show (session activity, housekeeping): no data version
    /// bump, so the render cache is not thrown away on every admin click.
    func writeQuietly<T>(_ block: (Database) throws -> T) throws -> T {
        try mappingErrors { try pool.write(block) }
    }

    private func mappingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: throw StoreError.notADatabase(path: path)
            case .SQLITE_CONSTRAINT: throw StoreError.invalid(error.message ?? "constraint violated")
            default: throw StoreError.database(error.message ?? "\(error)")
            }
        }
    }
}
