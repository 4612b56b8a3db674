import StatusModel

// Small view values shared by the page templates. Field names are unique across view models on
// purpose: a Mustache lookup that misses climbs to enclosing contexts.

/// A staff-written text; `isFallback` makes the template wrap it in `lang` with a note.
struct TextView {
    let text: String
    let isFallback: Bool
    let textLanguage: String
    let fallbackNote: String
}

/// A multi-line staff text as HTML that Swift escaped itself (`{{{html}}}`).
struct BodyView {
    let html: String
    let isFallback: Bool
    let textLanguage: String
    let fallbackNote: String
}

struct TimeView {
    let datetime: String
    let text: String
}

struct WindowView {
    let startDatetime: String
    let start: String
    let separator: String
    let endDatetime: String
    let end: String
}

struct DayHeadingView {
    let datetime: String
    let text: String
}

/// A status shown as icon + text + colour class.
struct StatusView {
    let kind: String
    let label: String
    let icon: String

    init(kind: String, label: String) {
        self.kind = kind; self.label = label; self.icon = StatusIcon.svg(kind)
    }
}

struct LinkView {
    let href: String
    let label: String
}
