import Foundation
import GRDB

/// The numbered SQL files in `migrations/`, applied in order, each once, in a transaction.
/// GRDB's migrator records applied ones in its `grdb_migrations` table.
struct MigrationFiles {
    struct File { let identifier: String; let url: URL }
    let files: [File]

    /// Reads `NNNN_name.sql` files; other files (README, editor backups) are ignored.
    init(directory: URL) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw StoreError.migrationsMissing(directory)
        }
        let numbered = names.filter(Self.isMigrationFileName).sorted()
        guard !numbered.isEmpty else { throw StoreError.migrationsMissing(directory) }
        files = numbered.map { File(identifier: String($0.dropLast(4)), url: directory.appendingPathComponent($0)) }
    }

    static func isMigrationFileName(_ name: String) -> Bool {
        guard name.hasSuffix(".sql"), name.count > 9 else { return false }
        let chars = Array(name.dropLast(4))
        return chars.prefix(4).allSatisfy(\.isASCIIDigit) && chars[4] == "_"
            && chars.dropFirst(5).allSatisfy { $0.isASCIIDigit || ("a"..."z").contains($0) || $0 == "_" }
    }

    var identifiers: [String] { files.map(\.identifier) }

    /// A migrator with every file registered; contents are read now so a file that
    /// disappears later cannot half-apply.
    func migrator() throws -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for file in files {
            let sql: String
            do {
                sql = try String(contentsOf: file.url, encoding: .utf8)
            } catch {
                throw StoreError.migrationFailed(name: file.identifier, reason: "cannot read \(file.url.path): \(error.localizedDescription)")
            }
            migrator.registerMigration(file.identifier) { db in try db.execute(sql: sql) }
        }
        return migrator
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
