/// Immutable response bytes, allocated once and handed to libmicrohttpd without copying.
///
/// A response retains its body until MHD has sent it (MHD calls the free callback), so a render
/// cache can keep one `ResponseBody` and serve it to any number of clients at once.
public final class ResponseBody: @unchecked Sendable {
    // @unchecked: the storage is written only in `init` and is read-only afterwards, so sharing it
    // across MHD's threads is safe.
    private let storage: UnsafeMutableRawPointer
    public let count: Int

    public init(_ bytes: [UInt8]) {
        count = bytes.count
        // At least one byte so the pointer is never null, even for an empty body.
        storage = .allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress {
                storage.copyMemory(from: base, byteCount: source.count)
            }
        }
    }

    public convenience init(_ string: String) {
        self.init(Array(string.utf8))
    }

    deinit {
        storage.deallocate()
    }

    /// An empty body, shared.
    public static let empty = ResponseBody([])

    public var isEmpty: Bool { count == 0 }

    /// A copy of the bytes (for tests and inspection; serving never copies).
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: storage, count: count))
    }

    /// The start of the bytes for MHD, which takes a mutable pointer but never writes through it.
    var baseAddress: UnsafeMutableRawPointer { storage }
}
