import PostMarkup

/// A staff-written post text (an incident update, a maintenance description) for outputs that
/// carry plain text: Statuspage JSON, webhooks, chat messages and calendar descriptions. The one place that decides it:
/// the Markdown subset's plain form (markers removed, links as "text (url)").
public enum PostText {
    public static func plain(_ text: String) -> String { PostMarkup.plainText(text) }
}
