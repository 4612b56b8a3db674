import CMicroHTTPD

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Refuses a request head that two HTTP parsers could frame differently (request smuggling
/// behind a proxy or cache that disagrees with us): the answer closes the connection, so bytes
/// after the head are never read as a request of their own. libmicrohttpd 0.9.75 accepts all
/// of these (its strict mode only covers a missing Host), so they are checked here, once the
/// head has arrived and before any body is read.
enum RequestFraming {
    /// 400 or 505 with `Connection: close` when the head is refused, else nil.
    static func refusal(_ connection: OpaquePointer, version: UnsafePointer<CChar>?, pathEncodesNUL: Bool) -> Response? {
        let isHTTP11: Bool
        if let version, strcmp(version, "HTTP/1.1") == 0 {
            isHTTP11 = true
        } else if let version, strcmp(version, "HTTP/1.0") == 0 {
            isHTTP11 = false
        } else {
            return closing("HTTP Version Not Supported\n", status: 505)
        }
        // "%00" in the path: the decoded path would be cut short at the NUL (a C string).
        if pathEncodesNUL { return closing("Bad Request: NUL in the path\n", status: 400) }
        var fields = HeadFields()
        withUnsafeMutablePointer(to: &fields) { pointer in
            _ = MHD_get_connection_values_n(connection, .HEADER_KIND, inspectField, UnsafeMutableRawPointer(pointer))
        }
        if let problem = fields.problem(isHTTP11: isHTTP11) {
            return closing("Bad Request: \(problem)\n", status: 400)
        }
        return nil
    }

    private static func closing(_ text: String, status: Int) -> Response {
        var response = Response.text(text, status: status)
        response.headers.add("Connection", "close")
        return response
    }
}

/// What the header fields say about framing, gathered without copying them. The pointers are
/// MHD's and stay valid while the request does.
private struct HeadFields {
    var malformedName = false
    var hostCount = 0
    var contentLength: UnsafeBufferPointer<UInt8>?
    var conflictingContentLengths = false
    var transferEncodingCount = 0
    var transferEncodingIsChunked = false

    func problem(isHTTP11: Bool) -> String? {
        if malformedName { return "a header field name holds a space or another character a name cannot have" }
        if isHTTP11 && hostCount != 1 { return hostCount == 0 ? "HTTP/1.1 needs a Host header" : "more than one Host header" }
        if conflictingContentLengths { return "Content-Length given twice with different values" }
        if let contentLength, contentLength.isEmpty || !contentLength.allSatisfy(isDigit) {
            return "Content-Length is not a number"
        }
        if transferEncodingCount > 0 {
            if contentLength != nil { return "both Transfer-Encoding and Content-Length" }
            if transferEncodingCount > 1 || !transferEncodingIsChunked || !isHTTP11 {
                return "the only transfer coding accepted is chunked (HTTP/1.1)"
            }
        }
        return nil
    }
}

private func inspectField(
    _ cls: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind,
    _ key: UnsafePointer<CChar>?, _ keySize: Int, _ value: UnsafePointer<CChar>?, _ valueSize: Int
) -> MHD_Result {
    guard let cls else { return .NO }
    let fields = cls.assumingMemoryBound(to: HeadFields.self)
    let name = bytes(key, keySize)
    let text = bytes(value, valueSize)
    if name.isEmpty || !name.allSatisfy(isTokenByte) {
        fields.pointee.malformedName = true
    } else if equalsIgnoringCase(name, "host") {
        fields.pointee.hostCount += 1
    } else if equalsIgnoringCase(name, "content-length") {
        if let first = fields.pointee.contentLength {
            if !first.elementsEqual(text) { fields.pointee.conflictingContentLengths = true }
        } else {
            fields.pointee.contentLength = text
        }
    } else if equalsIgnoringCase(name, "transfer-encoding") {
        fields.pointee.transferEncodingCount += 1
        fields.pointee.transferEncodingIsChunked = equalsIgnoringCase(text, "chunked")
    }
    return .YES
}

private func bytes(_ pointer: UnsafePointer<CChar>?, _ count: Int) -> UnsafeBufferPointer<UInt8> {
    guard let pointer, count > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeRawPointer(pointer).withMemoryRebound(to: UInt8.self, capacity: count) {
        UnsafeBufferPointer(start: $0, count: count)
    }
}

private func isDigit(_ byte: UInt8) -> Bool {
    byte >= 0x30 && byte <= 0x39
}

/// ASCII case-insensitive comparison with a lowercase literal.
private func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
    guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
    let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
    return zip(bytes, expected).allSatisfy { ($0 | 0x20) == $1 || $0 == $1 }
}
