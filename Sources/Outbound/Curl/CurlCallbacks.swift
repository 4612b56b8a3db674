import CCurl

/// Feeds an upload (the SMTP DATA) to libcurl's read callback from memory.
final class CurlUploadSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Copies up to `capacity` bytes into `buffer`; 0 means the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: count)
        }
        offset += count
        return count
    }

    /// The C read callback; `context` is an unretained `CurlUploadSource` kept alive by the caller.
    static let callback: driftstatus_curl_io_callback = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let source = Unmanaged<CurlUploadSource>.fromOpaque(context).takeUnretainedValue()
        return source.read(into: buffer, capacity: size * count)
    }
}

/// Counts a response body, keeping its first `keptBytes` (an S3 error document names the
/// reason), and stops the transfer once it passes a cap so a receiver cannot keep us busy by
/// streaming forever.
final class CurlResponseSink {
    let cap: Int
    let keptBytes: Int
    private(set) var received = 0
    private(set) var exceededCap = false
    private(set) var head: [UInt8] = []

    init(cap: Int, keptBytes: Int = 0) {
        self.cap = cap
        self.keptBytes = keptBytes
    }

    func accept(_ buffer: UnsafeMutablePointer<CChar>?, count: Int) -> Int {
        if let buffer, head.count < keptBytes {
            let kept = min(count, keptBytes - head.count)
            head += UnsafeRawBufferPointer(start: buffer, count: kept)
        }
        received += count
        if received > cap {
            exceededCap = true
            return 0 // anything but `count` makes libcurl abort with CURLE_WRITE_ERROR
        }
        return count
    }

    static let callback: driftstatus_curl_io_callback = { buffer, size, count, context in
        guard let context else { return 0 }
        let sink = Unmanaged<CurlResponseSink>.fromOpaque(context).takeUnretainedValue()
        return sink.accept(buffer, count: size * count)
    }
}
