import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Precompressed copies next to a mirror's text files (`page.html` → `page.html.gz`), so a static
/// server answers `Accept-Encoding: gzip` without compressing per request (nginx `gzip_static
/// on`). A twin carries its file's modification time: nginx sends the `.gz` file's time as
/// Last-Modified, and both encodings must validate alike.
enum GzipTwins {
    /// The kinds of file the site exports that compress well; images and fonts are skipped.
    static let compressibleExtensions: Set<String> = ["html", "xml", "json", "rss", "atom", "ics", "css", "js", "svg"]

    /// The twin's name, or nil when `file` is not worth compressing.
    static func twinName(of file: String) -> String? {
        let lastComponent = file.split(separator: "/").last ?? ""
        guard let dot = lastComponent.lastIndex(of: ".") else { return nil }
        let fileExtension = lastComponent[lastComponent.index(after: dot)...].lowercased()
        return compressibleExtensions.contains(fileExtension) ? file + ".gz" : nil
    }

    /// A twin goes with its page: removing one is not counted as removing a page.
    static func isTwinName(_ name: String) -> Bool {
        name.hasSuffix(".gz") && twinName(of: String(name.dropLast(3))) != nil
    }

    /// True when the twin exists and was written with `file` (same modification time).
    static func isCurrent(_ twin: URL, of file: URL) -> Bool {
        guard let twinTime = modificationTime(twin), let fileTime = modificationTime(file) else { return false }
        return twinTime.tv_sec == fileTime.tv_sec && twinTime.tv_nsec == fileTime.tv_nsec
    }

    /// Writes `twin` (atomically) as the gzip of `bytes` at level 9, with `file`'s modification time.
    static func write(_ twin: URL, of file: URL, bytes: [UInt8]) throws {
        guard let compressed = Gzip.compress(bytes, level: 9) else {
            throw StaticExporter.ExportError(description: "export: cannot compress \(file.path)")
        }
        try Data(compressed).write(to: twin, options: .atomic)
        // Copied to the nanosecond (a `Date` would round it, and the twin would never look current).
        guard let time = modificationTime(file) else {
            throw StaticExporter.ExportError(description: "export: cannot read the time of \(file.path)")
        }
        let times = [time, time]
        guard utimensat(AT_FDCWD, twin.path, times, 0) == 0 else {
            throw StaticExporter.ExportError(description: "export: cannot set the time of \(twin.path): errno \(errno)")
        }
    }

    static func modificationTime(_ url: URL) -> timespec? {
        var status = stat()
        guard stat(url.path, &status) == 0 else { return nil }
        return status.st_mtim
    }
}
