import Foundation
import GRDB
import StatusModel

/// Times are stored as integer UTC milliseconds (see migrations/0001_initial.sql).
extension Date {
    var storeMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    init(storeMillis: Int64) { self.init(timeIntervalSince1970: Double(storeMillis) / 1000) }
}

extension Row {
    func date(_ column: String) -> Date { Date(storeMillis: self[column]) }
    func optionalDate(_ column: String) -> Date? { (self[column] as Int64?).map(Date.init(storeMillis:)) }

    /// Decodes a stored enumeration; the CHECK constraints make a failure mean a damaged file.
    func enumeration<E: RawRepresentable>(_ column: String, as type: E.Type) throws -> E where E.RawValue == String {
        let raw: String = self[column]
        guard let value = E(rawValue: raw) else {
            throw StoreError.database("unexpected \(E.self) '\(raw)' in column \(column)")
        }
        return value
    }
}

/// Runs `sql` (which must contain `%IDS%` where the id list goes) for `ids` in chunks small
/// enough for SQLite's parameter limit, so batch loading works for any number of rows.
func fetchRows(_ db: Database, sql: String, ids: [Int64], leadingArguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
    var rows: [Row] = []
    let unique = Array(Set(ids))
    var start = 0
    while start < unique.count {
        let chunk = Array(unique[start..<min(start + 500, unique.count)])
        let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
        let values: [(any DatabaseValueConvertible)?] = leadingArguments + chunk.map { $0 }
        let arguments = StatementArguments(values)
        rows += try Row.fetchAll(db, sql: sql.replacingOccurrences(of: "%IDS%", with: placeholders), arguments: arguments)
        start += chunk.count
    }
    return rows
}
