import Foundation

/// The three chat tools' JSON bodies. Each keeps to the limits its documentation names, so a long
/// post is cut (with "…") rather than refused by the receiver.
enum ChatBodies {
    /// https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks/ and the Block Kit
    /// reference: header text at most 150 characters, section text 3000, at most 10 fields of 2000.
    static func slack(_ message: ChatMessage) -> StatuspageJSON {
        var body = [message.intro, message.message].compactMap { $0 }.map(slackEscaped).joined(separator: "\n\n")
        body = cut(body, 3_000)
        var blocks: [StatuspageJSON] = [
            .object(["type": .string("header"), "text": plain(cut(message.title, 150))]),
            .object(["type": .string("section"), "text": .object(["type": .string("mrkdwn"), "text": .string(body)])]),
        ]
        let fields = message.allFacts.prefix(10).map { fact in
            StatuspageJSON.object(["type": .string("mrkdwn"),
                                   "text": .string(cut("*\(slackEscaped(fact.label))*\n\(slackEscaped(fact.value))", 2_000))])
        }
        if !fields.isEmpty { blocks.append(.object(["type": .string("section"), "fields": .array(Array(fields))])) }
        blocks.append(.object(["type": .string("actions"), "elements": .array([
            .object(["type": .string("button"), "text": plain(cut(message.linkLabel, 75)), "url": .string(message.link)]),
        ])]))
        return .object(["text": .string(cut("\(slackEscaped(message.headline)) <\(message.link)>", 3_000)), "blocks": .array(blocks)])
    }

    /// A Teams Workflows webhook ("Post to a channel when a webhook request is received") takes a
    /// message whose attachments are Adaptive Cards:
    /// https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using
    static func teams(_ message: ChatMessage) -> StatuspageJSON {
        var body: [StatuspageJSON] = [
            textBlock(message.title, extra: ["size": .string("medium"), "weight": .string("bolder")]),
            textBlock(message.intro, extra: [:]),
        ]
        if let text = message.message { body.append(textBlock(text, extra: [:])) }
        let facts = message.allFacts.map { StatuspageJSON.object(["title": .string($0.label), "value": .string($0.value)]) }
        if !facts.isEmpty { body.append(.object(["type": .string("FactSet"), "facts": .array(facts)])) }
        let card: StatuspageJSON = .object([
            "$schema": .string("http://adaptivecards.io/schemas/adaptive-card.json"),
            "type": .string("AdaptiveCard"),
            "version": .string("1.4"),
            "fallbackText": .string(message.headline),
            "body": .array(body),
            "actions": .array([.object(["type": .string("Action.OpenUrl"), "title": .string(message.linkLabel),
                                        "url": .string(message.link)])]),
        ])
        return .object(["type": .string("message"), "attachments": .array([
            .object(["contentType": .string("application/vnd.microsoft.card.adaptive"), "contentUrl": .null, "content": card]),
        ])])
    }

    /// https://discord.com/developers/docs/resources/webhook#execute-webhook: content at most 2000
    /// characters; an embed's title 256, description 4096, field names 256 and values 1024, at most
    /// 25 fields. `allowed_mentions` with no kinds: text staff wrote never pings anyone.
    static func discord(_ message: ChatMessage) -> StatuspageJSON {
        let description = [message.intro, message.message].compactMap { $0 }.joined(separator: "\n\n")
        let fields = message.allFacts.prefix(25).map { fact in
            StatuspageJSON.object(["name": .string(cut(fact.label, 256)), "value": .string(cut(fact.value, 1_024)),
                                   "inline": .bool(fact.value.count < 40)])
        }
        let embed: StatuspageJSON = .object([
            "title": .string(cut(message.title, 256)),
            "description": .string(cut(description, 4_096)),
            "url": .string(message.link),
            "color": .int(Int(message.color.dropFirst(), radix: 16) ?? 0),
            "fields": .array(Array(fields)),
            "timestamp": .string(ISO8601DateFormatter().string(from: message.at)),
        ])
        return .object(["content": .string(cut(message.headline, 2_000)), "embeds": .array([embed]),
                        "allowed_mentions": .object(["parse": .array([])])])
    }

    private static func plain(_ text: String) -> StatuspageJSON {
        .object(["type": .string("plain_text"), "text": .string(text), "emoji": .bool(true)])
    }

    private static func textBlock(_ text: String, extra: [String: StatuspageJSON]) -> StatuspageJSON {
        .object(["type": .string("TextBlock"), "text": .string(text), "wrap": .bool(true)].merging(extra) { _, new in new })
    }

    /// Slack's mrkdwn treats `&`, `<` and `>` as control characters.
    static func slackEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// At most `limit` characters (the chat tools count characters), "…" marking a cut.
    static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
