import Foundation
import StatusModel

/// Finds the directory that holds `templates/`, `public/` and `wordlists/` (the schema is compiled in).
public enum SiteDirectory {
    public struct NotFound: Error, CustomStringConvertible {
        public let searched: [String]
        public var description: String {
            "cannot find the site directory (with templates/ and public/); looked in \(searched.joined(separator: ", ")); pass --site DIR"
        }
    }

    /// `explicit` when given (it must hold templates/), else the working directory, else where
    /// the program was installed with it (see `installCandidates`).
    public static func locate(explicit: String?, executablePath: String = SiteDirectory.executablePath) throws -> URL {
        if let explicit {
            let url = URL(fileURLWithPath: explicit).standardizedFileURL
            guard holdsSite(url) else { throw NotFound(searched: [url.path]) }
            return url
        }
        let candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] + installCandidates(executablePath: executablePath)
        if let found = candidates.first(where: holdsSite) { return found.standardizedFileURL }
        throw NotFound(searched: candidates.map(\.path))
    }

    /// `../share/driftstatus` beside the executable (the Debian package: `/usr/bin/driftstatus`
    /// with `/usr/share/driftstatus`), then the directories above it (so `.build/debug/driftstatus`
    /// finds the checkout from anywhere).
    static func installCandidates(executablePath: String) -> [URL] {
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [directory.deletingLastPathComponent().appendingPathComponent("share/driftstatus")]
        for _ in 0..<6 {
            candidates.append(directory)
            directory = directory.deletingLastPathComponent()
        }
        return candidates
    }

    /// The first line of `VERSION` where the program was installed (the checkout, or the
    /// package's share directory, where `scripts/package-deb.sh` stamps it); nil when none.
    public static func installedVersion(executablePath: String = SiteDirectory.executablePath) -> String? {
        for directory in installCandidates(executablePath: executablePath) where holdsSite(directory) {
            guard let text = try? String(contentsOf: directory.appendingPathComponent("VERSION"), encoding: .utf8) else { continue }
            let line = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) }
            if let line, !line.isEmpty { return line }
        }
        return nil
    }

    /// This program's file: `/proc/self/exe` on Linux, because `argv[0]` is only `driftstatus`
    /// when it was started through `PATH`.
    public static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
    }

    static func holdsSite(_ url: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: url.appendingPathComponent("templates").path)
            && manager.fileExists(atPath: url.appendingPathComponent("public").path)
    }

    /// `wordlists/common-passwords.txt` (see `wordlists/README.md`), in the site directory or the one that came with the program.
    public static func commonPasswords(site: URL, executablePath: String = SiteDirectory.executablePath) throws -> CommonPasswords {
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
