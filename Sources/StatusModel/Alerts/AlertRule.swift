import Foundation

/// What a matching alert does besides moving its component while it fires.
public enum AlertAction: String, CaseIterable, Sendable, Codable {
    /// Only the component's status.
    case status
    /// Also opens a draft incident that staff publish (or discard) from the dashboard.
    case draft
    /// Also publishes that incident at once.
    case publish
}

/// One `[[alert_rules]]` table: which alerts it matches and what they do to which component.
public struct AlertRule: Sendable, Equatable {
    /// "alert_rules[2]" or the rule's `name`: how the audit log and the dashboard name it.
    public var name: String
    /// Every label must equal its value.
    public var match: [String: String]
    public var componentSlug: String
    /// The component's status while a matching alert fires.
    public var status: ComponentStatus
    public var action: AlertAction
    /// The incident's title and body per language, with `{{labels.x}}` / `{{annotations.x}}` placeholders.
    public var title: [LanguageCode: String]
    public var body: [LanguageCode: String]
    /// The line of its `[[alert_rules]]` header, for errors found later (an unknown component).
    public var line: Int?

    public init(name: String, match: [String: String], componentSlug: String, status: ComponentStatus, action: AlertAction,
                title: [LanguageCode: String] = [:], body: [LanguageCode: String] = [:], line: Int? = nil) {
        self.name = name; self.match = match; self.componentSlug = componentSlug; self.status = status
        self.action = action; self.title = title; self.body = body; self.line = line
    }

    /// All of `match` must be present with equal values; an empty `match` matches nothing
    /// (a rule that moved a component for every alert is far more likely a mistake).
    public func matches(_ labels: [String: String]) -> Bool {
        !match.isEmpty && match.allSatisfy { labels[$0.key] == $0.value }
    }

    /// The statuses a rule may set: "operational" would make an alert unable to show anything.
    public static let allowedStatuses: [ComponentStatus] = [.degradedPerformance, .partialOutage, .majorOutage, .underMaintenance]
}

/// Fills a rule's message template from an alert. Values are inserted as literal text: in a
/// body (the Markdown subset of posts) every ASCII punctuation mark is backslash-escaped, so a
/// label like `[x](javascript:...)` shows as typed; line breaks in a title become spaces.
/// Escaping for HTML happens where every post is rendered, as for any text staff write.
public enum AlertMessageTemplate {
    public enum Field: Sendable { case title, body }

    public static func render(_ template: String, field: Field, labels: [String: String], annotations: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else { rest = rest[open.lowerBound...]; break }
            let name = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += literal(value(of: name, labels: labels, annotations: annotations) ?? "", field: field)
            rest = after[close.upperBound...]
        }
        out += rest
        let limit = field == .title ? TextLimits.title : TextLimits.body
        return String(out.prefix(limit))
    }

    /// The placeholder names a template may use: `labels.x` and `annotations.x`.
    public static func isKnownPlaceholder(_ name: String) -> Bool {
        let parts = name.split(separator: ".", maxSplits: 1)
        return parts.count == 2 && ["labels", "annotations"].contains(String(parts[0])) && !parts[1].isEmpty
    }

    /// The placeholders in `template` that are not `labels.x` / `annotations.x` (for the settings check).
    public static func unknownPlaceholders(in template: String) -> [String] {
        var unknown: [String] = []
        var rest = Substring(template)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !isKnownPlaceholder(name) { unknown.append(name) }
            rest = rest[close.upperBound...]
        }
        return unknown
    }

    private static func value(of name: String, labels: [String: String], annotations: [String: String]) -> String? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "labels": return labels[parts[1]]
        case "annotations": return annotations[parts[1]]
        default: return nil
        }
    }

    private static func literal(_ value: String, field: Field) -> String {
        let printable = String(value.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) || $0 == "\n" })
        switch field {
        case .title:
            return printable.replacingOccurrences(of: "\n", with: " ")
        case .body:
            var out = ""
            for char in printable {
                if char.isASCII && (char.isPunctuation || char.isSymbol) { out.append("\\") }
                out.append(char)
            }
            return out
        }
    }
}
