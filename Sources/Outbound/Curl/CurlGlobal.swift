import CCurl

/// The result of the one call to `curl_global_init`. Swift initialises globals lazily under
/// `swift_once`, so the first handle made on any thread runs it exactly once, before any handle.
private let globalInitResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

enum CurlGlobal {
    /// Initialises libcurl once per process; throws if that failed (it only does when out of memory).
    static func ensureInitialised() throws(OutboundError) {
        guard globalInitResult == CURLE_OK else {
            throw OutboundError(
                kind: .transferFailed, message: "libcurl could not be initialised: \(CurlEasy.describe(globalInitResult))",
                isPermanent: false, curlCode: Int(globalInitResult.rawValue))
        }
    }
}
