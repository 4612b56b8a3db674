import Foundation

/// Finds the directory that holds `templates/` and `public/` (the schema is compiled in).
public enum SiteDirectory {
    public struct NotFound: Error, CustomStringConvertible {
        public let searched: [String]
        public var description: String {
            "cannot find the site directory (with templates/ and public/); looked in \(searched.joined(separator: ", ")); pass --site DIR"
        }
    }

    /// `explicit` when given (it must hold templates/), else the working directory, else the
    /// directories above the executable (so `.build/debug/driftstatus` works from anywhere).
    public static func locate(explicit: String?, executablePath: String = CommandLine.arguments.first ?? "") throws -> URL {
        if let explicit {
            let url = URL(fileURLWithPath: explicit).standardizedFileURL
            guard holdsSite(url) else { throw NotFound(searched: [url.path]) }
            return url
        }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory)
            directory = directory.deletingLastPathComponent()
        }
        if let found = candidates.first(where: holdsSite) { return found.standardizedFileURL }
        throw NotFound(searched: candidates.map(\.path))
    }

    static func holdsSite(_ url: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: url.appendingPathComponent("templates").path)
            && manager.fileExists(atPath: url.appendingPathComponent("public").path)
    }
}
