import Foundation
@testable import StatusSite
import Testing
import TestSupport

/// `CachedResponse.acceptsGzip` reads Accept-Encoding as bytes; it must answer as the
/// `String`-based reading it replaced does, for ordinary and odd headers alike.
struct AcceptsGzipTests {
    /// The earlier implementation, kept as the reference.
    static func reference(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.first == "gzip" || parts.first == "x-gzip" else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return q > 0
        }
        return false
    }

    @Test func commonHeaders() {
        let cases: [(String?, Bool)] = [
            (nil, false), ("", false), ("gzip", true), ("GZIP", true), ("x-gzip", true), ("gzip, deflate, br", true),
            ("br", false), ("br;q=1.0, gzip;q=0.8, *;q=0.1", true), ("gzip;q=0", false), ("gzip; q=0.000", false),
            ("gzip;Q=0", false), ("deflate, gzip ;q=0.5", true), ("identity", false), (" , gzip", true), ("gzip;q=abc", true),
        ]
        for (header, expected) in cases {
            #expect(CachedResponse.acceptsGzip(header) == expected, "\(header ?? "nil")")
            #expect(Self.reference(header) == expected, "the reference reads \(header ?? "nil") so too")
        }
    }

    @Test func agreesWithTheReferenceOnRandomHeaders() {
        var random = FuzzRandom.seeded("acceptsGzip", salt: 7)
        let pieces = ["gzip", "GZip", "x-gzip", "br", "deflate", "*", "identity", ";", ",", " ", "\t", "q=", "Q=", "0", "1", "0.5",
                      "0.000", "1e-3", "abc", "=", "gzipx", ";q=0", ";q=1"]
        for _ in 0..<5_000 {
            let header = (0..<random.int(0...8)).map { _ in random.pick(pieces) }.joined()
            #expect(CachedResponse.acceptsGzip(header) == Self.reference(header), "\(header.debugDescription)")
        }
    }
}
