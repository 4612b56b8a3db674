import Foundation
import GRDB
import StatusModel

/// The SQLite database behind a site. The only place (with `migrations/`) that knows SQL;
/// it accepts and returns StatusModel values. Reads run concurrently (WAL), writes are serialised.
public final class StatusStore: Sendable {
    public let path: String
    /// The open pool, the file it belongs to and failure bookkeeping (see `StoreConnection`).
    let connection: StoreConnection
    /// The current pool; replaced when the file at `path` is replaced (see `verifyFile`).
    var pool: DatabasePool { connection.pool }

    private init(path: String, pool: DatabasePool, migrations: Migrations) {
        self.path = path
        connection = StoreConnection(pool: pool, path: path, migrations: migrations)
    }

    /// Opens (creating it if absent) the database at `path` in WAL mode with foreign keys on,
    /// and applies the pending migrations (by default the ones compiled into this build).
    /// Refuses files that are not SQLite databases and databases written by a newer build.
    public static func open(path: String, migrations: Migrations = .builtIn) throws -> StatusStore {
        StatusStore(path: path, pool: try openPool(path: path, migrations: migrations), migrations: migrations)
    }

    /// `open(path:)` with the migrations read from a directory of `NNNN_name.sql` files (tests).
    public static func open(path: String, migrationsDirectory: URL) throws -> StatusStore {
        try open(path: path, migrations: try Migrations(directory: migrationsDirectory))
    }

    /// Opens and migrates the pool for `path` (at start, and again when the file was replaced).
    static func openPool(path: String, migrations: Migrations) throws -> DatabasePool {
        let migrator = migrations.migrator()
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
        return pool
    }

    /// A fresh database in a new temporary directory, for tests and previews.
    public static func openTemporary(migrations: Migrations = .builtIn) throws -> StatusStore {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("driftstatus-\(UUID().uuidString)", isDirectory: true)
        return try open(path: directory.appendingPathComponent("status.sqlite").path, migrations: migrations)
    }

    public static func openTemporary(migrationsDirectory: URL) throws -> StatusStore {
        try openTemporary(migrations: try Migrations(directory: migrationsDirectory))
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
        if let db = openTransaction { return try mappingErrors { try block(db) } }
        return try mappingErrors { try verifiedPool().read(block) }
    }

    /// One write transaction that also bumps the data version.
    func write<T>(_ block: (Database) throws -> T) throws -> T {
        try writeQuietly { db in
            let result = try block(db)
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'data_version'")
            return result
        }
    }

    /// A write that public pages do not show (session activity, housekeeping): no data version
    /// bump, so the render cache is not thrown away on every admin click.
    func writeQuietly<T>(_ block: (Database) throws -> T) throws -> T {
        if let db = openTransaction { return try mappingErrors { try block(db) } }
        return try recordingWriteOutcome { try verifiedPool().write(block) }
    }

    func mappingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                connection.countError()
                throw StoreError.notADatabase(path: path)
            case .SQLITE_CONSTRAINT: throw StoreError.constraint(error.message ?? "constraint violated")
            default:
                connection.countError()
                throw StoreError.database(error.message ?? "\(error)")
            }
        }
    }
}
