import Foundation
import Testing
@testable import StatusStore

/// The schema is compiled into the binary: the generated source must say exactly what
/// `migrations/*.sql` say (run `scripts/embed-migrations.sh` after changing a migration).
@Suite("Migrations compiled into the binary")
struct EmbeddedMigrationTests {
    @Test func generatedSourceMatchesTheMigrationFiles() throws {
        let files = try Migrations(directory: migrationsDirectory)
        #expect(Migrations.builtIn.identifiers == files.identifiers,
                "Sources/StatusStore/EmbeddedMigrations.swift is out of date: run scripts/embed-migrations.sh")
        for (built, file) in zip(Migrations.builtIn.contents, files.contents) {
            #expect(built.sql == file.sql, "\(file.identifier) differs from its compiled copy: run scripts/embed-migrations.sh")
        }
    }

    @Test func openingWithoutADirectoryAppliesTheBuiltInSchema() throws {
        let store = try StatusStore.openTemporary()
        defer { try? store.close() }
        #expect(try store.rawStrings("SELECT identifier FROM grdb_migrations") == Migrations.builtIn.identifiers)
    }
}
