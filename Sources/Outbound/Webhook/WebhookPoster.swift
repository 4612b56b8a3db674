import CCurl
import Foundation

/// POSTs bytes to URLs with libcurl and reports the HTTP status, blocking until the receiver
/// answers or the timeout passes. Redirects are not followed (a 3xx is returned as it is).
///
/// Threads: calls are serialised by a lock, so any thread may call `post`, one at a time. The
/// poster keeps one libcurl handle, so consecutive posts to the same host reuse the connection.
public final class WebhookPoster: @unchecked Sendable {
    // @unchecked: `easy` is only touched while holding `lock`; the settings are immutable.
    public static let userAgent = "Driftstatus-Webhook/1"
    /// Response bytes read before the transfer is cut off; the body is never looked at.
    public static let responseBodyCap = 64 * 1024

    private let verifyPeer: Bool
    private let caFilePath: String?
    private let addressPolicy: AddressPolicy
    private let lock = NSLock()
    private let easy: CurlEasy

    /// `verifyPeer: false` and `caFilePath` exist for tests and private CAs. `addressPolicy`
    /// decides which resolved addresses a POST may connect to.
    public init(verifyPeer: Bool = true, caFilePath: String? = nil, addressPolicy: AddressPolicy = .anyAddress) throws(OutboundError) {
        self.verifyPeer = verifyPeer
        self.caFilePath = caFilePath
        self.addressPolicy = addressPolicy
        easy = try CurlEasy()
    }

    /// POSTs `body` to `url` (http or https) with `headers` and returns the response status.
    /// Without a Content-Type header the body goes out as application/octet-stream.
    /// Throws `OutboundError` when no status arrived (refused, timed out, TLS failed: transient)
    /// or for an invalid header or URL scheme, or an address the policy refuses (permanent).
    public func post(url: String, body: [UInt8], headers: [(String, String)], timeout: TimeInterval) throws(OutboundError) -> Int {
        try send(method: "POST", url: url, body: body, headers: headers, timeout: timeout)
    }

    /// Sends a request with any method (`PURGE` to a cache, say) and returns the response status;
    /// `body` nil sends none; `peer` names the receiver in error messages. Errors as for `post`.
    public func send(method: String, url: String, body: [UInt8]?, headers: [(String, String)],
                     timeout: TimeInterval, peer: String = "the webhook receiver") throws(OutboundError) -> Int {
        try transfer(method: method, url: url, body: body, headers: headers, timeout: timeout, peer: peer,
                     sink: CurlResponseSink(cap: Self.responseBodyCap))
    }

    /// GETs `url` and returns the status and the whole body (a public document, say). A body
    /// longer than `maxBytes` is an error rather than silently cut short. Errors as for `post`.
    public func get(url: String, headers: [(String, String)] = [], timeout: TimeInterval, maxBytes: Int,
                    peer: String) throws(OutboundError) -> (status: Int, body: [UInt8]) {
        let sink = CurlResponseSink(cap: maxBytes, keptBytes: maxBytes)
        let status = try transfer(method: "GET", url: url, body: nil, headers: headers, timeout: timeout, peer: peer, sink: sink)
        if sink.exceededCap {
            let host = URLComponents(string: url)?.host ?? url
            throw OutboundError(kind: .transferFailed, message: "The answer of \(peer) \(host) is larger than \(maxBytes) bytes",
                                isPermanent: true)
        }
        return (status, sink.head)
    }

    private func transfer(method: String, url: String, body: [UInt8]?, headers: [(String, String)],
                          timeout: TimeInterval, peer: String, sink: CurlResponseSink) throws(OutboundError) -> Int {
        let lowercasedURL = url.lowercased()
        guard lowercasedURL.hasPrefix("http://") || lowercasedURL.hasPrefix("https://") else {
            throw .invalidInput("The URL must start with http:// or https://.")
        }
        guard !method.isEmpty, method.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else {
            throw .invalidInput("The method must be uppercase letters, like POST or PURGE.")
        }
        let headerList = try CurlStringList(Self.headerLines(headers, hasBody: body != nil))
        let gate = CurlAddressGate(policy: addressPolicy)

        lock.lock()
        defer { lock.unlock() }
        try easy.reset()
        try easy.set(CURLOPT_URL, url)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        try easy.set(CURLOPT_USERAGENT, Self.userAgent)
        try easy.set(CURLOPT_HTTPHEADER, headerList)
        if let body {
            try easy.set(CURLOPT_POST, 1)
            try easy.setPostBody(body)
        }
        if method != "POST" && method != "GET" { try easy.set(CURLOPT_CUSTOMREQUEST, method) }
        let milliseconds = max(1, Int(timeout * 1000))
        try easy.set(CURLOPT_TIMEOUT_MS, milliseconds)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
        try easy.set(CURLOPT_SSL_VERIFYPEER, verifyPeer ? 1 : 0)
        try easy.set(CURLOPT_SSL_VERIFYHOST, verifyPeer ? 2 : 0)
        if let caFilePath { try easy.set(CURLOPT_CAINFO, caFilePath) }
        try easy.set(CURLOPT_WRITEFUNCTION, callback: CurlResponseSink.callback)
        try easy.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())
        try easy.set(openSocket: CurlAddressGate.callback)
        try easy.set(CURLOPT_OPENSOCKETDATA, pointer: Unmanaged.passUnretained(gate).toOpaque())

        let code = withExtendedLifetime((sink, headerList, gate)) { easy.perform() }
        try easy.set(CURLOPT_HTTPHEADER, pointer: nil)
        try easy.set(CURLOPT_WRITEDATA, pointer: nil)
        try easy.set(CURLOPT_OPENSOCKETDATA, pointer: nil)
        let status = easy.responseCode
        // Cutting off an endless response is our doing, not a failure: the status arrived.
        if code == CURLE_OK || (code == CURLE_WRITE_ERROR && sink.exceededCap && status > 0) {
            return status
        }
        if code != CURLE_OK, let refused = gate.refused {
            throw Self.refusal(refused, url: url)
        }
        throw failure(code, url: url, method: method, peer: peer)
    }

    /// Whether retrying cannot help: 2xx is success; 408, 425, 429 and 5xx are worth retrying;
    /// other 4xx (and a 3xx, since redirects are not followed) mean the receiver refuses this
    /// request as it is.
    public static func isPermanentFailure(status: Int) -> Bool {
        switch status {
        case 200...299, 408, 425, 429, 500...599: false
        default: true
        }
    }

    /// Whether the status means the receiver took the delivery.
    public static func isSuccess(status: Int) -> Bool {
        (200...299).contains(status)
    }

    /// "Name: value" lines; also turns off `Expect: 100-continue` (some receivers never answer
    /// it) and defaults the Content-Type.
    static func headerLines(_ headers: [(String, String)], hasBody: Bool = true) throws(OutboundError) -> [String] {
        var lines: [String] = []
        for (name, value) in headers {
            try HeaderEncoding.validateName(name)
            try HeaderEncoding.refuseLineBreaks(value, in: name)
            lines.append("\(name): \(value)")
        }
        let names = Set(headers.map { $0.0.lowercased() })
        if hasBody, !names.contains("content-type") { lines.append("Content-Type: application/octet-stream") }
        if !names.contains("expect") { lines.append("Expect:") }
        return lines
    }

    /// Permanent: the receiver's name leads to a network the policy keeps POSTs out of. The
    /// address itself is left out (it says something about the internal network).
    private static func refusal(_ address: IPAddress, url: String) -> OutboundError {
        let host = URLComponents(string: url)?.host ?? url
        return OutboundError(
            kind: .addressRefused,
            message: "Refused: the webhook receiver \(host) resolves to an address that is not public "
                + "(\(address.scope.rawValue)); webhooks may only reach public addresses",
            isPermanent: true)
    }

    private func failure(_ code: CURLcode, url: String, method: String, peer: String) -> OutboundError {
        let kind = OutboundError.kind(of: code)
        let host = URLComponents(string: url)?.host ?? url
        let reason = easy.reason(for: code)
        let message: String
        switch kind {
        case .connectionFailed: message = "Could not connect to \(peer) \(host): \(reason)"
        case .timedOut: message = "\(peer.prefix(1).uppercased() + peer.dropFirst()) \(host) did not answer in time: \(reason)"
        case .tlsFailed: message = "TLS with \(peer) \(host) failed: \(reason)"
        default: message = "\(method == "POST" ? "Posting" : "Sending \(method)") to \(peer) \(host) failed: \(reason)"
        }
        return OutboundError(kind: kind, message: message, isPermanent: false, curlCode: Int(code.rawValue))
    }
}
