import Foundation
import GRDB

/// The numbered SQL migrations, applied in order, each once, in a transaction. GRDB's migrator
/// records applied ones in its `grdb_migrations` table.
///
/// `builtIn` is compiled into the binary (`EmbeddedMigrations.swift`, generated from
/// `migrations/*.sql` by `scripts/embed-migrations.sh`), so the schema always matches the code:
/// a site directory copied from an older release cannot change it.
public struct Migrations: Sendable {
    struct Migration: Sendable { let identifier: String; let sql: String }
    let migrations: [Migration]

    /// The migrations this build was compiled with.
    public static let builtIn = Migrations(EmbeddedMigrations.all.map { Migration(identifier: $0.identifier, sql: $0.sql) })

    init(_ migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Reads `NNNN_name.sql` files from `directory` (other files, such as a README or editor
    /// backups, are ignored): for tests and for checking the generated source against the files.
    public init(directory: URL) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw StoreError.migrationsMissing(directory)
        }
        let numbered = names.filter(Self.isMigrationFileName).sorted()
        guard !numbered.isEmpty else { throw StoreError.migrationsMissing(directory) }
        migrations = try numbered.map { name in
            let identifier = String(name.dropLast(4))
            let url = directory.appendingPathComponent(name)
            do {
                return Migration(identifier: identifier, sql: try String(contentsOf: url, encoding: .utf8))
            } catch {
                throw StoreError.migrationFailed(name: identifier, reason: "cannot read \(url.path): \(error.localizedDescription)")
            }
        }
    }

    static func isMigrationFileName(_ name: String) -> Bool {
        guard name.hasSuffix(".sql"), name.count > 9 else { return false }
        let chars = Array(name.dropLast(4))
        return chars.prefix(4).allSatisfy(\.isASCIIDigit) && chars[4] == "_"
            && chars.dropFirst(5).allSatisfy { $0.isASCIIDigit || ("a"..."z").contains($0) || $0 == "_" }
    }

    public var identifiers: [String] { migrations.map(\.identifier) }

    /// Each migration's identifier and SQL, in order.
    public var contents: [(identifier: String, sql: String)] { migrations.map { ($0.identifier, $0.sql) } }

    /// A migrator with every migration registered.
    func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            let sql = migration.sql
            migrator.registerMigration(migration.identifier) { db in try db.execute(sql: sql) }
        }
        return migrator
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
