import CCurl

/// One libcurl easy handle and its error buffer. Keeping the handle between transfers keeps
/// libcurl's connection cache, so the next transfer to the same server reuses the connection.
///
/// Not thread-safe: its owner (`SMTPRelay`, `WebhookPoster`) serialises every use behind a lock.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    /// libcurl writes its detailed reason here during a failing transfer (CURL_ERROR_SIZE bytes).
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(OutboundError) {
        try CurlGlobal.ensureInitialised()
        guard let handle = curl_easy_init() else {
            throw OutboundError(kind: .transferFailed, message: "libcurl could not create a handle", isPermanent: false)
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        // Closes cached connections politely (SMTP: QUIT).
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Forgets every option of the previous transfer but keeps live connections and caches,
    /// then sets what every transfer needs.
    func reset() throws(OutboundError) {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // Without this, libcurl uses signals for DNS timeouts, which is unsafe in a threaded process.
        try set(CURLOPT_NOSIGNAL, 1)
    }

    func set(_ option: CURLoption, _ value: Int) throws(OutboundError) {
        try check(driftstatus_curl_setopt_long(handle, option, value), option)
    }

    /// libcurl copies string options, so `value` need not outlive the call.
    func set(_ option: CURLoption, _ value: String) throws(OutboundError) {
        try check(driftstatus_curl_setopt_string(handle, option, value), option)
    }

    /// The list must stay alive until the transfer is over.
    func set(_ option: CURLoption, _ list: CurlStringList) throws(OutboundError) {
        try check(driftstatus_curl_setopt_slist(handle, option, list.head), option)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(OutboundError) {
        try check(driftstatus_curl_setopt_pointer(handle, option, pointer), option)
    }

    func set(_ option: CURLoption, offset: Int64) throws(OutboundError) {
        try check(driftstatus_curl_setopt_off(handle, option, curl_off_t(offset)), option)
    }

    func set(_ option: CURLoption, callback: driftstatus_curl_io_callback) throws(OutboundError) {
        try check(driftstatus_curl_setopt_io_callback(handle, option, callback), option)
    }

    /// Every socket libcurl opens for this transfer goes through `callback` (with
    /// CURLOPT_OPENSOCKETDATA as its context).
    func set(openSocket callback: driftstatus_curl_opensocket_callback) throws(OutboundError) {
        try check(driftstatus_curl_setopt_opensocket(handle, callback), CURLOPT_OPENSOCKETFUNCTION)
    }

    /// A POST body, copied by libcurl (binary-safe: the size is set first).
    func setPostBody(_ body: [UInt8]) throws(OutboundError) {
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
        // An empty array may have no storage; libcurl still needs a non-NULL pointer, or it
        // would fall back to the read callback.
        let code = body.isEmpty
            ? driftstatus_curl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
            : body.withUnsafeBytes { bytes in
                driftstatus_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
        try check(code, CURLOPT_COPYPOSTFIELDS)
    }

    /// Runs the transfer; blocks until it ends or times out.
    func perform() -> CURLcode {
        curl_easy_perform(handle)
    }

    /// The last HTTP status or SMTP reply code of the latest transfer; 0 when none arrived.
    var responseCode: Int {
        var code = 0
        guard driftstatus_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK else { return 0 }
        return code
    }

    /// libcurl's detailed reason for the latest failure, or its generic text for `code`.
    func reason(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? Self.describe(code) : detail
    }

    static func describe(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(OutboundError) {
        guard code == CURLE_OK else {
            // Only a libcurl built without a feature (or out of memory) refuses an option.
            throw OutboundError(
                kind: .transferFailed,
                message: "libcurl refused option \(option.rawValue): \(Self.describe(code))",
                isPermanent: false, curlCode: Int(code.rawValue))
        }
    }
}

/// A `curl_slist` that frees itself.
final class CurlStringList {
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init(_ strings: [String]) throws(OutboundError) {
        for string in strings {
            guard let appended = curl_slist_append(head, string) else {
                curl_slist_free_all(head)
                throw OutboundError(kind: .transferFailed, message: "libcurl could not allocate a list", isPermanent: false)
            }
            head = appended
        }
    }

    deinit {
        curl_slist_free_all(head)
    }
}
