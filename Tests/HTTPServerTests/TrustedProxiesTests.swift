import Testing
@testable import HTTPServer

@Suite struct TrustedProxiesTests {
    let proxies = try! TrustedProxies(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"])

    @Test("Addresses and CIDR networks of both families are accepted; anything else is refused by name")
    func parsing() throws {
        #expect(proxies.contains("127.0.0.1"))
        #expect(!proxies.contains("127.0.0.2"))
        #expect(proxies.contains("10.200.3.4"))
        #expect(!proxies.contains("11.0.0.1"))
        #expect(proxies.contains("::1"))
        #expect(proxies.contains("fd12:3456::7"))
        #expect(!proxies.contains("fe80::1"))
        #expect(!proxies.contains("not an address"))
        // IPv4 clients seen through an IPv6 socket.
        #expect(proxies.contains("::ffff:10.1.2.3"))
        #expect(try TrustedProxies(["0.0.0.0/0"]).contains("203.0.113.9"))
        #expect(try TrustedProxies([" 192.168.1.0/24 "]).contains("192.168.1.77"))
        #expect(!(try TrustedProxies(["192.168.1.0/24"]).contains("192.168.2.1")))
        #expect(try TrustedProxies(["2001:db8::/33"]).contains("2001:db8:7fff::1"))
        #expect(!(try TrustedProxies(["2001:db8::/33"]).contains("2001:db8:8000::1")))
        for bad in ["", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8x", "10.0.0.256", "localhost", "1.2.3.4:80", "[::1]", "10.0.0.0/-1"] {
            #expect(throws: TrustedProxies.InvalidEntry(entry: bad)) { try TrustedProxies(["127.0.0.1", bad]) }
        }
        #expect(TrustedProxies.InvalidEntry(entry: "x").description.contains("trusted_proxies: \"x\""))
    }

    @Test("From an untrusted peer the forwarding headers are ignored")
    func untrustedPeer() {
        let headers: HTTPHeaders = ["X-Forwarded-For": "198.51.100.7", "Forwarded": "for=198.51.100.8"]
        #expect(proxies.clientAddress(peer: "203.0.113.5", headers: headers) == "203.0.113.5")
        #expect(TrustedProxies.none.clientAddress(peer: "127.0.0.1", headers: headers) == "127.0.0.1")
    }

    @Test("The walk goes from the right past trusted hops to the first untrusted one")
    func hopWalk() {
        func client(_ forwardedFor: String, peer: String = "127.0.0.1") -> String {
            proxies.clientAddress(peer: peer, headers: ["X-Forwarded-For": forwardedFor])
        }
        #expect(client("198.51.100.7") == "198.51.100.7")
        // A client that forges a first hop does not get to choose: the rightmost untrusted hop wins.
        #expect(client("1.1.1.1, 198.51.100.7") == "198.51.100.7")
        #expect(client("1.1.1.1, 198.51.100.7, 10.0.0.5") == "198.51.100.7")
        #expect(client("198.51.100.7,10.0.0.5,127.0.0.1") == "198.51.100.7")
        // Every hop trusted: the leftmost is the client.
        #expect(client("10.0.0.9, 10.0.0.5") == "10.0.0.9")
        // Garbage stops the walk at the last good hop.
        #expect(client("198.51.100.7, unknown, 10.0.0.5") == "10.0.0.5")
        #expect(client("") == "127.0.0.1")
        #expect(client("2001:db8::1, ::1") == "2001:db8::1")
        #expect(client("::ffff:198.51.100.7") == "198.51.100.7")
        #expect(proxies.clientAddress(peer: "127.0.0.1", headers: [:]) == "127.0.0.1")
        // Several header lines are one list, in order.
        let split = HTTPHeaders([("X-Forwarded-For", "1.1.1.1"), ("X-Forwarded-For", "198.51.100.7, 10.0.0.1")])
        #expect(proxies.clientAddress(peer: "127.0.0.1", headers: split) == "198.51.100.7")
    }

    @Test("Forwarded (RFC 7239) wins over X-Forwarded-For; quotes, brackets and ports are understood")
    func forwardedHeader() {
        func client(_ forwarded: String) -> String {
            proxies.clientAddress(peer: "10.0.0.1", headers: ["Forwarded": forwarded, "X-Forwarded-For": "192.0.2.99"])
        }
        #expect(client("for=198.51.100.7") == "198.51.100.7")
        #expect(client("for=198.51.100.7;proto=https, for=10.0.0.3") == "198.51.100.7")
        #expect(client("for=\"[2001:db8:cafe::17]:4711\"") == "2001:db8:cafe::17")
        #expect(client("for=\"198.51.100.7:8080\";by=10.0.0.1") == "198.51.100.7")
        #expect(client("For=192.0.2.60;proto=http;by=203.0.113.43") == "192.0.2.60")
        #expect(client("for=_hidden, for=10.0.0.3") == "10.0.0.3")
        #expect(TrustedProxies.forwardedHops("for=1.2.3.4, proto=https;for=\"[::1]\"") == ["1.2.3.4", "[::1]"])
    }

    @Test("Over HTTP: a trusted peer's X-Forwarded-For becomes the request's address, an untrusted one's is ignored")
    func overHTTP() throws {
        let handler = echoHandler
        try withServer({ $0.trustedProxies = try! TrustedProxies(["127.0.0.1"]) }, handler: handler) { _, client in
            let response = try client.send("GET", "/", headers: [("X-Forwarded-For", "6.6.6.6, 198.51.100.7")])
            #expect(response.text.contains("remote: 198.51.100.7\n"))
            let plain = try client.send("GET", "/")
            #expect(plain.text.contains("remote: 127.0.0.1\n"))
        }
        try withServer({ $0.trustedProxies = try! TrustedProxies(["10.0.0.0/8"]) }, handler: handler) { _, client in
            let response = try client.send("GET", "/", headers: [("X-Forwarded-For", "198.51.100.7")])
            #expect(response.text.contains("remote: 127.0.0.1\n"))
        }
    }
}
