import Crypto
import Foundation
import HTTPServer

/// One rendered public response, with everything needed to answer a request for it
/// without further work: the full response, its 304 twin, and validators.
///
/// A class: every cache hit hands it out, and one reference costs one retain where the
/// struct's copy retained each of its responses' parts (shared across server threads).
final class CachedResponse: Sendable {
    let full: Response
    /// The same bytes gzip-compressed, when that is smaller (it always is for HTML, feeds and JSON).
    let gzipped: Response?
    let notModified: Response
    let etag: String
    let lastModified: Date

    /// - Parameter previous: the entry this one replaces; when the bytes are the same, its
    ///   Last-Modified is kept so a time-driven re-render does not look like a change.
    /// - Parameter bakedHeaders: the security header fields; cached responses carry them
    ///   already and go out in libmicrohttpd's prepared form, so a hit copies no headers.
    init(status: Int = 200, contentType: String, body: [UInt8], cacheControl: String,
         extraHeaders: [(String, String)] = [], bakedHeaders: [(String, String)] = [], renderedAt: Date, previous: CachedResponse? = nil) {
        let digest = SHA256.hash(data: body)
        let etag = "\"" + digest.prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
        let lastModified = (previous?.etag == etag ? previous?.lastModified : nil) ?? renderedAt
        self.etag = etag
        self.lastModified = lastModified

        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        headers.add("Cache-Control", cacheControl)
        headers.add("ETag", etag)
        headers.add("Last-Modified", HTTPDate.format(lastModified))
        headers.add("Vary", "Accept-Encoding")
        for (name, value) in extraHeaders + bakedHeaders { headers.add(name, value) }
        var full = Response(status: status, headers: headers, body: ResponseBody(body))
        full.prepare()
        self.full = full
        if body.count > 256, let compressed = Gzip.compress(body), compressed.count < body.count {
            var gzipHeaders = headers
            gzipHeaders.add("Content-Encoding", "gzip")
            var gzipped = Response(status: status, headers: gzipHeaders, body: ResponseBody(compressed))
            gzipped.prepare()
            self.gzipped = gzipped
        } else {
            gzipped = nil
        }

        var validators = HTTPHeaders()
        for name in ["Cache-Control", "ETag", "Last-Modified", "Vary", "Content-Language"] {
            if let value = headers[name] { validators.add(name, value) }
        }
        for (name, value) in bakedHeaders { validators.add(name, value) }
        var notModified = Response(status: 304, headers: validators)
        notModified.prepare()
        self.notModified = notModified
    }

    /// The full response, or 304 when the client's validators match (If-None-Match wins,
    /// as RFC 9110 asks; If-Modified-Since only when no If-None-Match was sent).
    /// Both encodings share one strong ETag: they are the same representation, only
    /// transfer-compressed, and proxies key on `Vary: Accept-Encoding`.
    func answer(to request: Request) -> Response {
        let ifNoneMatch = request.headers["If-None-Match"]
        if full.status == 200, let ifNoneMatch {
            let tags = ifNoneMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if tags.contains(etag) || tags.contains("W/" + etag) || tags.contains("*") { return notModified }
        } else if full.status == 200, let ifModifiedSince = request.headers["If-Modified-Since"],
                  let since = HTTPDate.parse(ifModifiedSince), floor(lastModified.timeIntervalSince1970) <= since.timeIntervalSince1970 {
            return notModified
        }
        if let gzipped, Self.acceptsGzip(request.headers["Accept-Encoding"]) { return gzipped }
        return full
    }

    /// "gzip" listed without q=0 (RFC 9110 section 12.5.3).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.first == "gzip" || parts.first == "x-gzip" else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return q > 0
        }
        return false
    }
}

/// IMF-fixdate, the one date format HTTP headers use.
enum HTTPDate {
    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }()
    private static let lock = NSLock()

    static func format(_ date: Date) -> String { lock.withLock { formatter.string(from: date) } }
    static func parse(_ text: String) -> Date? { lock.withLock { formatter.date(from: text) } }
}
