import SiteSettings
import StatusModel

/// The Statuspage v1 routes in the OpenAPI document (tag "Statuspage v1"), from one table whose
/// methods the tests compare with what `StatuspageV1Route` answers.
enum StatuspageV1OpenAPI {
    struct Operation {
        let method: String
        /// Below `/v1/pages/{page_id}`.
        let path: String
        let operationID: String
        let summary: String
        let requestSchema: String?
        let success: Int
        let response: String
        let failures: [Int]
    }

    static let tag = "Statuspage v1"
    static let prefix = "/v1/pages/{page_id}"
    static let contentType = "application/json; charset=utf-8"
    private static let writeFailures = [400, 401, 403, 404, 409, 413, 415, 422, 501, 503]

    static let operations: [Operation] = [
        Operation(method: "GET", path: "/incidents", operationID: "statuspageListIncidents",
                  summary: "Incidents and scheduled incidents (maintenance), newest first; q, page, per_page (at most 100).",
                  requestSchema: nil, success: 200, response: "StatuspageIncidentList", failures: [401, 404, 422]),
        Operation(method: "POST", path: "/incidents", operationID: "statuspageCreateIncident",
                  summary: "Create an incident, or a planned maintenance when the status is scheduled/in_progress/verifying or scheduled_for is set.",
                  requestSchema: "StatuspageIncidentRequest", success: 201, response: "StatuspageIncident", failures: writeFailures),
        Operation(method: "GET", path: "/incidents/unresolved", operationID: "statuspageListUnresolvedIncidents",
                  summary: "Incidents that are not resolved.", requestSchema: nil, success: 200,
                  response: "StatuspageIncidentList", failures: [401, 404]),
        Operation(method: "GET", path: "/incidents/scheduled", operationID: "statuspageListScheduledIncidents",
                  summary: "Planned maintenance that has not started.", requestSchema: nil, success: 200,
                  response: "StatuspageIncidentList", failures: [401, 404]),
        Operation(method: "GET", path: "/incidents/upcoming", operationID: "statuspageListUpcomingIncidents",
                  summary: "Planned maintenance that has not started (as scheduled).", requestSchema: nil, success: 200,
                  response: "StatuspageIncidentList", failures: [401, 404]),
        Operation(method: "GET", path: "/incidents/active_maintenance", operationID: "statuspageListActiveMaintenance",
                  summary: "Maintenance in progress.", requestSchema: nil, success: 200,
                  response: "StatuspageIncidentList", failures: [401, 404]),
        Operation(method: "GET", path: "/incidents/{incident_id}", operationID: "statuspageGetIncident",
                  summary: "One incident (\"12\") or scheduled incident (\"m3\").", requestSchema: nil, success: 200,
                  response: "StatuspageIncident", failures: [401, 404]),
        Operation(method: "PATCH", path: "/incidents/{incident_id}", operationID: "statuspagePatchIncident",
                  summary: "Rename, change impact, post an update (status and body; resolved resolves), set component statuses; for a scheduled incident: start, complete or move it.",
                  requestSchema: "StatuspageIncidentRequest", success: 200, response: "StatuspageIncident", failures: writeFailures),
        Operation(method: "PUT", path: "/incidents/{incident_id}", operationID: "statuspagePutIncident",
                  summary: "Same as PATCH.", requestSchema: "StatuspageIncidentRequest", success: 200,
                  response: "StatuspageIncident", failures: writeFailures),
        Operation(method: "DELETE", path: "/incidents/{incident_id}", operationID: "statuspageDeleteIncident",
                  summary: "Cancel a scheduled incident (maintenance). Incidents are not deleted: 405, resolve them instead.",
                  requestSchema: nil, success: 200, response: "StatuspageIncident", failures: [401, 403, 404, 405, 409, 503]),
        Operation(method: "PATCH", path: "/incidents/{incident_id}/incident_updates/{incident_update_id}",
                  operationID: "statuspagePatchIncidentUpdate", summary: "Replace an update's text (in the token's language).",
                  requestSchema: "StatuspageIncidentUpdateRequest", success: 200, response: "StatuspageIncidentUpdate",
                  failures: writeFailures),
        Operation(method: "PUT", path: "/incidents/{incident_id}/incident_updates/{incident_update_id}",
                  operationID: "statuspagePutIncidentUpdate", summary: "Same as PATCH.",
                  requestSchema: "StatuspageIncidentUpdateRequest", success: 200, response: "StatuspageIncidentUpdate",
                  failures: writeFailures),
        Operation(method: "GET", path: "/components", operationID: "statuspageListComponents",
                  summary: "Every component (hidden ones too) with its groups, in page order.", requestSchema: nil, success: 200,
                  response: "StatuspageComponentList", failures: [401, 404]),
        Operation(method: "GET", path: "/components/{component_id}", operationID: "statuspageGetComponent",
                  summary: "One component.", requestSchema: nil, success: 200, response: "StatuspageComponent", failures: [401, 404]),
        Operation(method: "PATCH", path: "/components/{component_id}", operationID: "statuspagePatchComponent",
                  summary: "Set a component's status (editors); its name or description (admin token).",
                  requestSchema: "StatuspageComponentRequest", success: 200, response: "StatuspageComponent", failures: writeFailures),
        Operation(method: "PUT", path: "/components/{component_id}", operationID: "statuspagePutComponent",
                  summary: "Same as PATCH.", requestSchema: "StatuspageComponentRequest", success: 200,
                  response: "StatuspageComponent", failures: writeFailures),
    ]

    /// `(path, methods)` entries for the document's `paths`.
    static var paths: [(String, APIJSON)] {
        var paths: [(String, [(String, APIJSON)])] = []
        for operation in operations {
            let entry = (operation.method.lowercased(), document(operation))
            let path = prefix + operation.path
            if let index = paths.firstIndex(where: { $0.0 == path }) { paths[index].1.append(entry) } else { paths.append((path, [entry])) }
        }
        return paths.map { ($0.0, .object($0.1)) }
    }

    private static func document(_ operation: Operation) -> APIJSON {
        var parameters: [APIJSON] = []
        for name in (prefix + operation.path).split(separator: "/").filter({ $0.hasPrefix("{") }) {
            let name = String(name.dropFirst().dropLast())
            parameters.append(.object([("name", .string(name)), ("in", .string("path")), ("required", .bool(true)),
                                       ("schema", OpenAPISchemas.type("string")), ("example", .string(examples[name] ?? "1"))]))
        }
        var members: [(String, APIJSON)] = [
            ("tags", .array([.string(tag)])), ("operationId", .string(operation.operationID)),
            ("summary", .string(operation.summary)), ("parameters", .array(parameters)),
        ]
        if let schema = operation.requestSchema {
            members.append(("requestBody", .object([("required", .bool(true)), ("content", .object([
                ("application/json", .object([("schema", OpenAPISchemas.ref(schema))]))]))])))
        }
        var responses: [(String, APIJSON)] = [(String(operation.success), .object([
            ("description", .string(operation.success == 201 ? "Created." : "OK.")),
            ("content", .object([(contentType, .object([("schema", OpenAPISchemas.ref(operation.response))]))])),
        ]))]
        for status in operation.failures {
            responses.append((String(status), .object([("$ref", .string("#/components/responses/StatuspageError\(status)"))])))
        }
        members.append(("responses", .object(responses)))
        members.append(("security", .array([.object([("statuspageOAuth", .array([]))]), .object([("statuspageApiKey", .array([]))])])))
        members.append(("x-required-role", .string("editor")))
        return .object(members)
    }

    private static let examples = ["page_id": SiteSettings.defaultStatuspagePageID, "incident_id": "1", "incident_update_id": "1",
                                   "component_id": "1"]

    static let securitySchemes: [(String, APIJSON)] = [
        ("statuspageOAuth", .object([("type", .string("apiKey")), ("in", .string("header")), ("name", .string("Authorization")),
                                     ("description", .string("\"OAuth <token>\" (or \"Bearer <token>\"): a Driftstatus API token."))])),
        ("statuspageApiKey", .object([("type", .string("apiKey")), ("in", .string("query")), ("name", .string("api_key")),
                                      ("description", .string("The token as ?api_key=<token>."))])),
    ]

    private static let errorDescriptions: [(Int, String)] = [
        (400, "The body is not JSON or lacks its object ('incident', 'component', 'incident_update')."),
        (401, "No token, or an unknown or revoked one."),
        (403, "The token's role does not allow this (renaming a component needs an admin token)."),
        (404, "Another page id, or no such incident, update or component."),
        (405, "Not allowed on this path (incidents are not deleted; resolve them)."),
        (409, "The scheduled incident has already started, ended or was cancelled."),
        (413, "The body is larger than 512 KiB."),
        (415, "The body is not application/json."),
        (422, "A member of the wrong type, an unknown status or component, or a rule broken (e.g. body required)."),
        (501, "A Statuspage feature Driftstatus does not implement (named in the message)."),
        (503, "The database could not be read or written; retry later."),
    ]

    static var responses: [(String, APIJSON)] {
        errorDescriptions.map { status, description in
            ("StatuspageError\(status)", .object([("description", .string(description)), ("content", .object([
                (contentType, .object([("schema", OpenAPISchemas.ref("StatuspageError"))]))]))]))
        }
    }

    static var schemas: [(String, APIJSON)] {
        let string = OpenAPISchemas.type("string")
        let boolean = OpenAPISchemas.type("boolean")
        let componentStatus = OpenAPISchemas.enumeration(ComponentStatus.self, description: "A component status.")
        let incidentStatus = APIJSON.object([("type", .string("string")), ("enum", .array(
            StatuspageV1IncidentFields.Status.allCases.filter { $0 != .postmortem }.map { .string($0.rawValue) }))])
        let component = OpenAPISchemas.object([
            ("id", string), ("name", string), ("status", string), ("group", boolean), ("page_id", string),
            ("position", OpenAPISchemas.type("integer")), ("description", OpenAPISchemas.nullable("string")),
            ("group_id", OpenAPISchemas.nullable("string")),
        ], required: ["id", "name", "status", "page_id"])
        let update = OpenAPISchemas.object([("id", string), ("incident_id", string), ("status", string), ("body", string)],
                                           required: ["id", "status", "body"])
        let incident = OpenAPISchemas.object([
            ("id", string), ("name", string), ("status", incidentStatus), ("impact", string), ("page_id", string),
            ("shortlink", string), ("incident_updates", OpenAPISchemas.array(OpenAPISchemas.ref("StatuspageIncidentUpdate"))),
            ("components", OpenAPISchemas.array(OpenAPISchemas.ref("StatuspageComponent"))),
            ("scheduled_for", OpenAPISchemas.nullable("string")), ("scheduled_until", OpenAPISchemas.nullable("string")),
            ("resolved_at", OpenAPISchemas.nullable("string")),
        ], required: ["id", "name", "status", "impact", "page_id", "incident_updates", "components"])
        let incidentRequest = OpenAPISchemas.object([("incident", OpenAPISchemas.object([
            ("name", string), ("status", incidentStatus), ("body", string),
            ("impact_override", .object([("type", .string("string")), ("enum", .array(
                StatuspageV1IncidentFields.Impact.allCases.map { .string($0.rawValue) }))])),
            ("component_ids", OpenAPISchemas.array(string)),
            ("components", .object([("type", .string("object")), ("additionalProperties", componentStatus)])),
            ("deliver_notifications", boolean), ("scheduled_for", OpenAPISchemas.dateTime),
            ("scheduled_until", OpenAPISchemas.dateTime), ("scheduled_remind_prior", boolean),
            ("scheduled_auto_in_progress", boolean), ("scheduled_auto_completed", boolean),
            ("metadata", OpenAPISchemas.type("object")),
        ], required: []))], required: ["incident"], example: .object([("incident", .object([
            ("name", .string("Bank sync delayed")), ("status", .string("identified")), ("body", .string("We found the cause.")),
            ("components", .object([("1", .string("partial_outage"))])), ("deliver_notifications", .bool(false)),
        ]))]))
        return [
            ("StatuspageError", OpenAPISchemas.object([("error", string)], required: ["error"], closed: true,
                                                      description: "Statuspage's error shape.")),
            ("StatuspageComponent", component),
            ("StatuspageComponentList", OpenAPISchemas.array(OpenAPISchemas.ref("StatuspageComponent"))),
            ("StatuspageIncidentUpdate", update),
            ("StatuspageIncident", incident),
            ("StatuspageIncidentList", OpenAPISchemas.array(OpenAPISchemas.ref("StatuspageIncident"))),
            ("StatuspageIncidentRequest", incidentRequest),
            ("StatuspageIncidentUpdateRequest", OpenAPISchemas.object([("incident_update", OpenAPISchemas.object([
                ("body", string), ("display_at", OpenAPISchemas.dateTime), ("deliver_notifications", boolean),
                ("wants_twitter_update", boolean),
            ], required: ["body"]))], required: ["incident_update"],
               example: .object([("incident_update", .object([("body", .string("Corrected text."))]))]))),
            ("StatuspageComponentRequest", OpenAPISchemas.object([("component", OpenAPISchemas.object([
                ("status", componentStatus), ("name", string), ("description", string), ("group_id", string),
                ("showcase", boolean), ("only_show_if_degraded", boolean), ("start_date", string),
            ], required: []))], required: ["component"],
               example: .object([("component", .object([("status", .string("degraded_performance"))]))]))),
        ]
    }
}
