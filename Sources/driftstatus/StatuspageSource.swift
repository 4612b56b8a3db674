import Foundation
import Outbound
import StatuspageImport

/// Where `import statuspage --from` reads the three documents: a base URL (fetched with a GET
/// each, through Outbound's libcurl) or a directory of saved files.
struct StatuspageSource {
    let location: String
    static let timeout: TimeInterval = 30
    /// Statuspage's lists are capped at 50 entries; anything this large is not such a document.
    static let maximumBytes = 32 * 1024 * 1024

    init(_ location: String) {
        self.location = location
    }

    var isURL: Bool {
        let lowered = location.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    func read() throws -> StatuspageExport {
        isURL ? try fetch() : try readDirectory()
    }

    private func readDirectory() throws -> StatuspageExport {
        let directory = URL(fileURLWithPath: location, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SourceError("\(location): not a directory (give a directory of saved files or an http(s) URL)")
        }
        return try StatuspageExport { file in
            let path = directory.appendingPathComponent(file.rawValue).path
            guard let data = FileManager.default.contents(atPath: path) else { throw SourceError("\(path): cannot read the file") }
            return [UInt8](data)
        }
    }

    private func fetch() throws -> StatuspageExport {
        var base = location
        while base.hasSuffix("/") { base.removeLast() }
        // The operator names the page; private addresses are theirs to choose (a page on the LAN).
        let client = try WebhookPoster(addressPolicy: .anyAddress)
        return try StatuspageExport { file in
            let url = "\(base)/\(file.rawValue)"
            let answer = try client.get(url: url, headers: [("Accept", "application/json")], timeout: Self.timeout,
                                        maxBytes: Self.maximumBytes, peer: "the status page")
            guard answer.status == 200 else {
                let hint = (300...399).contains(answer.status) ? " (redirects are not followed: give the final address)" : ""
                throw SourceError("GET \(url): HTTP \(answer.status)\(hint)")
            }
            return answer.body
        }
    }
}

struct SourceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
