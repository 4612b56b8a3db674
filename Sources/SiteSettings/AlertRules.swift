import Foundation
import StatusModel
import TOMLKit

/// `[[alert_rules]]`: which Alertmanager/Grafana alerts move which component (docs/alertmanager.md).
/// An array of tables has no environment-variable form. Each problem names the rule and its line;
/// whether `component` names a real component is checked when `serve` starts (the store knows).
enum AlertRulesReader {
    static let tableName = "alert_rules"
    static let knownKeys = ["name", "match", "component", "status", "action", "title_<language>", "body_<language>"]

    static func read(_ value: TOMLValueConvertible, locator: TOMLKeyLocator, fail: (Int?, String) -> Void) -> [AlertRule] {
        guard let array = value.array, array.allSatisfy({ $0.table != nil }) else {
            fail(locator.line(of: [tableName]), "\(tableName): expected tables written as [[\(tableName)]], found another kind of value")
            return []
        }
        var rules: [AlertRule] = []
        for (index, entry) in array.enumerated() {
            guard let table = entry.table else { continue }
            if let rule = readRule(table, index: index, locator: locator, fail: fail) { rules.append(rule) }
        }
        return rules
    }

    private static func readRule(_ table: TOMLTable, index: Int, locator: TOMLKeyLocator, fail: (Int?, String) -> Void) -> AlertRule? {
        let label = "\(tableName)[\(index + 1)]"
        let headerLine = locator.line(of: nil, inArrayTable: tableName, index: index)
        var valid = true
        func problem(_ key: String?, _ reason: String) {
            valid = false
            let line = key.map { locator.line(of: [$0], inArrayTable: tableName, index: index) } ?? headerLine
            fail(line, "\(label)\(key.map { ".\($0)" } ?? ""): \(reason)")
        }
        func string(_ key: String) -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string else { problem(key, "expected a string"); return nil }
            return text
        }
        var match: [String: String] = [:]
        var title: [LanguageCode: String] = [:], body: [LanguageCode: String] = [:]
        for (key, value) in table {
            switch key {
            case "name", "component", "status", "action": continue
            case "match":
                guard let labels = value.table, !labels.isEmpty else {
                    problem(key, "expected a table of labels like match = { service = \"bank-sync\", severity = \"critical\" }")
                    continue
                }
                for (name, expected) in labels {
                    guard let text = expected.string else { problem(key, "the value of label \(String(reflecting: name)) must be a string"); continue }
                    match[name] = text
                }
            case _ where key.hasPrefix("title_") || key.hasPrefix("body_"):
                let isTitle = key.hasPrefix("title_")
                guard let language = LanguageCode(String(key.dropFirst(isTitle ? 6 : 5))) else {
                    problem(key, "unknown key (write title_ or body_ with a language code, like title_sv)")
                    continue
                }
                guard let text = value.string, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    problem(key, "expected a non-empty string")
                    continue
                }
                let unknown = AlertMessageTemplate.unknownPlaceholders(in: text)
                guard unknown.isEmpty else {
                    problem(key, "unknown placeholder {{\(unknown[0])}} (use {{labels.NAME}} or {{annotations.NAME}})")
                    continue
                }
                if isTitle { title[language] = text } else { body[language] = text }
            case "match_re":
                problem(key, "regular-expression matching is not supported; list exact label values in match")
            default:
                problem(key, "unknown key (known keys: \(knownKeys.joined(separator: ", ")))")
            }
        }
        if table["match"] == nil { problem(nil, "needs match = { label = \"value\", ... }") }
        let slug = string("component")
        if let slug {
            if !ComponentDraft.isValidSlug(slug) {
                problem("component", "\(String(reflecting: slug)) is not a component slug (a-z, 0-9 and '-')")
            }
        } else if table["component"] == nil {
            problem(nil, "needs component = \"slug\"")
        }
        let allowed = AlertRule.allowedStatuses.map(\.rawValue)
        var status: ComponentStatus?
        if let raw = string("status") {
            status = ComponentStatus(rawValue: raw).flatMap { AlertRule.allowedStatuses.contains($0) ? $0 : nil }
            if status == nil { problem("status", "\(String(reflecting: raw)) is not one of \(allowed.joined(separator: ", "))") }
        } else if table["status"] == nil {
            problem(nil, "needs status = one of \(allowed.joined(separator: ", "))")
        }
        var action = AlertAction.status
        if let raw = string("action") {
            if let parsed = AlertAction(rawValue: raw) { action = parsed } else {
                problem("action", "\(String(reflecting: raw)) is not one of status, draft, publish")
            }
        }
        let name = string("name") ?? label
        guard valid, let slug, let status else { return nil }
        return AlertRule(name: name, match: match, componentSlug: slug, status: status, action: action,
                         title: title, body: body, line: headerLine)
    }

    /// Once the site's languages are known: a rule that opens incidents needs a title and a body
    /// in every one of them, and texts in other languages are most likely typos.
    static func check(_ rules: [AlertRule], languages: [LanguageCode], file: String?) throws(SettingsError) {
        for rule in rules {
            let listed = languages.map(\.rawValue).joined(separator: ", ")
            if let stray = (Array(rule.title.keys) + Array(rule.body.keys)).sorted().first(where: { !languages.contains($0) }) {
                throw SettingsError(file: file, line: rule.line,
                                    message: "\(rule.name): \"\(stray)\" is not one of the site's languages (\(listed))")
            }
            guard rule.action != .status else { continue }
            for language in languages {
                for (field, texts) in [("title", rule.title), ("body", rule.body)] where texts[language] == nil {
                    throw SettingsError(file: file, line: rule.line,
                                        message: "\(rule.name): action \"\(rule.action.rawValue)\" needs \(field)_\(language) (the incident's text in every site language)")
                }
            }
        }
    }

    /// For `serve`: every rule's component must exist.
    static func unknownComponentError(_ rules: [AlertRule], knownSlugs: Set<String>, file: String?) -> SettingsError? {
        guard let rule = rules.first(where: { !knownSlugs.contains($0.componentSlug) }) else { return nil }
        let known = knownSlugs.sorted().joined(separator: ", ")
        return SettingsError(file: file, line: rule.line,
                             message: "\(rule.name).component: no component has the slug \"\(rule.componentSlug)\" (known: \(known.isEmpty ? "none yet" : known))")
    }
}

extension SiteSettings {
    /// The error `serve` stops with when a rule names a component that does not exist.
    public func alertRuleComponentError(knownSlugs: Set<String>) -> SettingsError? {
        AlertRulesReader.unknownComponentError(alertRules, knownSlugs: knownSlugs, file: alertRulesFile)
    }
}
