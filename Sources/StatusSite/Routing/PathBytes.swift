#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request path's segments as byte ranges, found in one pass without allocating: routing
/// and naming the route for metrics run on every request, and splitting the path into
/// Strings cost more than answering from the render cache (measured with callgrind).
///
/// A path is bytes (RFC 3986): "/" always separates, also when a combining mark follows it,
/// which a Character-based split would have folded into one Character.
struct PathBytes {
    static let slash = UInt8(ascii: "/")

    let bytes: UnsafeBufferPointer<UInt8>
    /// Segments after the leading "/", empty ones included: "/sv/" has two, "sv" and "".
    private(set) var count = 0
    /// The first four segments (unused ones empty) and the last one.
    private var first4: (Range<Int>, Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0, 0..<0)
    private(set) var last: Range<Int> = 0..<0

    /// `bytes` must start with "/" (callers check `startsWithSlash` first).
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var start = 1
        for index in 1...bytes.count {
            guard index == bytes.count || bytes[index] == Self.slash else { continue }
            record(start..<index)
            start = index + 1
        }
    }

    static func startsWithSlash(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.first == slash
    }

    private mutating func record(_ range: Range<Int>) {
        switch count {
        case 0: first4.0 = range
        case 1: first4.1 = range
        case 2: first4.2 = range
        case 3: first4.3 = range
        default: break
        }
        count += 1
        last = range
    }

    /// The last segment that is not empty ("/a/b//" -> "b"), or an empty range.
    var lastNonEmpty: Range<Int> {
        var end = bytes.count
        while end > 1, bytes[end - 1] == Self.slash { end -= 1 }
        var start = end
        while start > 1, bytes[start - 1] != Self.slash { start -= 1 }
        return start..<end
    }

    /// Segment `index` (0...3); an empty range past the end.
    subscript(index: Int) -> Range<Int> {
        guard index < count else { return bytes.count..<bytes.count }
        switch index {
        case 0: return first4.0
        case 1: return first4.1
        case 2: return first4.2
        case 3: return first4.3
        default: return bytes.count..<bytes.count
        }
    }

    func segment(_ index: Int, is text: StaticString) -> Bool {
        index < count && range(self[index], is: text)
    }

    func range(_ range: Range<Int>, is text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        guard let base = bytes.baseAddress, !range.isEmpty else { return true }
        return memcmp(base + range.lowerBound, text.utf8Start, range.count) == 0
    }

    func range(_ range: Range<Int>, equals text: String) -> Bool {
        text.utf8.elementsEqual(bytes[range])
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Everything from the start of segment `index` to the end, as text.
    func rest(from index: Int) -> String {
        string(self[index].lowerBound..<bytes.count)
    }
}
