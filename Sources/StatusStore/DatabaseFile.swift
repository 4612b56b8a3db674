import Foundation
import GRDB

/// Checks on the database file made before SQLite touches it, so that a wrong path
/// (a config file, a backup archive) is refused and left byte-for-byte untouched.
enum DatabaseFile {
    static let sqliteHeader = Array("SQLite format 3\0".utf8)

    static func prepare(path: String) throws {
        let url = URL(fileURLWithPath: path)
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "cannot create its directory: \(error.localizedDescription)")
        }
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard !isDirectory.boolValue else { throw StoreError.cannotOpen(path: path, reason: "it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: "the file is not readable")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: sqliteHeader.count)) ?? Data()
        // An empty file is what SQLite itself treats as a new database.
        if header.isEmpty { return }
        guard Array(header) == sqliteHeader else { throw StoreError.notADatabase(path: path) }
    }

    static func openError(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: .notADatabase(path: path)
        default: .cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }
}
