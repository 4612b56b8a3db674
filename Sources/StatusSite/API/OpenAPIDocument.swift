/// The OpenAPI 3.1 description served at `/api/v1/openapi.json`, built from the same operation
/// table the dispatcher serves (`APIOperation.all`), so paths, methods and statuses agree by construction.
enum OpenAPIDocument {
    static let document: APIJSON = build()

    static func build() -> APIJSON {
        var paths: [(String, APIJSON)] = []
        for operation in APIOperation.all {
            let entry = (operation.method.lowercased(), self.operation(operation))
            if let index = paths.firstIndex(where: { $0.0 == operation.path }), case .object(var methods) = paths[index].1 {
                methods.append(entry)
                paths[index].1 = .object(methods)
            } else {
                paths.append((operation.path, .object([entry])))
            }
        }
        paths += StatuspageV1OpenAPI.paths
        return .object([
            ("openapi", .string("3.1.0")),
            ("info", .object([
                ("title", .string("Driftstatus write API")),
                ("version", .string("1")),
                ("description", .string("""
                    Publish incidents, updates, component statuses and maintenance from scripts. Send \
                    `Authorization: Bearer <token>` (made with `driftstatus token create`; `x-required-role` says which role). Texts are objects keyed \
                    by language; a missing translation is reported in `warnings`, not refused. Errors are \
                    RFC 9457 problem documents (`application/problem+json`). POST accepts an `Idempotency-Key` \
                    header: a retry with the same key and body returns the first answer (kept 24 hours; not for \
                    creating a webhook, whose answer holds its secret). HEAD is \
                    answered wherever GET is; other methods not listed here answer 405 with `Allow`. \
                    The routes tagged "Statuspage v1" are Atlassian Statuspage's REST API v1 (docs/statuspage-v1.md): \
                    `Authorization: OAuth <token>`, Statuspage's shapes and `{"error": "..."}` errors.
                    """)),
            ])),
            ("paths", .object(paths)),
            ("components", .object([
                ("schemas", .object(OpenAPISchemas.all + StatuspageV1OpenAPI.schemas)),
                ("securitySchemes", .object([("bearerAuth", .object([
                    ("type", .string("http")), ("scheme", .string("bearer")),
                    ("description", .string("An API token: \"ds_\" followed by 43 characters.")),
                ]))] + StatuspageV1OpenAPI.securitySchemes)),
                ("responses", .object(Self.problemResponses + StatuspageV1OpenAPI.responses)),
            ])),
        ])
    }

    private static func operation(_ operation: APIOperation) -> APIJSON {
        var members: [(String, APIJSON)] = [
            ("operationId", .string(operation.operationID)),
            ("summary", .string(operation.summary)),
        ]
        var parameters: [APIJSON] = []
        if let name = operation.parameterName {
            let isComponent = name == "component"
            parameters.append(.object([
                ("name", .string(name)), ("in", .string("path")), ("required", .bool(true)),
                ("description", .string(isComponent ? "The component's id or slug." : "The id.")),
                ("schema", OpenAPISchemas.type(isComponent ? "string" : "integer")),
                ("example", isComponent ? .string("bank-sync") : .integer(1)),
            ]))
        }
        for query in operation.query {
            parameters.append(.object([
                ("name", .string(query.name)), ("in", .string("query")), ("required", .bool(false)),
                ("description", .string(query.description)),
                ("schema", .object([("type", .string("integer")), ("minimum", .integer(Int64(query.minimum))),
                                    ("maximum", .integer(Int64(query.maximum))), ("default", .integer(Int64(query.defaultValue)))])),
            ]))
        }
        if operation.acceptsIdempotencyKey {
            parameters.append(.object([
                ("name", .string("Idempotency-Key")), ("in", .string("header")), ("required", .bool(false)),
                ("description", .string("Makes a retry safe: same key and body give the first answer again; another body gives 409.")),
                ("schema", .object([("type", .string("string")), ("minLength", .integer(1)), ("maxLength", .integer(255))])),
            ]))
        }
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        if let schema = operation.body.schema {
            members.append(("requestBody", .object([
                ("required", .bool({ if case .required = operation.body { true } else { false } }())),
                ("content", .object([("application/json", .object([("schema", OpenAPISchemas.ref(schema))]))])),
            ])))
        }
        var responses: [(String, APIJSON)] = [(String(operation.success), success(operation))]
        for status in operation.failures {
            responses.append((String(status), .object([("$ref", .string("#/components/responses/Problem\(status)"))])))
        }
        members.append(("responses", .object(responses)))
        members.append(("security", .array(operation.requiresToken ? [.object([("bearerAuth", .array([]))])] : [])))
        if operation.requiresToken {
            // The role the token needs: editors publish, admins may also manage webhooks.
            members.append(("x-required-role", .string(operation.permission == .publish ? "editor" : "admin")))
        }
        return .object(members)
    }

    private static func success(_ operation: APIOperation) -> APIJSON {
        var members: [(String, APIJSON)] = [
            ("description", .string(operation.success == 201 ? "Created." : "OK.")),
            ("content", .object([("application/json", .object([("schema", OpenAPISchemas.ref(operation.response))]))])),
        ]
        if operation.location != nil && operation.success == 201 {
            members.append(("headers", .object([("Location", .object([
                ("description", .string("The created resource (for an update: its incident).")),
                ("schema", OpenAPISchemas.type("string")),
            ]))])))
        }
        return .object(members)
    }

    private static let problemDescriptions: [(Int, String)] = [
        (400, "The body is not JSON (the Alertmanager webhook; the other routes answer 422)."),
        (401, "No token, or an invalid or revoked one (with WWW-Authenticate: Bearer)."),
        (403, "The token's role does not allow this (webhooks need an admin token)."),
        (404, "No such incident, maintenance, component or webhook."),
        (409, "Conflict: e.g. the maintenance has ended, or the Idempotency-Key was used with another body."),
        (413, "The body is larger than 512 KiB."),
        (415, "The body is not application/json."),
        (422, "Invalid: malformed JSON or UTF-8, wrong types, or fields that break the rules (see errors)."),
        (503, "The database could not be written; retry later."),
    ]

    private static var problemResponses: [(String, APIJSON)] {
        problemDescriptions.map { status, description in
            var members: [(String, APIJSON)] = [
                ("description", .string(description)),
                ("content", .object([("application/problem+json", .object([("schema", OpenAPISchemas.ref("Problem"))]))])),
            ]
            if status == 401 {
                members.append(("headers", .object([("WWW-Authenticate", .object([("schema", OpenAPISchemas.type("string"))]))])))
            }
            return ("Problem\(status)", .object(members))
        }
    }
}
