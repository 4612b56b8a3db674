/// A staff-written post text (an incident update, a maintenance description) for outputs that
/// carry plain text: chat messages and calendar descriptions. The one place that decides it, so
/// formatted posts (Markdown) can turn into their plain form here.
public enum PostText {
    public static func plain(_ text: String) -> String { text }
}
