#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes (4 or 16, network order), with what kind of network it
/// belongs to. IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) are classified as the IPv4
/// address they carry, since that is where a connection to them goes.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Where an address leads, as far as deciding whether an outbound request may go there.
    public enum Scope: String, Sendable, Equatable {
        case loopback
        /// 169.254/16, fe80::/10 (cloud metadata services live here).
        case linkLocal = "link-local"
        /// RFC 1918, 100.64/10 (carrier-grade NAT), fc00::/7 (unique local).
        case privateNetwork = "private"
        case multicast
        /// 0.0.0.0/8 and `::`: "this host" on most systems.
        case unspecified
        /// Reserved or documentation ranges nobody should be posting to (240/4, broadcast).
        case reserved
        case global
    }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// A socket address's IP (AF_INET or AF_INET6); nil for other families.
    public init?(_ address: UnsafePointer<sockaddr>) {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            var ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            bytes = withUnsafeBytes(of: &ip) { Array($0) }
        case AF_INET6:
            var ip = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            bytes = withUnsafeBytes(of: &ip) { Array($0) }
        default:
            return nil
        }
    }

    /// An address literal as a URL host may spell it: every IPv4 form the C library's
    /// resolvers accept (`127.1`, `0x7f000001`, `2130706433`, `0177.0.0.1`) and IPv6, with or
    /// without brackets. Nil for anything else (a name).
    public init?(literal: String) {
        var text = literal
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        // A zone ("fe80::1%eth0") does not change the scope.
        if let percent = text.firstIndex(of: "%") { text = String(text[..<percent]) }
        var v6 = in6_addr()
        if text.contains(":") {
            guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        var v4 = in_addr()
        guard !text.isEmpty, inet_aton(text, &v4) != 0 else { return nil }
        bytes = withUnsafeBytes(of: &v4) { Array($0) }
    }

    public var scope: Scope {
        if bytes.count == 4 { return Self.scope(ipv4: bytes) }
        // ::ffff:a.b.c.d
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return Self.scope(ipv4: Array(bytes[12..<16]))
        }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) {
            return bytes[15] == 1 ? .loopback : bytes[15] == 0 ? .unspecified : .reserved
        }
        if bytes[0] == 0xFF { return .multicast }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return .linkLocal }
        // fec0::/10, deprecated site-local: private in practice.
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return .privateNetwork }
        if bytes[0] & 0xFE == 0xFC { return .privateNetwork }
        return .global
    }

    /// True for addresses on the public internet.
    public var isGlobal: Bool { scope == .global }

    private static func scope(ipv4 b: [UInt8]) -> Scope {
        switch (b[0], b[1]) {
        case (0, _): .unspecified
        case (127, _): .loopback
        case (10, _), (172, 16...31), (192, 168): .privateNetwork
        case (100, 64...127): .privateNetwork
        case (169, 254): .linkLocal
        case (224...239, _): .multicast
        case (240...255, _): .reserved
        default: .global
        }
    }

    public var description: String {
        var copy = bytes
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(family, &copy, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Which addresses an outbound HTTP request may connect to, checked on the address the host
/// name resolved to, at connection time (a name can resolve differently from one day to the next).
public struct AddressPolicy: Sendable {
    private let allows: @Sendable (IPAddress) -> Bool

    public init(allows: @escaping @Sendable (IPAddress) -> Bool) {
        self.allows = allows
    }

    public func allows(_ address: IPAddress) -> Bool {
        allows(address)
    }

    /// Anything, as libcurl itself would.
    public static let anyAddress = AddressPolicy { _ in true }
    /// Only addresses on the public internet: no loopback, link-local, private, multicast,
    /// unspecified or reserved ones.
    public static let globalOnly = AddressPolicy { $0.isGlobal }
}
