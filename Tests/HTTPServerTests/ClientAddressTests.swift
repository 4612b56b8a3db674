import Testing
@testable import HTTPServer

@Suite struct ClientAddressTests {
    @Test("IPv4 addresses are written as inet_ntop writes them")
    func dottedQuads() {
        #expect(dottedQuad(0xC000_0201) == "192.0.2.1")
        #expect(dottedQuad(0) == "0.0.0.0")
        #expect(dottedQuad(0xFFFF_FFFF) == "255.255.255.255")
        #expect(dottedQuad(0x0A00_0A64) == "10.0.10.100")
        #expect(dottedQuad(0x7F00_0001) == "127.0.0.1")
    }
}
