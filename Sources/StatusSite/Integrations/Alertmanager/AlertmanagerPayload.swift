import Foundation
import StatusModel

/// Reads the webhook body Alertmanager (version "4") and Grafana's webhook contact point send:
/// `{"status", "alerts": [{"status", "labels", "annotations", "startsAt", "fingerprint", ...}], ...}`.
/// Members this integration does not use (`groupKey`, `receiver`, Grafana's `orgId`, `values`,
/// `dashboardURL`...) are ignored, so either sender's newer fields never break it.
enum AlertmanagerPayload {
    /// More alerts than this in one notification is not a real Alertmanager group.
    static let maximumAlerts = 1_000
    static let maximumFingerprint = 128
    static let maximumLabelText = 2_000

    /// The notices, or every shape problem found (field paths like `alerts[0].startsAt`).
    static func notices(_ body: [(String, APIJSON)]) -> (notices: [AlertNotice], issues: [APIFieldIssue]) {
        var issues: [APIFieldIssue] = []
        let root = APIJSON.object(body)
        guard let alerts = root["alerts"] else {
            return ([], [APIFieldIssue(field: "alerts", code: ValidationCode.required.rawValue)])
        }
        guard let items = alerts.arrayValue else {
            return ([], [APIFieldIssue(field: "alerts", code: APIFieldCode.wrongType, expected: "array")])
        }
        guard items.count <= maximumAlerts else {
            return ([], [APIFieldIssue(field: "alerts", code: ValidationCode.tooLong.rawValue, limit: maximumAlerts)])
        }
        var notices: [AlertNotice] = []
        for (index, item) in items.enumerated() {
            if let notice = notice(item, path: "alerts[\(index)]", issues: &issues) { notices.append(notice) }
        }
        return issues.isEmpty ? (notices, []) : ([], issues)
    }

    private static func notice(_ item: APIJSON, path: String, issues: inout [APIFieldIssue]) -> AlertNotice? {
        guard item.objectValue != nil else {
            issues.append(APIFieldIssue(field: path, code: APIFieldCode.wrongType, expected: "object"))
            return nil
        }
        let before = issues.count
        func text(_ name: String, limit: Int) -> String? {
            guard let value = item[name] else {
                issues.append(APIFieldIssue(field: "\(path).\(name)", code: ValidationCode.required.rawValue)); return nil
            }
            guard let string = value.stringValue else {
                issues.append(APIFieldIssue(field: "\(path).\(name)", code: APIFieldCode.wrongType, expected: "string")); return nil
            }
            guard !string.isEmpty else {
                issues.append(APIFieldIssue(field: "\(path).\(name)", code: ValidationCode.required.rawValue)); return nil
            }
            guard string.count <= limit else {
                issues.append(APIFieldIssue(field: "\(path).\(name)", code: ValidationCode.tooLong.rawValue, limit: limit)); return nil
            }
            return string
        }
        let state = text("status", limit: 16).flatMap { raw -> AlertNotice.State? in
            guard let state = AlertNotice.State(rawValue: raw) else {
                issues.append(APIFieldIssue(field: "\(path).status", code: APIFieldCode.invalidEnum, expected: "firing, resolved"))
                return nil
            }
            return state
        }
        let fingerprint = text("fingerprint", limit: maximumFingerprint)
        let startsAt = text("startsAt", limit: 40).flatMap { raw -> Date? in
            guard let date = RFC3339.parse(raw) else {
                issues.append(APIFieldIssue(field: "\(path).startsAt", code: APIFieldCode.invalidDate)); return nil
            }
            return date
        }
        let labels = strings(item["labels"], path: "\(path).labels", required: true, issues: &issues)
        let annotations = strings(item["annotations"], path: "\(path).annotations", required: false, issues: &issues)
        guard issues.count == before, let state, let fingerprint, let startsAt else { return nil }
        return AlertNotice(state: state, fingerprint: fingerprint, startsAt: startsAt, labels: labels, annotations: annotations)
    }

    /// A `{"name": "text"}` object (labels, annotations).
    private static func strings(_ value: APIJSON?, path: String, required: Bool, issues: inout [APIFieldIssue]) -> [String: String] {
        guard let value, value != .null else {
            if required { issues.append(APIFieldIssue(field: path, code: ValidationCode.required.rawValue)) }
            return [:]
        }
        guard let members = value.objectValue else {
            issues.append(APIFieldIssue(field: path, code: APIFieldCode.wrongType, expected: "object"))
            return [:]
        }
        var result: [String: String] = [:]
        for (name, member) in members {
            guard let text = member.stringValue else {
                issues.append(APIFieldIssue(field: "\(path).\(name)", code: APIFieldCode.wrongType, expected: "string"))
                continue
            }
            guard text.count <= maximumLabelText else {
                issues.append(APIFieldIssue(field: "\(path).\(name)", code: ValidationCode.tooLong.rawValue, limit: maximumLabelText))
                continue
            }
            result[name] = text
        }
        return result
    }
}
