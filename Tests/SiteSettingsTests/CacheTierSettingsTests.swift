import Foundation
import Testing
@testable import SiteSettings

@Suite struct CacheTierSettingsTests {
    @Test("[http] trusted_proxies and [cache] purge_urls are read from the file")
    func fromFile() throws {
        let settings = try SettingsLoader.parse(toml: """
            [http]
            trusted_proxies = ["127.0.0.1", "10.0.0.0/8", "::1"]

            [cache]
            purge_urls = ["http://127.0.0.1:6081", "https://cache.example.se"]
            """, fileName: "driftstatus.toml")
        #expect(settings.trustedProxies == ["127.0.0.1", "10.0.0.0/8", "::1"])
        #expect(settings.purgeURLs == ["http://127.0.0.1:6081", "https://cache.example.se"])
        #expect(SiteSettings.defaults.trustedProxies.isEmpty && SiteSettings.defaults.purgeURLs.isEmpty)
    }

    @Test("The environment's comma-separated lists win over the file")
    func fromEnvironment() throws {
        let settings = try SettingsLoader.load(file: nil, explicit: false, environment: [
            "DRIFTSTATUS_HTTP_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8",
            "DRIFTSTATUS_CACHE_PURGE_URLS": "http://127.0.0.1:6081,http://10.0.0.2:6081",
        ])
        #expect(settings.trustedProxies == ["127.0.0.1", "10.0.0.0/8"])
        #expect(settings.purgeURLs == ["http://127.0.0.1:6081", "http://10.0.0.2:6081"])
    }

    @Test("Bad values are refused with their line or variable")
    func refusals() throws {
        let badURL = try #require(throws: SettingsError.self) {
            try SettingsLoader.parse(toml: "[cache]\npurge_urls = [\"ftp://x\"]\n", fileName: "d.toml")
        }
        #expect(badURL.description.hasPrefix("d.toml:2: cache.purge_urls: \"ftp://x\" is not an absolute http:// or https:// URL"))
        let notArray = try #require(throws: SettingsError.self) {
            try SettingsLoader.parse(toml: "[http]\ntrusted_proxies = \"127.0.0.1\"\n", fileName: "d.toml")
        }
        #expect(notArray.description == "d.toml:2: http.trusted_proxies: expected an array of strings")
        let unknown = try #require(throws: SettingsError.self) {
            try SettingsLoader.parse(toml: "[http]\nport = 80\n", fileName: "d.toml")
        }
        #expect(unknown.description == "d.toml:2: http.port: unknown key (known keys: trusted_proxies)")
        let env = try #require(throws: SettingsError.self) {
            try SettingsLoader.load(file: nil, explicit: false, environment: ["DRIFTSTATUS_HTTP_TRUSTED_PROXIES": "10.0.0.1 10.0.0.2"])
        }
        #expect(env.description.contains("DRIFTSTATUS_HTTP_TRUSTED_PROXIES: \"10.0.0.1 10.0.0.2\" is not an IP address"))
    }
}
