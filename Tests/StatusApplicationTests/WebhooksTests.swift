import Foundation
import SiteSettings
import StatusApplication
import StatusModel
import StatusStore
import Testing

@Suite("Webhooks: admins only, validated, the secret shown once")
struct WebhooksTests {
    let fixture: StoreFixture
    let webhooks: Webhooks

    init() throws {
        fixture = try StoreFixture()
        webhooks = Webhooks(store: fixture.store, settings: .defaults)
    }

    func draft(_ url: String = "https://hooks.example.com/in", secret: String? = nil, components: [Int64] = []) -> WebhookDraft {
        WebhookDraft(url: url, secret: secret, language: .english, componentIDs: components, description: "chat")
    }

    @Test func anAdminCreatesAndDeletesAWebhookWithAGeneratedSecret() throws {
        let created = try webhooks.create(draft(), by: testAdmin, at: testNow)
        #expect(created.secret.count == 64 && created.secret.allSatisfy(\.isHexDigit))
        #expect(try fixture.store.webhooks().map(\.id) == [created.webhook.id])
        try webhooks.delete(id: created.webhook.id, by: testAdmin, at: testNow)
        #expect(try fixture.store.webhooks().isEmpty)
        #expect(throws: PublishingError.self) { try webhooks.delete(id: created.webhook.id, by: testAdmin, at: testNow) }
    }

    @Test func editorsMayNeither() throws {
        #expect(throws: PublishingError.forbidden) { try webhooks.create(draft(), by: testEditor, at: testNow) }
        let created = try webhooks.create(draft(secret: String(repeating: "k", count: 20)), by: testAdmin, at: testNow)
        #expect(created.secret == String(repeating: "k", count: 20))
        #expect(throws: PublishingError.forbidden) { try webhooks.delete(id: created.webhook.id, by: testEditor, at: testNow) }
        #expect(try fixture.store.webhooks().count == 1)
    }

    @Test func invalidDraftsAreRefusedAndNothingIsStored() throws {
        #expect(throws: PublishingError.validation([FieldError(field: "url", code: .privateAddress)])) {
            try webhooks.create(draft("http://127.0.0.1:8080/hook"), by: testAdmin, at: testNow)
        }
        #expect(throws: PublishingError.validation([FieldError(field: "secret", code: .tooShort, limit: 16),
                                                    FieldError(field: "components", code: .unknownComponent)])) {
            try webhooks.create(draft(secret: "short", components: [42]), by: testAdmin, at: testNow)
        }
        #expect(try fixture.store.webhooks().isEmpty)
    }

    @Test func privateAddressesWhenTheSiteAllowsThem() throws {
        var settings = SiteSettings.defaults
        settings.notifications.webhooksAllowPrivateAddresses = true
        let lenient = Webhooks(store: fixture.store, settings: settings)
        _ = try lenient.create(draft("http://127.0.0.1:8080/hook"), by: testAdmin, at: testNow)
        #expect(try fixture.store.webhooks().count == 1)
    }
}
