import CCurl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lets libcurl connect only to addresses an `AddressPolicy` allows (CURLOPT_OPENSOCKETFUNCTION):
/// the check runs on the address the name resolved to, right before connecting, so a name
/// that resolves differently later (DNS rebinding) is caught too. Remembers what it refused.
final class CurlAddressGate {
    let policy: AddressPolicy
    private(set) var refused: IPAddress?

    init(policy: AddressPolicy) {
        self.policy = policy
    }

    /// The socket for `address`, or CURL_SOCKET_BAD (-1) when the policy refuses it; libcurl
    /// then tries the name's next address, or fails with CURLE_COULDNT_CONNECT.
    func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        let offset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr) ?? 16
        let socketAddress = (UnsafeMutableRawPointer(address) + offset).assumingMemoryBound(to: sockaddr.self)
        guard let ip = IPAddress(socketAddress), policy.allows(ip) else {
            refused = IPAddress(socketAddress) ?? refused
            return -1
        }
        return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
    }

    /// The C callback; `context` is an unretained `CurlAddressGate` kept alive by the caller.
    static let callback: driftstatus_curl_opensocket_callback = { context, _, address in
        guard let context, let address else { return -1 }
        return Unmanaged<CurlAddressGate>.fromOpaque(context).takeUnretainedValue().openSocket(address)
    }
}
