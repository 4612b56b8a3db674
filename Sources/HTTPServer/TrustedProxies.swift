#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The proxies (a cache, a TLS terminator, a load balancer) whose word on the client's address is
/// believed. A request from one of them names the real client in `X-Forwarded-For` or
/// `Forwarded`; from anyone else those headers are ignored, since any client can send them.
public struct TrustedProxies: Sendable, Equatable {
    /// An address or a network in CIDR notation, IPv4 or IPv6.
    struct Network: Sendable, Equatable {
        /// 16 bytes; IPv4 is kept as an IPv4-mapped IPv6 address (::ffff:a.b.c.d).
        let address: [UInt8]
        let prefixLength: Int

        func contains(_ candidate: [UInt8]) -> Bool {
            var remaining = prefixLength
            for index in 0..<16 where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != candidate[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    let networks: [Network]

    /// Nobody is trusted: the peer is the client (the default).
    public static let none = TrustedProxies(networks: [])

    private init(networks: [Network]) { self.networks = networks }

    /// `entries`: "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8". Throws `InvalidEntry` naming the
    /// first entry that is neither an address nor a network.
    public init(_ entries: [String]) throws(InvalidEntry) {
        var networks: [Network] = []
        for entry in entries {
            guard let network = Self.network(entry) else { throw InvalidEntry(entry: entry) }
            networks.append(network)
        }
        self.networks = networks
    }

    public struct InvalidEntry: Error, Equatable, CustomStringConvertible {
        public let entry: String
        public var description: String {
            "trusted_proxies: \"\(entry)\" is not an IP address or a network like 10.0.0.0/8 or fd00::/8"
        }
    }

    public var isEmpty: Bool { networks.isEmpty }

    /// Whether `address` (text, as `Request.remoteAddress` has it) is one of the trusted proxies.
    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.parseAddress(address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client's address for a request that arrived from `peer`: the peer itself unless it is
    /// trusted; otherwise the hops it reports are walked from the right (the hop nearest to us)
    /// past every trusted proxy, and the first untrusted one is the client. `Forwarded`
    /// (RFC 7239) is used when present, else `X-Forwarded-For`. A hop that is not an address
    /// (garbage, "unknown", an obfuscated name) stops the walk at the last good hop.
    public func clientAddress(peer: String, headers: HTTPHeaders) -> String {
        guard !networks.isEmpty, contains(peer) else { return peer }
        // Several fields of one name are one comma-separated list, in order (RFC 9110 section 5.3).
        let hops: [String]
        let forwarded = headers.values(for: "Forwarded")
        if !forwarded.isEmpty {
            hops = Self.forwardedHops(forwarded.joined(separator: ","))
        } else {
            hops = headers.values(for: "X-Forwarded-For").joined(separator: ",").split(separator: ",").map { Self.trimmed($0) }
        }
        var client = peer
        for hop in hops.reversed() {
            guard let bytes = Self.parseAddress(hop) else { break }
            client = Self.canonical(hop, bytes)
            if !networks.contains(where: { $0.contains(bytes) }) { break }
        }
        return client
    }

    /// The `for=` values of a `Forwarded` field, in order; quotes, brackets and ports removed.
    static func forwardedHops(_ field: String) -> [String] {
        var hops: [String] = []
        for element in field.split(separator: ",") {
            for pair in element.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, trimmed(parts[0]).lowercased() == "for" else { continue }
                var value = trimmed(parts[1])
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                hops.append(value)
            }
        }
        return hops
    }

    /// 16 bytes for an IPv4 or IPv6 literal; "[v6]", "[v6]:port" and "v4:port" are accepted
    /// (proxies write them so in `Forwarded`).
    static func parseAddress(_ text: String) -> [UInt8]? {
        var text = Substring(text)
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") {
            text = text[text.index(after: text.startIndex)..<end]
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = text[..<colon]
        }
        return parseLiteral(text)
    }

    /// 16 bytes for a bare IPv4 or IPv6 literal (no brackets, no port).
    static func parseLiteral(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty, text.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, String(text), &v4) == 1 {
            return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + withUnsafeBytes(of: v4.s_addr) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, String(text), &v6) == 1 else { return nil }
        return withUnsafeBytes(of: &v6) { Array($0) }
    }

    static func network(_ entry: String) -> Network? {
        let parts = trimmed(Substring(entry)).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let bytes = parseLiteral(first) else { return nil }
        let isV4 = !first.contains(":")
        let maximum = isV4 ? 32 : 128
        var prefix = maximum
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maximum).contains(value), parts[1].allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
            prefix = value
        }
        return Network(address: bytes, prefixLength: isV4 ? 96 + prefix : prefix)
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// IPv4-mapped IPv6 hops are written as plain IPv4, so one client has one throttle key.
    private static func canonical(_ hop: String, _ bytes: [UInt8]) -> String {
        if bytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] {
            return bytes.suffix(4).map(String.init).joined(separator: ".")
        }
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return hop }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
