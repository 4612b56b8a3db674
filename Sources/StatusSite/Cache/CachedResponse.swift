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

    /// "gzip" (or "x-gzip") listed without q=0 (RFC 9110 section 12.5.3); the first such
    /// item decides. Read as bytes: every gzip reader's request asks it (Foundation's trimming
    /// and lowercasing cost more than the rest of answering a cached page).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard var header else { return false }
        return header.withUTF8 { bytes in
            var start = 0
            while start <= bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: ",")) ?? bytes.count
                if let verdict = gzipItem(bytes[start..<end]) { return verdict }
                start = end + 1
            }
            return false
        }
    }

    /// nil when the item is another coding; else whether its q-value allows gzip (a q that is
    /// not a number counts as absent, 1).
    private static func gzipItem(_ item: Slice<UnsafeBufferPointer<UInt8>>) -> Bool? {
        var parts = item.split(separator: UInt8(ascii: ";")).map(trimmed)
        guard let coding = parts.first, equalsIgnoringCase(coding, "gzip") || equalsIgnoringCase(coding, "x-gzip") else { return nil }
        parts.removeFirst()
        guard let q = parts.first(where: { $0.count >= 2 && (($0.first ?? 0) | 0x20) == UInt8(ascii: "q") && $0[$0.startIndex + 1] == UInt8(ascii: "=") })
        else { return true }
        return Double(String(decoding: q.dropFirst(2), as: UTF8.self).lowercased()).map { $0 > 0 } ?? true
    }

    private static func trimmed(_ part: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = part.firstIndex(where: { !isBlank($0) }), let last = part.lastIndex(where: { !isBlank($0) }) else {
            return part[part.startIndex..<part.startIndex]
        }
        return part[first...last]
    }

    private static func equalsIgnoringCase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return zip(bytes, UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)).allSatisfy { pair in
            ((pair.0 >= 0x41 && pair.0 <= 0x5A) ? pair.0 | 0x20 : pair.0) == pair.1
        }
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
