import CMicroHTTPD

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C callbacks given to libmicrohttpd. They capture nothing: the ServerCore arrives as `cls`,
// the RequestContext as `*con_cls`.

typealias URILogCallback = @convention(c) (
    UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?
) -> UnsafeMutableRawPointer?

/// Runs once per request, right after the request line: creates the request context (MHD
/// stores the return value in `*con_cls`), numbers the request and records the raw target
/// length, which the access handler no longer sees because MHD has split and decoded it by then.
func logURI(
    _ cls: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?, _ connection: OpaquePointer?
) -> UnsafeMutableRawPointer? {
    guard let cls else { return nil }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    let context = RequestContext(id: core.requestBegan(), rawURI: uri, keepPath: core.onRequestCompleted != nil)
    return Unmanaged.passRetained(context).toOpaque()
}

/// Reports the request to `onRequestCompleted` (when it was answered) and frees its context
/// once MHD is done with the request, however it ended.
func completeRequest(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ code: MHD_RequestTerminationCode
) {
    guard let cls, let conCls, let raw = conCls.pointee else { return }
    conCls.pointee = nil
    let context = Unmanaged<RequestContext>.fromOpaque(raw).takeRetainedValue()
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    // Reported before the request stops counting as in progress, so a graceful stop waits for it.
    if let report = core.onRequestCompleted, let completed = completedRequest(context, connection, code) {
        report(completed)
    }
    core.requestEnded()
}

private func completedRequest(
    _ context: RequestContext, _ connection: OpaquePointer?, _ code: MHD_RequestTerminationCode
) -> CompletedRequest? {
    var status = context.status
    var remoteAddress = context.remoteAddress
    if status == 0, let connection {
        // Not answered by us: libmicrohttpd may have answered itself (431, 400).
        status = Int(driftstatus_mhd_queued_status(connection))
        remoteAddress = clientAddress(connection)
    }
    guard status != 0 else { return nil }
    return CompletedRequest(
        id: context.id, method: context.method, path: context.path, status: status,
        duration: MonotonicTime.elapsed(since: context.startedAt), bytesSent: context.bytesSent,
        remoteAddress: remoteAddress, completedNormally: code == .REQUEST_TERMINATED_COMPLETED_OK, tag: context.tag
    )
}

/// MHD's accept policy: refuses (MHD closes the socket at once) while `connectionLimit`
/// connections are open, so an overloaded server fails fast instead of leaving clients waiting.
/// Accepts racing on several threads can overshoot the limit by a few; that is harmless.
func acceptConnection(
    _ cls: UnsafeMutableRawPointer?, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t
) -> MHD_Result {
    guard let cls else { return .YES }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    return core.openConnections < core.connectionLimit ? .YES : .NO
}

typealias ConnectionNotifyCallback = @convention(c) (
    UnsafeMutableRawPointer?, OpaquePointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    MHD_ConnectionNotificationCode
) -> Void

/// Counts open connections (MHD_OPTION_NOTIFY_CONNECTION).
func notifyConnection(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ socketContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ code: MHD_ConnectionNotificationCode
) {
    guard let cls else { return }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    if code == .CONNECTION_NOTIFY_STARTED {
        core.connectionOpened()
    } else {
        core.connectionClosed()
    }
}

/// Receives libmicrohttpd's log lines (MHD_OPTION_EXTERNAL_LOGGER) and keeps them only while
/// the daemon is starting, where they explain a refusal (a bad TLS key). Lines logged while
/// serving, mostly about misbehaving clients, are dropped.
func logLibraryMessage(_ cls: UnsafeMutableRawPointer?, _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?) {
    guard let cls, let format, let arguments else { return }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    guard core.isCapturingLibraryMessages else { return }
    var buffer = [CChar](repeating: 0, count: 512)
    let written = Int(vsnprintf(&buffer, buffer.count, format, arguments))
    let length = min(max(written, 0), buffer.count - 1)
    let line = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let trimmed = line.split(whereSeparator: \.isNewline).joined(separator: " ")
    if !trimmed.isEmpty { core.recordLibraryMessage(trimmed) }
}

/// MHD calls this several times per request: once when the headers are in, once per chunk of
/// body (`*upload_data_size > 0`) and a last time with `*upload_data_size == 0`. Answering only
/// on that last call keeps the connection alive (answering on the first makes MHD close it).
func handleAccess(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ url: UnsafePointer<CChar>?, _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?,
    _ uploadData: UnsafePointer<CChar>?, _ uploadDataSize: UnsafeMutablePointer<Int>?,
    _ conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let cls, let connection, let uploadDataSize, let conCls else { return MHD_Result.NO }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()

    let context: RequestContext
    if let raw = conCls.pointee {
        context = Unmanaged<RequestContext>.fromOpaque(raw).takeUnretainedValue()
    } else {
        // Not expected (the URI log callback creates it), but never work without one.
        context = RequestContext(id: core.requestBegan(), rawURI: url, keepPath: false)
        conCls.pointee = Unmanaged.passRetained(context).toOpaque()
    }

    if context.answered {
        uploadDataSize.pointee = 0
        return MHD_Result.YES
    }
    if let deferred = context.deferred {
        // Called again after the pool resumed the connection: send what the work answered.
        guard let response = deferred.response else { return MHD_Result.YES }
        context.deferred = nil
        return answer(connection, context, core.finishing(response))
    }

    if !context.headersSeen {
        context.headersSeen = true
        context.method = string(method)
        context.path = string(url)
        context.isHead = context.method == "HEAD"
        // Refusals are answered at once so MHD never reads (or sends 100 Continue for) the body.
        if let refusal = RequestFraming.refusal(connection, version: version, pathEncodesNUL: context.pathEncodesNUL) {
            return answer(connection, context, refusal)
        }
        if context.rawURILength > core.maxURLLength {
            return answer(connection, context, .text("URI Too Long\n", status: 414))
        }
        if let declared = declaredContentLength(connection), declared > core.maxRequestBodyBytes {
            return answer(connection, context, payloadTooLarge)
        }
        return MHD_Result.YES
    }

    let chunkSize = uploadDataSize.pointee
    if chunkSize > 0 {
        uploadDataSize.pointee = 0
        context.bytesReceived += chunkSize
        if context.rejectionStatus != nil {
            // Discard the rest, but a sender that goes on and on loses the connection instead.
            let discarded = context.bytesReceived - core.maxRequestBodyBytes
            return discarded > core.maxRequestBodyBytes ? MHD_Result.NO : MHD_Result.YES
        }
        if context.body.count + chunkSize > core.maxRequestBodyBytes {
            // A chunked body grew past the limit. MHD 0.9.75 refuses to queue a response while
            // the body is still arriving (measured), so drop the data and answer 413 at the end.
            context.body = []
            context.rejectionStatus = 413
            return MHD_Result.YES
        }
        if let uploadData {
            let chunk = UnsafeRawBufferPointer(start: uploadData, count: chunkSize)
            context.body.append(contentsOf: chunk)
        }
        return MHD_Result.YES
    }

    if context.rejectionStatus != nil {
        return answer(connection, context, payloadTooLarge)
    }

    let headers = HTTPHeaders(fields: connectionValues(connection, .HEADER_KIND))
    context.remoteAddress = core.trustedProxies.clientAddress(peer: clientAddress(connection), headers: headers)
    let request = Request(
        method: context.method,
        path: context.path,
        query: connectionValues(connection, .GET_ARGUMENT_KIND),
        headers: headers,
        body: context.body,
        remoteAddress: context.remoteAddress,
        isSecure: core.isSecure,
        id: context.id
    )
    context.body = []
    switch core.reply(request) {
    case .now(let response):
        return answer(connection, context, core.finishing(response))
    case .later(let pool, let whenBusy, let work):
        // A full pool is answered at once, without the suspend/resume round trip.
        if pool.isFull { return answer(connection, context, core.finishing(whenBusy())) }
        suspend(connection, context, core: core, pool: pool, whenBusy: whenBusy, work: work)
        return MHD_Result.YES
    case .delayed(let seconds, let response):
        let response = core.finishing(response)
        guard seconds > 0, core.delayedAnswers.hasRoom else { return answer(connection, context, response) }
        suspend(connection, context, core: core, answering: response, after: seconds)
        return MHD_Result.YES
    }
}

private var payloadTooLarge: Response {
    var response = Response.text("Payload Too Large\n", status: 413)
    // The unread body is still on the wire; the connection cannot be reused.
    response.headers.add("Connection", "close")
    return response
}

private func string(_ pointer: UnsafePointer<CChar>?) -> String {
    // String(cString:) repairs invalid UTF-8 with U+FFFD instead of failing.
    pointer.map { String(cString: $0) } ?? ""
}

private func declaredContentLength(_ connection: OpaquePointer) -> Int? {
    guard let value = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length") else {
        return nil
    }
    // Digits only (MHD has trimmed spaces); an absurdly long number counts as too large.
    let text = String(cString: value)
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    return Int(text) ?? Int.max
}
