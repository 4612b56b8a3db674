import CCurl
import Crypto
import Foundation

/// Puts and deletes objects in one S3-compatible bucket, signed with AWS Signature Version 4 by
/// libcurl (`CURLOPT_AWS_SIGV4`); no SDK. Blocks until the service answers or the timeout passes.
///
/// libcurl 7.88 (Debian 12) hashes only POST fields for the payload signature, so the body goes
/// out as the fields of a request whose method is set to PUT, and `x-amz-content-sha256` is
/// set here: S3 refuses a request without it, and libcurl then signs the value given.
///
/// Threads: calls are serialised by a lock; one handle keeps the connection between objects.
public final class S3Client: @unchecked Sendable {
    // @unchecked: `easy` is only touched while holding `lock`; the configuration is immutable.
    public let configuration: S3Configuration
    private let lock = NSLock()
    private let easy: CurlEasy
    /// An error document is short; a longer answer is cut off.
    static let responseBodyCap = 64 * 1024

    public init(configuration: S3Configuration) throws(OutboundError) {
        self.configuration = configuration
        easy = try CurlEasy()
    }

    /// Stores `body` under `key` with the headers a reader of the object gets back.
    public func put(key: String, body: [UInt8], contentType: String, cacheControl: String?, contentEncoding: String?) throws(OutboundError) {
        var headers = [("Content-Type", contentType)]
        if let cacheControl { headers.append(("Cache-Control", cacheControl)) }
        if let contentEncoding { headers.append(("Content-Encoding", contentEncoding)) }
        try send(method: "PUT", key: key, body: body, headers: headers)
    }

    /// Removes `key`; an object already gone counts as removed.
    public func delete(key: String) throws(OutboundError) {
        try send(method: "DELETE", key: key, body: [], headers: [])
    }

    /// Hex SHA-256, as `x-amz-content-sha256` wants it.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    private func send(method: String, key: String, body: [UInt8], headers: [(String, String)]) throws(OutboundError) {
        for (name, value) in headers {
            try HeaderEncoding.refuseLineBreaks(value, in: name)
        }
        let lines = headers.map { "\($0.0): \($0.1)" } + ["x-amz-content-sha256: \(Self.sha256Hex(body))"]
        let headerList = try CurlStringList(lines)
        let sink = CurlResponseSink(cap: Self.responseBodyCap, keptBytes: 2_048)
        let url = configuration.objectURL(key: key)

        lock.lock()
        defer { lock.unlock() }
        try easy.reset()
        try easy.set(CURLOPT_URL, url)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        try easy.set(CURLOPT_AWS_SIGV4, "aws:amz:\(configuration.region):s3")
        try easy.set(CURLOPT_USERNAME, configuration.accessKeyID)
        try easy.set(CURLOPT_PASSWORD, configuration.secretAccessKey)
        try easy.set(CURLOPT_HTTPHEADER, headerList)
        if method == "PUT" {
            try easy.setPostBody(body)
        }
        try easy.set(CURLOPT_CUSTOMREQUEST, method)
        let milliseconds = max(1, Int(configuration.timeout * 1000))
        try easy.set(CURLOPT_TIMEOUT_MS, milliseconds)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
        try easy.set(CURLOPT_WRITEFUNCTION, callback: CurlResponseSink.callback)
        try easy.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())

        var code = withExtendedLifetime((sink, headerList)) { easy.perform() }
        // A kept connection the service closed meanwhile: once more on a new one.
        if [CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR].contains(code) && sink.received == 0 {
            try easy.set(CURLOPT_FRESH_CONNECT, 1)
            code = withExtendedLifetime((sink, headerList)) { easy.perform() }
        }
        try easy.set(CURLOPT_HTTPHEADER, pointer: nil)
        try easy.set(CURLOPT_WRITEDATA, pointer: nil)
        let status = easy.responseCode
        guard code == CURLE_OK || (code == CURLE_WRITE_ERROR && sink.exceededCap && status > 0) else {
            let kind = OutboundError.kind(of: code)
            throw OutboundError(kind: kind, message: "S3 \(method) \(url) failed: \(easy.reason(for: code))",
                                isPermanent: false, curlCode: Int(code.rawValue))
        }
        if (200...299).contains(status) || (method == "DELETE" && status == 404) { return }
        throw OutboundError(kind: .rejected, message: "S3 \(method) \(url) answered \(status)\(Self.errorCode(sink.head))",
                            isPermanent: false)
    }

    /// `: SignatureDoesNotMatch` from an S3 error document, or nothing.
    static func errorCode(_ body: [UInt8]) -> String {
        let text = String(decoding: body, as: UTF8.self)
        guard let start = text.range(of: "<Code>"), let end = text.range(of: "</Code>", range: start.upperBound..<text.endIndex) else { return "" }
        return ": " + text[start.upperBound..<end.lowerBound]
    }
}
