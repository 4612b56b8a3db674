import Foundation
import StatusModel

/// `POST /api/v1/integrations/alertmanager`: Alertmanager's webhook receiver and Grafana's
/// webhook contact point. Token, size and JSON syntax are checked by the API like any route.
enum AlertmanagerRoute {
    static let operation = APIOperation(
        method: "POST", path: "/api/v1/integrations/alertmanager", operationID: "receiveAlertmanagerWebhook",
        summary: "Alertmanager's webhook (version 4) or Grafana's webhook contact point: firing alerts matched by [[alert_rules]] move components, resolved ones release them (docs/alertmanager.md). Repeats change nothing.",
        requiresToken: true, body: .required("AlertmanagerWebhook"), query: [], success: 200, response: "AlertmanagerResult",
        failures: [400, 401, 403, 413, 415, 422, 503], location: nil, handler: receive,
        malformedBodyStatus: 400)

    static func receive(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let (notices, issues) = AlertmanagerPayload.notices(context.body.object)
        guard issues.isEmpty else { throw APIProblem.validation(issues, context.messages) }
        let outcome = try app.apiStore { try app.alerts.receive(notices, at: context.now) }
        return .object([
            ("received", .integer(Int64(outcome.received))), ("unmatched", .integer(Int64(outcome.unmatched))),
            ("changed", .integer(Int64(outcome.changed))), ("drafts_opened", .integer(Int64(outcome.draftsOpened))),
            ("published", .integer(Int64(outcome.published))),
        ])
    }
}
