import Foundation
import StatusModel

/// Finds the directory that holds `templates/`, `public/`, `migrations/` and `wordlists/`.
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

    /// `migrations/` beside the templates; operators who re-brand into another directory keep
    /// using the ones that came with the program.
    public static func migrations(site: URL, executablePath: String = CommandLine.arguments.first ?? "") -> URL {
        bundled("migrations", site: site, executablePath: executablePath)
    }

    /// `wordlists/common-passwords.txt` (see `wordlists/README.md`), found like `migrations/`.
    public static func commonPasswords(site: URL, executablePath: String = CommandLine.arguments.first ?? "") throws -> CommonPasswords {
        let file = bundled("wordlists/common-passwords.txt", site: site, executablePath: executablePath)
        do {
            return CommonPasswords(listText: try String(contentsOf: file, encoding: .utf8))
        } catch {
            throw UnreadableFile(path: file.path, reason: "\(error.localizedDescription)")
        }
    }

    public struct UnreadableFile: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot read \(path) (the list of common passwords): \(reason)" }
    }

    /// `relativePath` in the site directory, else in the one that came with the program.
    private static func bundled(_ relativePath: String, site: URL, executablePath: String) -> URL {
        let own = site.appendingPathComponent(relativePath)
        if FileManager.default.fileExists(atPath: own.path) { return own }
        if let install = try? locate(explicit: nil, executablePath: executablePath) {
            return install.appendingPathComponent(relativePath)
        }
        return own
    }
}
