import CMicroHTTPD

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Conversions between libmicrohttpd's C views and the Swift values.

/// Queues `response` on the connection and marks the request answered.
func answer(_ connection: OpaquePointer, _ context: RequestContext, _ response: Response) -> MHD_Result {
    context.answered = true
    context.tag = response.tag
    if let prepared = response.prepared {
        let queued = MHD_queue_response(connection, UInt32(prepared.status), prepared.pointer)
        if queued == .YES {
            context.status = prepared.status
            context.bytesSent = context.isHead ? 0 : prepared.bodyCount
        }
        return queued
    }
    guard let mhdResponse = makeMHDResponse(response) else { return .NO }
    // MHD keeps its own reference until the response is sent.
    defer { MHD_destroy_response(mhdResponse) }
    let status = (100...599).contains(response.status) ? response.status : 500
    let queued = MHD_queue_response(connection, UInt32(status), mhdResponse)
    if queued == .YES {
        context.status = status
        context.bytesSent = context.isHead ? 0 : response.body.count
    }
    return queued
}

/// Wraps the body without copying: MHD gets the bytes' address and a retained reference to the
/// `ResponseBody`, which the free callback releases when MHD is done sending.
func makeMHDResponse(_ response: Response) -> OpaquePointer? {
    let body = response.body
    let retained = Unmanaged.passRetained(body).toOpaque()
    guard let mhdResponse = MHD_create_response_from_buffer_with_free_callback_cls(
        body.count, body.baseAddress, releaseResponseBody, retained
    ) else {
        Unmanaged<ResponseBody>.fromOpaque(retained).release()
        return nil
    }
    for (name, value) in response.headers where isSendable(name: name, value: value) {
        // MHD refuses some fields it manages itself (Content-Length); skipping them is right.
        _ = MHD_add_response_header(mhdResponse, name, value)
    }
    return mhdResponse
}

private func releaseResponseBody(_ retained: UnsafeMutableRawPointer?) {
    guard let retained else { return }
    Unmanaged<ResponseBody>.fromOpaque(retained).release()
}

/// A field is sent only if it cannot split the response: no CR, LF or NUL anywhere, and a name
/// made of token characters. Content-Length is computed by MHD from the body.
func isSendable(name: String, value: String) -> Bool {
    guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else { return false }
    guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else { return false }
    return !HTTPHeaders.namesEqual(name, "Content-Length")
}

/// A character allowed in a header field name (RFC 9110 `tchar`).
func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
         UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    default:
        return "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
}

/// "192.0.2.1" from an IPv4 address in host byte order, written into 15 bytes on the stack.
func dottedQuad(_ ip: UInt32) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 15) { buffer -> String in
        var count = 0
        for shift in [24, 16, 8, 0] as [UInt32] {
            if shift != 24 { buffer[count] = UInt8(ascii: "."); count += 1 }
            let octet = UInt8(truncatingIfNeeded: ip >> shift)
            if octet >= 100 { buffer[count] = 0x30 + octet / 100; count += 1 }
            if octet >= 10 { buffer[count] = 0x30 + octet / 10 % 10; count += 1 }
            buffer[count] = 0x30 + octet % 10; count += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
    }
}

/// The connection's values of one kind (headers, query arguments) in order, decoded lossily.
func connectionValues(_ connection: OpaquePointer, _ kind: MHD_ValueKind) -> [(name: String, value: String)] {
    var values: [(name: String, value: String)] = []
    withUnsafeMutablePointer(to: &values) { pointer in
        _ = MHD_get_connection_values_n(connection, kind, collectValue, UnsafeMutableRawPointer(pointer))
    }
    return values
}

private func collectValue(
    _ cls: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind,
    _ key: UnsafePointer<CChar>?, _ keySize: Int, _ value: UnsafePointer<CChar>?, _ valueSize: Int
) -> MHD_Result {
    guard let cls else { return .NO }
    let values = cls.assumingMemoryBound(to: [(name: String, value: String)].self)
    // One allocation for a typical request's fields instead of growing 1, 2, 4, 8.
    if values.pointee.capacity == 0 { values.pointee.reserveCapacity(16) }
    values.pointee.append((name: decode(key, keySize), value: decode(value, valueSize)))
    return .YES
}

/// Bytes to String with invalid UTF-8 replaced by U+FFFD; nil (an argument without `=`) is "".
private func decode(_ pointer: UnsafePointer<CChar>?, _ count: Int) -> String {
    guard let pointer, count > 0 else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
}

/// The client's IP address as text, or "" if MHD does not know it. Runs for every request, so
/// IPv4 is formatted by hand (inet_ntop cost more than the rest of reading the request) and
/// IPv6 on the stack.
func clientAddress(_ connection: OpaquePointer) -> String {
    guard let address = driftstatus_mhd_client_address(connection) else { return "" }
    switch Int32(address.pointee.sa_family) {
    case AF_INET:
        let ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) }
        return dottedQuad(ip)
    case AF_INET6:
        var ip = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(INET6_ADDRSTRLEN)) { buffer -> String in
            guard let base = buffer.baseAddress, inet_ntop(AF_INET6, &ip, base, socklen_t(buffer.count)) != nil else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: base, count: strlen(base)), as: UTF8.self)
        }
    default:
        return ""
    }
}
