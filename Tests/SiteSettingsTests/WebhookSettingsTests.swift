import Foundation
import SiteSettings
import Testing

@Suite("[webhooks] settings")
struct WebhookSettingsTests {
    @Test func privateAddressesAreRefusedUnlessAllowed() throws {
        #expect(try !SettingsLoader.parse(toml: "", fileName: "driftstatus.toml").notifications.webhooksAllowPrivateAddresses)
        let allowed = try SettingsLoader.parse(toml: "[webhooks]\nallow_private_addresses = true", fileName: "driftstatus.toml")
        #expect(allowed.notifications.webhooksAllowPrivateAddresses)
        let fromEnvironment = try SettingsLoader.load(file: nil, explicit: false,
                                                      environment: ["DRIFTSTATUS_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "true"])
        #expect(fromEnvironment.notifications.webhooksAllowPrivateAddresses)
        let off = try SettingsLoader.load(file: nil, explicit: false, environment: ["DRIFTSTATUS_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "false"])
        #expect(!off.notifications.webhooksAllowPrivateAddresses)
    }

    @Test(arguments: [
        ("name = \"x\"\n\n[webhooks]\nallow_private_addresses = \"yes\"",
         "driftstatus.toml:4: webhooks.allow_private_addresses: \"yes\" is not true or false"),
        ("[webhooks]\nallow_private_addresses = 1", "driftstatus.toml:2: webhooks.allow_private_addresses: \"1\" is not true or false"),
        ("[webhooks]\nallow_private = true", "driftstatus.toml:2: webhooks.allow_private: unknown key (known keys: allow_private_addresses)"),
    ])
    func badValuesAreRefusedWithTheirLine(toml: String, expected: String) {
        do {
            _ = try SettingsLoader.parse(toml: toml, fileName: "driftstatus.toml")
            Issue.record("accepted \(toml)")
        } catch {
            #expect("\(error)" == expected)
        }
    }

    @Test func badEnvironmentValueNamesTheVariable() {
        do {
            _ = try SettingsLoader.load(file: nil, explicit: false, environment: ["DRIFTSTATUS_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "on"])
            Issue.record("accepted")
        } catch {
            #expect("\(error)" == "DRIFTSTATUS_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: \"on\" is not true or false")
        }
    }
}
