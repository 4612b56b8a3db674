import Foundation

/// Everything that can go wrong in the store, each with a one-line explanation for logs and the CLI.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    /// The file exists but is not an SQLite database, or is corrupt. It is never recreated.
    case notADatabase(path: String)
    /// The database has migrations this build does not know: a newer Driftstatus wrote it.
    case databaseFromNewerVersion(path: String, unknownMigrations: [String])
    case migrationsMissing(URL)
    case migrationFailed(name: String, reason: String)
    case notFound(kind: String, id: Int64)
    case invalid(String)
    /// The change contradicts existing data (a duplicate name, a component still in use).
    case conflict(String)
    /// A write broke a database constraint the code should have checked first (a bug, or a
    /// change made outside Driftstatus), with SQLite's message: for logs, never for clients.
    case constraint(String)
    /// Any other SQLite failure, with SQLite's message.
    case database(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            "Cannot open the database at \(path): \(reason)"
        case let .notADatabase(path):
            "The file at \(path) is not a Driftstatus (SQLite) database or is corrupt; it was left untouched"
        case let .databaseFromNewerVersion(path, unknown):
            "The database at \(path) was migrated by a newer Driftstatus (unknown migrations: \(unknown.joined(separator: ", "))); refusing to use it"
        case let .migrationsMissing(url):
            "No migrations (NNNN_name.sql files) found in \(url.path)"
        case let .migrationFailed(name, reason):
            "Migration \(name) failed and was rolled back: \(reason)"
        case let .notFound(kind, id):
            "No \(kind) with id \(id)"
        case let .invalid(message):
            "Invalid data: \(message)"
        case let .conflict(message):
            "Conflict: \(message)"
        case let .constraint(message):
            "Constraint violated: \(message)"
        case let .database(message):
            "Database error: \(message)"
        }
    }
}
