import Foundation

/// A mirror in a directory any static web server can serve (`serve --mirror DIR`, `export`).
/// Each file is replaced atomically and only when its bytes changed, so a web server reading
/// the directory never sees a half-written page. Text files get a `.gz` twin (`GzipTwins`) for
/// servers that send precompressed files; the summary counts pages, not twins.
struct MirrorDirectory: MirrorTarget {
    let directory: URL

    var description: String { directory.path }

    func apply(_ files: [StaticExporter.File], keeping names: Set<String>) throws -> StaticExporter.Summary {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        var written = 0, unchanged = 0
        for file in files.sorted(by: { $0.name < $1.name }) {
            let url = directory.appendingPathComponent(file.name)
            let twin = GzipTwins.twinName(of: file.name).map { directory.appendingPathComponent($0) }
            if let existing = manager.contents(atPath: url.path), [UInt8](existing) == file.bytes {
                if let twin, !GzipTwins.isCurrent(twin, of: url) { try GzipTwins.write(twin, of: url, bytes: file.bytes) }
                unchanged += 1
                continue
            }
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url, options: .atomic)
            if let twin { try GzipTwins.write(twin, of: url, bytes: file.bytes) }
            written += 1
        }
        let kept = names.union(names.compactMap(GzipTwins.twinName(of:)))
        // Pages that no longer exist (a deleted incident) must not linger in the mirror.
        var removed = 0
        if let enumerator = manager.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in enumerator {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1))
                if !kept.contains(relative) {
                    try manager.removeItem(at: url)
                    if !GzipTwins.isTwinName(relative) { removed += 1 }
                }
            }
        }
        return StaticExporter.Summary(written: written, unchanged: unchanged, removed: removed)
    }
}

/// Where a mirror's files go: a directory or a bucket.
protocol MirrorTarget: Sendable, CustomStringConvertible {
    /// Brings the target in step: `files` are the pages rendered this time (others are unchanged);
    /// anything not named in `names` is removed.
    func apply(_ files: [StaticExporter.File], keeping names: Set<String>) throws -> StaticExporter.Summary
}
