import Crypto
import Foundation
import HTTPServer

/// The files of `public/`, read once at start and served from memory.
/// Asset URLs carry a content hash (`?v=`), so a matching request may be cached for a year.
struct AssetCatalog: Sendable {
    struct Asset: Sendable {
        let versioned: Response
        let unversioned: Response
        let etag: String
    }

    private let assets: [String: Asset]
    /// File names, for a static export.
    var names: [String] { assets.keys.sorted() }
    /// One hash over all files: what pages put after `?v=`.
    let version: String

    init(directory: URL) throws {
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
            assets[name] = Self.asset(named: name, bytes: bytes)
        }
        self.assets = assets
        version = combined.finalize().prefix(5).map { String(format: "%02x", $0) }.joined()
    }

    func response(for name: String, version requested: String?, ifNoneMatch: String?) -> Response? {
        guard let asset = assets[name] else { return nil }
        if let ifNoneMatch, ifNoneMatch.contains(asset.etag) {
            var headers = HTTPHeaders()
            headers.add("ETag", asset.etag)
            return Response(status: 304, headers: headers)
        }
        return requested == version ? asset.versioned : asset.unversioned
    }

    private static func asset(named name: String, bytes: [UInt8]) -> Asset {
        let etag = "\"" + SHA256.hash(data: bytes).prefix(10).map { String(format: "%02x", $0) }.joined() + "\""
        let body = ResponseBody(bytes)
        func response(cacheControl: String) -> Response {
            var headers = HTTPHeaders()
            headers.add("Content-Type", contentType(for: name))
            headers.add("Cache-Control", cacheControl)
            headers.add("ETag", etag)
            return Response(status: 200, headers: headers, body: body)
        }
        return Asset(versioned: response(cacheControl: "public, max-age=31536000, immutable"),
                     unversioned: response(cacheControl: "public, max-age=300"),
                     etag: etag)
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
