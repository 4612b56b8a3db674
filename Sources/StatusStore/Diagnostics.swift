import Foundation
import GRDB

// Raw access for tests and `driftstatus` diagnostics: not public, so handlers cannot write SQL.
extension StatusStore {
    /// The first column of every row `sql` returns, as text.
    func rawStrings(_ sql: String) throws -> [String] {
        try read { db in try Row.fetchAll(db, sql: sql).map { row in
            let value: DatabaseValue = row[0]
            switch value.storage {
            case .null: return ""
            case let .int64(number): return String(number)
            case let .double(number): return String(number)
            case let .string(string): return string
            case let .blob(data): return data.base64EncodedString()
            }
        } }
    }

    /// Runs `sql` outside the normal write path (no data version bump), e.g. to fake a newer database.
    func rawExecute(_ sql: String) throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }
}

extension StatusStore {
    /// SQLite's query plan for `sql`, one line per step ("SEARCH incident USING INDEX ...").
    func planDetails(_ sql: String, arguments: [Int64]) throws -> [String] {
        try read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(arguments))
                .map { $0["detail"] as String? ?? "" }
        }
    }
}
