import Foundation
import StatusModel

/// Chat tools' incoming-webhook messages, from the same words as the email: Slack (`text` plus
/// Block Kit `blocks`), Microsoft Teams Workflows (a message with one Adaptive Card) and Discord
/// (`content` plus `embeds`). Deterministic like the signed JSON: a retry posts the same bytes.
extension NotificationRenderer {
    /// The body a receiver of `format` gets for `event`, in `language`.
    public func webhookBody(for event: NotificationEvent, format: WebhookFormat, language: LanguageCode) -> [UInt8] {
        guard let message = format == .driftstatus ? nil : chatMessage(for: event, language: language) else {
            return webhookPayload(for: event, language: language)
        }
        switch format {
        case .driftstatus: return webhookPayload(for: event, language: language)
        case .slack: return ChatBodies.slack(message).bytes
        case .teams: return ChatBodies.teams(message).bytes
        case .discord: return ChatBodies.discord(message).bytes
        }
    }

    /// What every chat message says, already in the receiver's language.
    func chatMessage(for event: NotificationEvent, language: LanguageCode) -> ChatMessage? {
        let localizer = pages.localizer(settings.languages.contains(language) ? language : settings.defaultLanguage)
        guard let content = content(of: event, localizer: localizer) else {
            guard case .component(let component, _) = event.subject else { return nil }
            let name = localizer.title(component.name).text
            let status = localizer[UIKey.componentStatus(component.status)]
            return ChatMessage(headline: localizer.format("chat_component_headline", ["component": name, "status": status]),
                               title: name, intro: localizer["chat_component_intro"], message: nil,
                               facts: [EmailFactView(label: localizer["email_status_label"], value: status)],
                               components: [], componentsLabel: localizer["email_affected_label"],
                               link: pages.urls.absolutePage(localizer.language, "/"), linkLabel: localizer["email_read_more"],
                               color: component.status == .operational ? EmailColor.good : EmailColor.impact(.minor), at: event.createdAt)
        }
        return ChatMessage(headline: PlainText.singleLine(content.subject), title: PlainText.singleLine(content.title.text),
                           intro: localizer[EmailKey.intro(event.kind)], message: content.message.map { PostText.plain($0.text) },
                           facts: content.facts, components: content.components.map(\.componentName.text),
                           componentsLabel: localizer["email_affected_label"], link: content.link,
                           linkLabel: localizer["email_read_more"], color: content.accentColor, at: event.createdAt)
    }
}

/// One event as a chat tool shows it.
struct ChatMessage {
    /// One line: the notification preview and the fallback text.
    let headline: String
    let title: String
    let intro: String
    let message: String?
    let facts: [EmailFactView]
    let components: [String]
    let componentsLabel: String
    let link: String
    let linkLabel: String
    /// "#rrggbb".
    let color: String
    let at: Date

    /// Facts plus the affected components, when there are any.
    var allFacts: [EmailFactView] {
        facts + (components.isEmpty ? [] : [EmailFactView(label: componentsLabel, value: components.joined(separator: ", "))])
    }
}
