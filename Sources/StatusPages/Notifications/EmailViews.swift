// View models of the email templates. As in ViewModels/, field names are unique across the views
// on purpose: a Mustache lookup that misses climbs to enclosing contexts.

/// What both layouts (`layout.html`, `layout.txt`) show around the content.
struct EmailLayoutView {
    let htmlLang: String
    let subject: String
    let siteName: String
    /// A colour for the top border, chosen by Swift from the severity (templates stay logic-less).
    let accentColor: String
    let hasFooterReason: Bool
    let footerReason: String
    let hasUnsubscribe: Bool
    let unsubscribeURL: String
    let zoneNote: String
    let t: [String: String]
    var content: String = ""

    func wrapping(_ content: String) -> EmailLayoutView {
        var copy = self
        copy.content = content
        return copy
    }
}

/// A staff post: its plain-text form for the text part, its HTML (`PostMarkup`) for the HTML part.
struct EmailMessageView {
    let text: String
    let html: String
    let isFallback: Bool
    let textLanguage: String
    let fallbackNote: String
}

struct EmailFactView {
    let label: String
    let value: String
}

struct EmailComponentView {
    let componentName: TextView
    let hasComponentStatus: Bool
    let componentStatus: String
}

/// `event.html` / `event.txt`: one incident or maintenance event.
struct EventEmailView {
    let title: TextView
    let intro: String
    let message: EmailMessageView?
    let facts: [EmailFactView]
    let hasComponents: Bool
    let components: [EmailComponentView]
    let linkHref: String
    let t: [String: String]
}

/// `confirmation.html` / `confirmation.txt`: the double opt-in message.
struct ConfirmationEmailView {
    let intro: String
    let confirmURL: String
    let expiry: String
    let t: [String: String]
}

/// `stale.html` / `stale.txt`: the reminder to staff that an active incident has had no update.
struct StaleIncidentEmailView {
    let staleTitle: TextView
    let staleIntro: String
    let staleFacts: [EmailFactView]
    let actionURL: String
    let t: [String: String]
}
