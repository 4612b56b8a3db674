import Foundation
import StatusModel
import Testing
@testable import StatusPages

/// Slack, Teams and Discord bodies: the shapes their documentation asks for, in the receiver's
/// language, within their limits, and inert where staff text could be read as markup.
/// (Tests/RealClients/check_chat_webhooks.py validates them against the JSON Schemas.)
@Suite struct ChatBodyTests {
    func body(_ event: NotificationEvent, _ format: WebhookFormat, _ language: LanguageCode = .english) throws -> [String: Any] {
        let bytes = try NotificationFixtures.renderer().webhookBody(for: event, format: format, language: language)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test(arguments: NotificationEventKind.allCases)
    func everyKindInEveryChatFormat(kind: NotificationEventKind) throws {
        let event = NotificationFixtures.event(for: kind)
        let slack = try body(event, .slack)
        #expect(slack["text"] is String)
        let blocks = try #require(slack["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        #expect(blocks.last?["type"] as? String == "actions")
        let teams = try body(event, .teams)
        #expect(teams["type"] as? String == "message")
        let attachment = try #require((teams["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["type"] as? String == "AdaptiveCard" && card["version"] as? String == "1.4")
        let discord = try body(event, .discord)
        #expect(discord["content"] is String)
        let embed = try #require((discord["embeds"] as? [[String: Any]])?.first)
        #expect(embed["title"] is String && embed["color"] is Int)
        #expect((discord["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
    }

    @Test func incidentInTheReceiversLanguage() throws {
        let event = NotificationFixtures.incidentEvent(.incidentUpdated)
        let english = try body(event, .slack)
        let header = try #require((english["blocks"] as? [[String: Any]])?.first?["text"] as? [String: Any])
        #expect(header["text"] as? String == "Bank synchronisation is down")
        #expect((english["text"] as? String)?.contains("https://status.example.se/en/incidents/12") == true)
        let swedish = try body(event, .discord, .swedish)
        let embed = try #require((swedish["embeds"] as? [[String: Any]])?.first)
        #expect(embed["title"] as? String == "Banksynkroniseringen fungerar inte")
        #expect(embed["url"] as? String == "https://status.example.se/sv/incidents/12")
        let fields = try #require(embed["fields"] as? [[String: Any]])
        #expect(fields.contains { $0["name"] as? String == "Berörda tjänster" })
    }

    @Test func driftstatusFormatIsTheSignedStatuspageJSON() throws {
        let event = NotificationFixtures.incidentEvent(.incidentCreated)
        let renderer = try NotificationFixtures.renderer()
        #expect(renderer.webhookBody(for: event, format: .driftstatus, language: .english)
                == renderer.webhookPayload(for: event, language: .english))
    }

    @Test func slackMarkupAndLimits() {
        #expect(ChatBodies.slackEscaped("<!channel> & <https://x|y>") == "&lt;!channel&gt; &amp; &lt;https://x|y&gt;")
        #expect(ChatBodies.cut(String(repeating: "å", count: 200), 150).count == 150)
        #expect(ChatBodies.cut("short", 150) == "short")
    }
}
