import StatusModel

/// A small inline SVG per status, so a status is told by shape as well as colour and text.
/// Built here (fixed markup, no user data) and placed in `{{{icon}}}` slots.
enum StatusIcon {
    static func svg(_ kind: String) -> String {
        let shape: String
        switch kind {
        case "operational":
            shape = #"<circle cx="8" cy="8" r="7.5"/><path class="mark" d="M4.6 8.3l2.2 2.2 4.6-4.7"/>"#
        case "maintenance", "under_maintenance":
            shape = #"<rect x="0.5" y="0.5" width="15" height="15" rx="3"/><path class="mark" d="M8 4v4.3l2.8 1.7"/>"#
        case "degraded_performance":
            shape = #"<path d="M8 0.6l7.6 14H0.4z"/><path class="mark" d="M8 5.5v4M8 11.6v0.4"/>"#
        case "partial_outage":
            shape = #"<path d="M8 0.3l7.7 7.7L8 15.7 0.3 8z"/><path class="mark" d="M8 4.6v4.2M8 11v0.4"/>"#
        case "major_outage":
            shape = #"<path d="M4.7 0.5h6.6l4.2 4.2v6.6l-4.2 4.2H4.7L0.5 11.3V4.7z"/><path class="mark" d="M5.4 5.4l5.2 5.2M10.6 5.4l-5.2 5.2"/>"#
        default:
            shape = #"<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="2"/>"#
        }
        return #"<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">"# + shape + "</svg>"
    }
}
