import Testing
@testable import Outbound

@Test func linksLibcurl() { #expect(Outbound.libcurlVersion.hasPrefix("libcurl/")) }
