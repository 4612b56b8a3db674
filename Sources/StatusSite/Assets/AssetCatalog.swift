import Crypto
import Foundation
import HTTPServer

/// The files of `public/`, read once at start and served from memory like rendered pages
/// (ETag, Last-Modified from the file, 304s, gzip). Asset URLs carry a content hash (`?v=`),
/// so a matching request may be cached for a year.
struct AssetCatalog: Sendable {
    struct Asset: Sendable {
        let versioned: CachedResponse
        let unversioned: CachedResponse
    }

    private let assets: [String: Asset]
    /// File names, for a static export.
    var names: [String] { assets.keys.sorted() }
    /// One hash over all files: what pages put after `?v=`.
    let version: String

    init(directory: URL, bakedHeaders: [(String, String)]) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { !$0.hasPrefix(".") }
            .sorted()
        var assets: [String: Asset] = [:]
        var combined = SHA256()
        for name in names {
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let bytes = [UInt8](try Data(contentsOf: url))
            combined.update(data: Array(name.utf8) + bytes)
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? Date()
            assets[name] = Self.asset(named: name, bytes: bytes, modified: modified, bakedHeaders: bakedHeaders)
        }
        self.assets = assets
        version = combined.finalize().prefix(5).map { String(format: "%02x", $0) }.joined()
    }

    /// The asset's response to this request (304 when the client's copy is current), or nil.
    func response(for name: String, request: Request) -> Response? {
        guard let asset = assets[name] else { return nil }
        return (request.queryValue("v") == version ? asset.versioned : asset.unversioned).answer(to: request)
    }

    private static func asset(named name: String, bytes: [UInt8], modified: Date, bakedHeaders: [(String, String)]) -> Asset {
        func response(cacheControl: String) -> CachedResponse {
            CachedResponse(contentType: contentType(for: name), body: bytes, cacheControl: cacheControl,
                           bakedHeaders: bakedHeaders, renderedAt: modified)
        }
        return Asset(versioned: response(cacheControl: "public, max-age=31536000, immutable"),
                     unversioned: response(cacheControl: "public, max-age=300"))
    }

    static func contentType(for name: String) -> String {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "webp": "image/webp"
        case "json": "application/json"
        case "txt", "md": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
