import Foundation
@testable import StatusStore
import Testing
import TestSupport

/// `--site` carries templates and static files only: a site copy with its own `migrations/`
/// (an old release's, or a tampered one) cannot change the schema.
@Suite struct SiteCopySchemaTests {
    @Test func migrationsBesideACopiedSiteAreIgnored() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("old-site")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("migrations"), withIntermediateDirectories: true)
        for folder in ["templates", "public"] {
            try FileManager.default.copyItem(at: TestSite.repositoryRoot.appendingPathComponent(folder),
                                             to: site.appendingPathComponent(folder))
        }
        // Only the first migration (an old release) plus one this build has never heard of.
        try FileManager.default.copyItem(at: TestSite.repositoryRoot.appendingPathComponent("migrations/0001_initial.sql"),
                                         to: site.appendingPathComponent("migrations/0001_initial.sql"))
        try "CREATE TABLE planted (x);".write(to: site.appendingPathComponent("migrations/0099_planted.sql"), atomically: true, encoding: .utf8)

        let migrate = try CommandLineTests.run(["migrate", "--db", "d.sqlite", "--site", site.path], in: directory)
        #expect(migrate.status == 0, "\(migrate.error)")

        let store = try StatusStore.open(path: directory.appendingPathComponent("d.sqlite").path)
        defer { try? store.close() }
        #expect(try store.rawStrings("SELECT identifier FROM grdb_migrations") == Migrations.builtIn.identifiers)
        #expect(try store.rawStrings("SELECT name FROM sqlite_master WHERE name = 'planted'").isEmpty)
        #expect(Migrations.builtIn.identifiers == (try Migrations(directory: TestSite.repositoryRoot.appendingPathComponent("migrations")).identifiers))
    }
}
