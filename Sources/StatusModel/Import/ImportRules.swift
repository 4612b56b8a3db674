import Foundation

/// The domain rules an imported record must meet (the same ones staff input meets), and the few
/// decisions an import makes about what to store. Pure: the importer calls these while it still
/// knows which file and field a value came from, so a failure can name them.
public enum ImportRules {
    /// The kinds of imported text, with the limits staff input has (`TextLimits`).
    public enum TextKind: Sendable {
        case name, title, description, body, postmortem

        var limit: Int {
            switch self {
            case .name: TextLimits.name
            case .title: TextLimits.title
            case .description: TextLimits.description
            case .body: TextLimits.body
            case .postmortem: TextLimits.postmortem
            }
        }

        var isMultiLine: Bool { self == .description || self == .body || self == .postmortem }
        public var isRequired: Bool { self == .name || self == .title }
    }

    /// Why `text` cannot be stored as this kind of text (the rules of `TextRules`), if it cannot.
    public static func textProblem(_ text: String, as kind: TextKind) -> String? {
        if text.allSatisfy(\.isWhitespace) { return kind.isRequired ? "must not be empty" : nil }
        if text.count > kind.limit { return "longer than \(kind.limit) characters" }
        if TextRules.containsForbiddenControls(text, allowLineBreaks: kind.isMultiLine) {
            return kind.isMultiLine ? "contains control or bidi control characters"
                                    : "contains line breaks, control or bidi control characters"
        }
        return nil
    }

    /// A maintenance window must end after it starts (at the store's millisecond resolution).
    public static func windowProblem(startsAt: Date, endsAt: Date) -> String? {
        millis(endsAt) > millis(startsAt) ? nil : "must be after scheduled_for"
    }

    /// An incident cannot be resolved before it started.
    public static func resolutionProblem(startedAt: Date, resolvedAt: Date?) -> String? {
        guard let resolvedAt, millis(resolvedAt) < millis(startedAt) else { return nil }
        return "is before the incident started"
    }

    /// When a resolved incident ended: the reported moment, else its last update, else its start.
    /// Nil while it is open (the store keeps `resolved_at` exactly for resolved incidents).
    public static func resolvedAt(status: IncidentStatus, reported: Date?, updates: [Date], startedAt: Date) -> Date? {
        guard !status.isActive else { return nil }
        return max(reported ?? updates.max() ?? startedAt, startedAt)
    }

    /// A status page shows a component "under maintenance" while a window covering it runs; the
    /// window says so on its own, so storing it would leave the component stuck there after the
    /// window ends. Such a component is stored as operational; any other status as shown.
    public static func storedStatus(shown: ComponentStatus, coveredByRunningWindow: Bool) -> ComponentStatus {
        shown == .underMaintenance && coveredByRunningWindow ? .operational : shown
    }

    /// A URL-safe slug for an imported component's name (`a-z`, `0-9`, `-`, at most 64), made
    /// unique against `taken` with a numeric suffix.
    public static func slug(for name: String, taken: Set<String>) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var slug = ""
        for scalar in folded.unicodeScalars {
            let isWordCharacter = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if isWordCharacter { slug.unicodeScalars.append(scalar) } else if !slug.hasSuffix("-") && !slug.isEmpty { slug += "-" }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.isEmpty { slug = "component" }
        slug = String(slug.prefix(56))
        var candidate = slug
        var counter = 2
        while taken.contains(candidate) {
            candidate = "\(slug)-\(counter)"
            counter += 1
        }
        return candidate
    }

    private static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
