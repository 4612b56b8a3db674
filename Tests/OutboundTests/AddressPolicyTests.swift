import Foundation
import Testing
@testable import Outbound

@Suite("Address policy (SSRF)")
struct AddressPolicyTests {
    @Test("literals in every spelling the resolver accepts are classified by where they lead", arguments: [
        ("127.0.0.1", IPAddress.Scope.loopback), ("127.1", .loopback), ("0x7f000001", .loopback), ("2130706433", .loopback),
        ("0177.0.0.1", .loopback), ("[::1]", .loopback), ("::1", .loopback), ("::ffff:127.0.0.1", .loopback),
        ("169.254.169.254", .linkLocal), ("[::ffff:169.254.169.254]", .linkLocal), ("fe80::1%eth0", .linkLocal),
        ("10.1.2.3", .privateNetwork), ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("192.168.1.1", .privateNetwork), ("100.64.0.1", .privateNetwork), ("fd00::1", .privateNetwork), ("fc00::1", .privateNetwork),
        ("::ffff:10.0.0.1", .privateNetwork), ("224.0.0.1", .multicast), ("ff02::1", .multicast),
        ("0.0.0.0", .unspecified), ("0", .unspecified), ("::", .unspecified), ("255.255.255.255", .reserved),
        ("8.8.8.8", .global), ("172.32.0.1", .global), ("100.128.0.1", .global), ("2001:4860:4860::8888", .global),
        ("::ffff:8.8.8.8", .global),
    ])
    func classification(literal: String, scope: IPAddress.Scope) throws {
        let address = try #require(IPAddress(literal: literal))
        #expect(address.scope == scope, "\(literal) is \(address)")
        #expect(AddressPolicy.globalOnly.allows(address) == (scope == .global))
    }

    @Test("names are not address literals")
    func names() {
        for name in ["localhost", "hooks.example.com", "1.2.3.4.5", "", "[]", "::g"] {
            #expect(IPAddress(literal: name) == nil, "\(name)")
        }
    }

    @Test("a POST to a name or literal that leads to loopback is refused when it connects: permanent, nothing arrives")
    func refusedAtConnectTime() throws {
        try WebhookPosterTests.withReceiver { url, requests in
            let port = try #require(URLComponents(string: url)?.port)
            let poster = try WebhookPoster(addressPolicy: .globalOnly)
            for target in ["http://localhost:\(port)/x", "http://127.0.0.1:\(port)/x", "http://127.1:\(port)/x",
                           "http://0x7f000001:\(port)/x", "http://[::ffff:127.0.0.1]:\(port)/x"] {
                do {
                    let status = try poster.post(url: target, body: [1], headers: [], timeout: 5)
                    Issue.record("\(target) was posted to (HTTP \(status))")
                } catch let error as OutboundError {
                    #expect(error.kind == .addressRefused, "\(target): \(error)")
                    #expect(error.isPermanent)
                    #expect(error.message.contains("not public (loopback)") && error.message.hasPrefix("Refused:"), "\(error.message)")
                }
            }
            #expect(requests.current.isEmpty)
            // The name itself is fine; only where it leads is refused.
            let allowing = try WebhookPoster(addressPolicy: .anyAddress)
            #expect(try allowing.post(url: "http://localhost:\(port)/x", body: [1], headers: [], timeout: 5) == 204)
            #expect(requests.current.count == 1)
        }
    }
}
