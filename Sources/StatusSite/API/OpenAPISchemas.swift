import StatusModel

/// The JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of every request and answer body.
/// Enums come from the domain's `allCases`, so a new status cannot be missing here.
enum OpenAPISchemas {
    static func ref(_ name: String) -> APIJSON { .object([("$ref", .string("#/components/schemas/\(name)"))]) }

    static func object(_ properties: [(String, APIJSON)], required: [String], closed: Bool = false,
                       description: String? = nil, example: APIJSON? = nil) -> APIJSON {
        var members: [(String, APIJSON)] = [("type", .string("object"))]
        if let description { members.append(("description", .string(description))) }
        members.append(("properties", .object(properties)))
        members.append(("required", .array(required.map(APIJSON.string))))
        if closed { members.append(("additionalProperties", .bool(false))) }
        if let example { members.append(("example", example)) }
        return .object(members)
    }

    static func type(_ name: String, description: String? = nil, extra: [(String, APIJSON)] = []) -> APIJSON {
        .object([("type", .string(name))] + (description.map { [("description", .string($0))] } ?? []) + extra)
    }

    static func nullable(_ name: String, format: String? = nil) -> APIJSON {
        .object([("type", .array([.string(name), .string("null")]))] + (format.map { [("format", .string($0))] } ?? []))
    }

    static func array(_ items: APIJSON) -> APIJSON { .object([("type", .string("array")), ("items", items)]) }

    static func enumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type, description: String) -> APIJSON
    where E.RawValue == String {
        .object([("type", .string("string")), ("description", .string(description)),
                 ("enum", .array(E.allCases.map { .string($0.rawValue) }))])
    }

    static let dateTime = type("string", description: "RFC 3339; answers are always UTC with 'Z'.",
                               extra: [("format", .string("date-time"))])

    static var all: [(String, APIJSON)] {
        [
            ("LocalizedText", type("object", description: "A text per language code, e.g. {\"sv\": \"…\", \"en\": \"…\"}.",
                                   extra: [("additionalProperties", type("string"))])),
            ("Impact", enumeration(IncidentImpact.self, description: "How bad it is (Statuspage's names).")),
            ("IncidentStatus", enumeration(IncidentStatus.self, description: "Where the incident stands.")),
            ("ComponentStatus", enumeration(ComponentStatus.self, description: "A component's status (Statuspage's names).")),
            ("MaintenanceStatus", enumeration(MaintenanceStatus.self, description: "Derived from the window and the clock.")),
            ("WebhookFormat", enumeration(WebhookFormat.self, description: """
                What the receiver gets: driftstatus (signed Statuspage-shaped JSON, the default), slack (incoming-webhook \
                text + Block Kit blocks), teams (a Workflows message with an Adaptive Card), discord (content + embeds).
                """)),
            ("ComponentRef", .object([("type", .array([.string("integer"), .string("string")])),
                                      ("description", .string("A component's id or slug."))])),
            ("ComponentChange", object([("component", ref("ComponentRef")), ("status", ref("ComponentStatus"))],
                                       required: ["component", "status"], closed: true)),
            ("ComponentLink", object([("id", type("integer")), ("slug", nullable("string"))], required: ["id", "slug"])),
            ("ComponentStatusLink", object([("id", type("integer")), ("slug", nullable("string")), ("status", ref("ComponentStatus"))],
                                           required: ["id", "slug", "status"])),
            ("Permalinks", type("object", description: "The public page per site language.",
                                extra: [("additionalProperties", type("string"))])),
            ("Warning", object([("field", type("string")), ("code", type("string")), ("message", type("string"))],
                               required: ["field", "code", "message"],
                               description: "Not an error: e.g. a missing translation (code missing_translation).")),
            ("Incident", object([
                ("id", type("integer")), ("title", ref("LocalizedText")), ("impact", ref("Impact")),
                ("status", ref("IncidentStatus")), ("started_at", dateTime), ("resolved_at", nullable("string", format: "date-time")),
                ("components", array(ref("ComponentLink"))), ("updates", array(ref("IncidentUpdate"))),
                ("permalinks", ref("Permalinks")),
                ("postmortem", .object([("oneOf", .array([ref("Postmortem"), type("null")]))])),
            ], required: ["id", "title", "impact", "status", "started_at", "resolved_at", "components", "updates", "permalinks"])),
            ("Postmortem", object([
                ("body", ref("LocalizedText")), ("published_at", dateTime), ("last_published_at", dateTime),
            ], required: ["body", "published_at", "last_published_at"],
               description: "A published postmortem (an incident without one has null).")),
            ("PostmortemDraft", object([
                ("incident_id", type("integer")), ("body", ref("LocalizedText")), ("saved_at", dateTime),
                ("published", .object([("oneOf", .array([ref("Postmortem"), type("null")]))])), ("has_unpublished_changes", type("boolean")),
            ], required: ["incident_id", "body", "saved_at", "published", "has_unpublished_changes"])),
            ("PostmortemResponse", object([("postmortem", ref("PostmortemDraft")), ("warnings", array(ref("Warning")))],
                                          required: ["postmortem", "warnings"])),
            ("IncidentUpdate", object([
                ("id", type("integer")), ("incident_id", type("integer")), ("status", ref("IncidentStatus")),
                ("body", ref("LocalizedText")), ("created_at", dateTime), ("components", array(ref("ComponentStatusLink"))),
            ], required: ["id", "incident_id", "status", "body", "created_at", "components"])),
            ("Maintenance", object([
                ("id", type("integer")), ("title", ref("LocalizedText")), ("body", ref("LocalizedText")),
                ("status", ref("MaintenanceStatus")), ("starts_at", dateTime), ("ends_at", dateTime),
                ("cancelled_at", nullable("string", format: "date-time")), ("completed_at", nullable("string", format: "date-time")),
                ("created_at", dateTime), ("components", array(ref("ComponentLink"))), ("permalinks", ref("Permalinks")),
            ], required: ["id", "title", "body", "status", "starts_at", "ends_at", "cancelled_at", "completed_at", "created_at",
                          "components", "permalinks"])),
            ("Component", object([
                ("id", type("integer")), ("slug", type("string")), ("name", ref("LocalizedText")),
                ("description", ref("LocalizedText")), ("group_id", nullable("integer")), ("position", type("integer")),
                ("status", ref("ComponentStatus")), ("hidden", type("boolean")),
            ], required: ["id", "slug", "name", "description", "group_id", "position", "status", "hidden"])),
            ("IncidentResponse", object([("incident", ref("Incident")), ("warnings", array(ref("Warning")))], required: ["incident"])),
            ("IncidentList", object([("incidents", array(ref("Incident")))], required: ["incidents"])),
            ("UpdateResponse", object([("incident", ref("Incident")), ("update", ref("IncidentUpdate")),
                                       ("warnings", array(ref("Warning")))], required: ["incident", "update", "warnings"])),
            ("ComponentResponse", object([("component", ref("Component"))], required: ["component"])),
            ("ComponentList", object([("components", array(ref("Component")))], required: ["components"])),
            ("MaintenanceResponse", object([("maintenance", ref("Maintenance")), ("warnings", array(ref("Warning")))],
                                           required: ["maintenance"])),
            ("MaintenanceList", object([("maintenances", array(ref("Maintenance")))], required: ["maintenances"])),
            ("Webhook", object([
                ("id", type("integer")), ("url", type("string")), ("description", type("string")),
                ("language", type("string", description: "The language of the texts in its payloads.")),
                ("format", ref("WebhookFormat")),
                ("filtered", type("boolean", description: "false: every component; true: only those in components.")),
                ("components", array(ref("ComponentLink"))), ("created_at", dateTime),
            ], required: ["id", "url", "description", "language", "format", "filtered", "components", "created_at"],
               description: "A webhook subscription. Its secret is never shown again after creation.")),
            ("WebhookResponse", object([("webhook", ref("Webhook"))], required: ["webhook"])),
            ("WebhookList", object([("webhooks", array(ref("Webhook")))], required: ["webhooks"])),
            ("WebhookCreated", object([
                ("webhook", ref("Webhook")),
                ("secret", type("string", description: "The HMAC-SHA256 key for X-Driftstatus-Signature. Store it now: it is not shown again.")),
            ], required: ["webhook", "secret"])),
            ("AlertmanagerAlert", object([
                ("status", .object([("type", .string("string")), ("enum", .array([.string("firing"), .string("resolved")]))])),
                ("labels", type("object", extra: [("additionalProperties", type("string"))])),
                ("annotations", type("object", extra: [("additionalProperties", type("string"))])),
                ("startsAt", dateTime), ("endsAt", dateTime),
                ("fingerprint", type("string", description: "With startsAt, what makes a repeated notification change nothing.")),
            ], required: ["status", "labels", "startsAt", "fingerprint"],
               description: "One alert; other members (generatorURL, Grafana's values, dashboardURL...) are ignored.")),
            ("AlertmanagerWebhook", object([
                ("version", type("string")), ("status", type("string")), ("receiver", type("string")),
                ("groupKey", type("string")), ("commonLabels", type("object", extra: [("additionalProperties", type("string"))])),
                ("alerts", array(ref("AlertmanagerAlert"))),
            ], required: ["alerts"], description: "Alertmanager's webhook body (version 4) or Grafana's webhook contact point's.",
               example: .object([
                ("version", .string("4")), ("groupKey", .string("{}:{alertname=\"BankSyncSlow\"}")), ("truncatedAlerts", .integer(0)),
                ("status", .string("firing")), ("receiver", .string("driftstatus")),
                ("groupLabels", .object([("alertname", .string("BankSyncSlow"))])),
                ("commonLabels", .object([("alertname", .string("BankSyncSlow")), ("service", .string("bank-sync")),
                                          ("severity", .string("critical"))])),
                ("commonAnnotations", .object([])), ("externalURL", .string("http://alertmanager.example:9093")),
                ("alerts", .array([.object([
                    ("status", .string("firing")),
                    ("labels", .object([("alertname", .string("BankSyncSlow")), ("service", .string("bank-sync")),
                                        ("severity", .string("critical"))])),
                    ("annotations", .object([("summary", .string("Bank synchronisation is slow"))])),
                    ("startsAt", .string("2026-12-02T14:00:00Z")), ("endsAt", .string("0001-01-01T00:00:00Z")),
                    ("generatorURL", .string("http://prometheus.example:9090/graph")), ("fingerprint", .string("3f8a1c2b4d5e6f70")),
                ])])),
               ]))),
            ("AlertmanagerResult", object([
                ("received", type("integer")), ("unmatched", type("integer", description: "Alerts no rule matched.")),
                ("changed", type("integer", description: "Alerts that fired or resolved on a component (repeats do not count).")),
                ("drafts_opened", type("integer")), ("published", type("integer")),
            ], required: ["received", "unmatched", "changed", "drafts_opened", "published"])),
            ("DeliveryCounts", object(DeliveryState.allCases.map { ($0.rawValue, type("integer")) },
                                      required: DeliveryState.allCases.map(\.rawValue))),
            ("NotificationSubject", object([
                ("type", .object([("type", .string("string")), ("enum", .array(["incident", "maintenance", "component"].map(APIJSON.string)))])),
                ("id", type("integer")), ("title", ref("LocalizedText")),
                ("previous_status", ref("ComponentStatus")), ("status", ref("ComponentStatus")),
            ], required: ["type", "id", "title"],
               description: "What the event is about, as it was when published (statuses only for components).")),
            ("Notification", object([
                ("id", type("integer")), ("event_id", type("string", description: "Sent with every delivery, for de-duplication.")),
                ("kind", .object([("type", .string("string")),
                                  ("enum", .array(NotificationEventKind.allCases.map { .string($0.rawValue) }))])),
                ("created_at", dateTime), ("subject", ref("NotificationSubject")), ("counts", ref("DeliveryCounts")),
            ], required: ["id", "event_id", "kind", "created_at", "subject", "counts"])),
            ("NotificationList", object([("notifications", array(ref("Notification")))], required: ["notifications"])),
            ("FieldError", object([
                ("field", type("string", description: "The JSON member: \"title.sv\", \"components\", \"components[0].status\", \"ends_at\".")),
                ("code", .object([("type", .string("string")), ("enum", .array(APIFieldCode.all.map(APIJSON.string)))])),
                ("message", type("string", description: "In Swedish or English (Accept-Language).")),
            ], required: ["field", "code", "message"])),
            ("Problem", object([
                ("type", type("string", extra: [("format", .string("uri"))])), ("title", type("string")),
                ("status", type("integer")), ("detail", type("string")), ("errors", array(ref("FieldError"))),
            ], required: ["type", "title", "status", "detail"], description: "RFC 9457 problem details.")),
            ("OpenAPIDocument", object([("openapi", type("string")), ("info", type("object")), ("paths", type("object"))],
                                       required: ["openapi", "info", "paths"])),
        ] + requestSchemas
    }

    static let bilingualTitle: APIJSON = .object([("sv", .string("Banksynkroniseringen är försenad")),
                                                  ("en", .string("Bank synchronisation is delayed"))])
    static let bilingualBody: APIJSON = .object([("sv", .string("Vi undersöker saken.")), ("en", .string("We are investigating."))])

    static var requestSchemas: [(String, APIJSON)] {
        [
            ("IncidentCreate", object([
                ("title", ref("LocalizedText")), ("body", ref("LocalizedText")), ("impact", ref("Impact")),
                ("status", ref("IncidentStatus")), ("components", array(ref("ComponentChange"))),
                ("notify", type("boolean", description: "Tell subscribers (email and webhooks). Default true.")),
            ], required: ["title", "body", "impact"], closed: true,
               description: "status defaults to investigating. Title at most 200 characters, body at most 10,000, per language.",
               example: .object([("title", bilingualTitle), ("body", bilingualBody), ("impact", .string("major")),
                                 ("status", .string("investigating")),
                                 ("components", .array([.object([("component", .string("bank-sync")),
                                                                 ("status", .string("partial_outage"))])]))]))),
            ("IncidentEdit", object([("title", ref("LocalizedText")), ("impact", ref("Impact"))], required: [], closed: true,
                                    example: .object([("impact", .string("critical"))]))),
            ("UpdateCreate", object([
                ("status", ref("IncidentStatus")), ("body", ref("LocalizedText")), ("components", array(ref("ComponentChange"))),
                ("notify", type("boolean", description: "Tell subscribers (email and webhooks). Default true.")),
            ], required: ["status", "body"], closed: true,
               example: .object([("status", .string("identified")),
                                 ("body", .object([("sv", .string("Orsaken är hittad.")), ("en", .string("The cause is found."))]))]))),
            ("Resolve", object([("body", ref("LocalizedText")), ("components", array(ref("ComponentChange"))),
                                ("notify", type("boolean", description: "Tell subscribers (email and webhooks). Default true."))],
                               required: ["body"], closed: true,
                               description: "Affected components not named here return to operational.",
                               example: .object([("body", .object([("sv", .string("Allt fungerar igen.")),
                                                                   ("en", .string("Everything works again."))]))]))),
            ("PostmortemSave", object([("body", ref("LocalizedText"))], required: ["body"], closed: true,
                                      description: "The draft's text per language, in the Markdown subset of posts.",
                                      example: .object([("body", .object([("sv", .string("## Vad hände\n\n- Databasen var överbelastad")),
                                                                          ("en", .string("## What happened\n\n- The database was overloaded"))]))]))),
            ("PostmortemPublish", object([("notify", type("boolean", description: "Tell subscribers of the incident's components (email and webhooks). Default false."))],
                                         required: [], closed: true, example: .object([("notify", .bool(false))]))),
            ("ComponentStatusSet", object([("status", ref("ComponentStatus")),
                                           ("notify", type("boolean", description: "Tell webhook subscribers (never emailed). Default true."))],
                                          required: ["status"], closed: true,
                                          example: .object([("status", .string("degraded_performance"))]))),
            ("MaintenanceCreate", object([
                ("title", ref("LocalizedText")), ("body", ref("LocalizedText")), ("starts_at", dateTime), ("ends_at", dateTime),
                ("components", array(ref("ComponentRef"))),
                ("notify", type("boolean", description: "Tell subscribers now and when the window starts, ends or is cancelled. Default true.")),
            ], required: ["title", "starts_at", "ends_at"], closed: true,
               example: .object([("title", .object([("sv", .string("Planerat underhåll av databasen")),
                                                    ("en", .string("Planned database maintenance"))])),
                                 ("starts_at", .string("2026-12-01T22:00:00Z")), ("ends_at", .string("2026-12-02T01:00:00+01:00")),
                                 ("components", .array([.string("bank-sync")]))]))),
            ("MaintenanceReschedule", object([
                ("starts_at", dateTime), ("ends_at", dateTime),
                ("notify", type("boolean", description: "Tell subscribers of the move. Default true.")),
            ], required: ["starts_at", "ends_at"], closed: true,
               example: .object([("starts_at", .string("2026-12-03T22:00:00Z")), ("ends_at", .string("2026-12-04T01:00:00Z"))]))),
            ("WebhookCreate", object([
                ("url", type("string", description: "http(s) with a host.", extra: [("format", .string("uri"))])),
                ("secret", type("string", description: "Your own HMAC key (16–200 visible ASCII characters); left out, one is generated.",
                                extra: [("minLength", .integer(16)), ("maxLength", .integer(200))])),
                ("language", type("string", description: "The payload texts' language; default the site's first language.")),
                ("format", ref("WebhookFormat")),
                ("component_ids", array(ref("ComponentRef"))),
                ("description", type("string", extra: [("maxLength", .integer(200))])),
            ], required: ["url"], closed: true, description: "component_ids left out or empty: every component.",
               example: .object([("url", .string("https://hooks.example.com/driftstatus")), ("language", .string("en")),
                                 ("component_ids", .array([.string("bank-sync")])), ("description", .string("Ops chat"))]))),
        ]
    }
}
