import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a backup or restore was refused, in words an operator can act on.
public struct BackupError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// What `restore` checked and did.
public struct RestoreSummary: Sendable {
    /// Where the database that was replaced now lives (nil when there was none).
    public let previousCopy: String?
    /// The restored database's migrations.
    public let migrations: Int
    /// True when the backup was copied into the live database (running servers see it at once),
    /// false when the file was swapped (no usable database was there).
    public let restoredInPlace: Bool
}

extension StatusStore {
    /// Writes a consistent copy of the database to `destination` while other connections go on
    /// reading and writing (`VACUUM INTO` reads one snapshot; writers are not blocked).
    /// The copy is made beside `destination`, flushed, then moved into place, so `destination`
    /// is either absent or complete. Refuses an existing `destination` unless `overwrite`.
    public func backup(to destination: String, overwrite: Bool = false) throws {
        let target = URL(fileURLWithPath: destination)
        if !overwrite, FileManager.default.fileExists(atPath: destination) {
            throw BackupError("\(destination) already exists; pass --force to replace it")
        }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: partial) }
        // Outside a transaction (VACUUM refuses to run inside one); VACUUM INTO still reads one snapshot.
        try mappingErrors { try verifiedPool().unsafeRead { db in try db.execute(sql: "VACUUM INTO ?", arguments: [partial.path]) } }
        try Durable.sync(file: partial.path)
        if overwrite {
            guard rename(partial.path, destination) == 0 else { throw BackupError("cannot write \(destination): \(Durable.errorText())") }
        } else {
            // link() fails if the name exists meanwhile: never overwrites, unlike rename().
            guard link(partial.path, destination) == 0 else { throw BackupError("cannot write \(destination): \(Durable.errorText())") }
        }
        try Durable.sync(directory: target.deletingLastPathComponent().path)
    }

    /// Checks that `path` is a database this build can use: an SQLite file that passes
    /// `PRAGMA integrity_check`, made by Driftstatus (it has our migration table and data), and
    /// not by a newer version. Returns the number of its migrations. `path` is not modified.
    @discardableResult
    public static func verifyBackup(at path: String, migrationsDirectory: URL) throws -> Int {
        try verifyBackup(at: path, migrations: try Migrations(directory: migrationsDirectory))
    }

    @discardableResult
    public static func verifyBackup(at path: String, migrations: Migrations = .builtIn) throws -> Int {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftstatus-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try verifiedCopy(of: path, in: directory, migrations: migrations).migrations
    }

    /// Copies `path` into `directory` and checks the copy (see `verifyBackup`). Checking a private
    /// copy leaves the backup untouched: opening an SQLite file may create or change files beside it.
    static func verifiedCopy(of path: String, in directory: URL, migrations: Migrations) throws -> (url: URL, migrations: Int) {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError("\(path) does not exist") }
        do {
            try DatabaseFile.prepare(path: path)
        } catch {
            throw BackupError("\(path) is not an SQLite database")
        }
        let known = Set(migrations.identifiers)
        let copy = directory.appendingPathComponent(".\(URL(fileURLWithPath: path).lastPathComponent).restore-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: path, toPath: copy.path)
        do {
            let queue = try DatabaseQueue(path: copy.path)
            defer { try? queue.close() }
            let migrations = try queue.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard check == ["ok"] else {
                    throw BackupError("\(path) is damaged: integrity_check says \(check.prefix(3).joined(separator: "; "))")
                }
                guard try db.tableExists("grdb_migrations"), try db.tableExists("meta") else {
                    throw BackupError("\(path) is an SQLite database but not a Driftstatus one (no migration table)")
                }
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let unknown = Set(applied).subtracting(known).sorted()
                guard unknown.isEmpty else {
                    throw BackupError("\(path) was written by a newer Driftstatus (unknown migrations: \(unknown.joined(separator: ", ")))")
                }
                return applied.count
            }
            // One self-contained file, whatever journal mode the backup was made in.
            try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
            return (copy, migrations)
        } catch let error as BackupError {
            try? FileManager.default.removeItem(at: copy)
            throw error
        } catch let error as DatabaseError {
            try? FileManager.default.removeItem(at: copy)
            throw BackupError("\(path) cannot be read as a database: \(error.message ?? "\(error)")")
        }
    }

    /// Puts the backup at `backupPath` back as the database at `path`, after `verifyBackup`.
    ///
    /// When a usable database is at `path`, its content is first copied to
    /// `path.before-restore-<timestamp>`, then the backup is copied INTO it with SQLite's backup
    /// API in one transaction: running servers keep their open files, see the change at once
    /// (their write watcher notices the data version moving) and need no restart. Otherwise
    /// (no file, or one that cannot be opened) the old file is moved aside and the backup is
    /// copied beside it, flushed and renamed into place.
    /// Migrations the backup lacks are applied afterwards.
    public static func restore(from backupPath: String, to path: String, migrationsDirectory: URL,
                               now: Date = Date()) throws -> RestoreSummary {
        try restore(from: backupPath, to: path, migrations: try Migrations(directory: migrationsDirectory), now: now)
    }

    public static func restore(from backupPath: String, to path: String, migrations: Migrations = .builtIn,
                               now: Date = Date()) throws -> RestoreSummary {
        let target = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        // The checked copy is made beside the target, so the swap below is a rename on one file system.
        let (copy, migrationCount) = try verifiedCopy(of: backupPath, in: target.deletingLastPathComponent(),
                                                      migrations: migrations)
        defer { try? FileManager.default.removeItem(at: copy) }
        let stamp = Durable.timestamp(now)
        let aside = "\(path).before-restore-\(stamp)"
        if FileManager.default.fileExists(atPath: path), let live = try? StatusStore.open(path: path, migrations: migrations) {
            defer { try? live.close() }
            try live.backup(to: aside)
            let source = try DatabaseQueue(path: copy.path)
            defer { try? source.close() }
            let previousVersion = try live.dataVersion()
            do {
                try source.backup(to: live.pool)
                // Past both old values, so every watcher sees a change even if the backup's
                // counter happens to equal the live one.
                try live.pool.write { db in
                    try db.execute(sql: "UPDATE meta SET value = max(value, ?) + 1 WHERE key = 'data_version'",
                                   arguments: [previousVersion])
                }
            } catch let error as DatabaseError {
                throw BackupError("copying \(backupPath) into \(path) failed, nothing was changed: \(error.message ?? "\(error)")")
            }
            try live.close()
            try StatusStore.open(path: path, migrations: migrations).close()
            return RestoreSummary(previousCopy: aside, migrations: migrationCount, restoredInPlace: true)
        }

        try Durable.sync(file: copy.path)
        var previous: String?
        if FileManager.default.fileExists(atPath: path) {
            guard rename(path, aside) == 0 else { throw BackupError("cannot move \(path) aside: \(Durable.errorText())") }
            previous = aside
            // A WAL left by the old file must not be applied to the restored one.
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                _ = rename(path + suffix, aside + suffix)
            }
        }
        guard rename(copy.path, path) == 0 else { throw BackupError("cannot move the restored file into place: \(Durable.errorText())") }
        try Durable.sync(directory: target.deletingLastPathComponent().path)
        try StatusStore.open(path: path, migrations: migrations).close()
        return RestoreSummary(previousCopy: previous, migrations: migrationCount, restoredInPlace: false)
    }
}

/// fsync helpers: a rename is only durable once the file and its directory are flushed.
enum Durable {
    static func sync(file path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw BackupError("cannot open \(path) to flush it: \(errorText())") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw BackupError("cannot flush \(path): \(errorText())") }
    }

    static func sync(directory path: String) throws {
        try sync(file: path.isEmpty ? "." : path)
    }

    static func errorText() -> String { String(cString: strerror(errno)) }

    /// "20261125T130000Z": sortable and safe in file names.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().time(includingFractionalSeconds: false)
            .dateSeparator(.omitted).timeSeparator(.omitted).dateTimeSeparator(.standard)) + "Z"
    }
}
