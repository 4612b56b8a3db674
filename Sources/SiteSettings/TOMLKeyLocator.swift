import Foundation

/// Finds the line on which a key is written. TOMLKit does not report where a value came from,
/// and an error without a line makes the operator hunt for it.
struct TOMLKeyLocator {
    private struct Entry { let path: [String]; let line: Int; var isHeader = false }
    private var entries: [Entry] = []

    init(text: String) {
        var table: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let header = Self.tableHeader(line) {
                table = header
                entries.append(Entry(path: header, line: index + 1, isHeader: true))
            } else if let equals = line.firstIndex(of: "=") {
                entries.append(Entry(path: table + Self.keyPath(line[..<equals]), line: index + 1))
            }
        }
    }

    /// The line of `path` (e.g. ["name", "sv"]); else the first line inside it (a `[name]`
    /// header); else the line of its parent.
    func line(of path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let exact = entries.first(where: { $0.path == path }) { return exact.line }
            if let inside = entries.first(where: { $0.path.starts(with: path) }) { return inside.line }
            path.removeLast()
        }
        return nil
    }

    /// The line of `key` in the `index`-th (from 0) `[[table]]` of an array of tables, else of
    /// that table's header (`key` nil: the header itself).
    func line(of key: [String]?, inArrayTable table: String, index: Int) -> Int? {
        let headers = entries.enumerated().filter { $0.element.isHeader && $0.element.path == [table] }
        guard index < headers.count else { return nil }
        let header = headers[index]
        guard let key else { return header.element.line }
        for entry in entries[(header.offset + 1)...] {
            if entry.isHeader && !entry.path.starts(with: [table]) || entry.isHeader && entry.path == [table] { break }
            if entry.path == [table] + key || entry.path.starts(with: [table] + key) { return entry.line }
        }
        return header.element.line
    }

    /// `[name]` or `[[things]]`; a line of a multi-line array (`["a", "b"],`) is not a header.
    private static func tableHeader(_ line: String) -> [String]? {
        guard line.hasPrefix("[") else { return nil }
        let withoutComment = line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? line
        let trimmed = withoutComment.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("]"), !trimmed.contains("=") else { return nil }
        let inner = trimmed.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" })
        return keyPath(inner)
    }

    /// `a.b`, `"a" . b` -> ["a", "b"]. Dots inside quoted keys are not supported (no setting has one).
    private static func keyPath(_ text: Substring) -> [String] {
        text.split(separator: ".").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
    }
}
