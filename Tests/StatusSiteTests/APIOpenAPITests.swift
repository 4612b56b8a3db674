import Foundation
import StatusModel
@testable import StatusSite
import StatusStore
import Testing

/// The served OpenAPI document against the served API: every documented operation answers with
/// a documented status and a body that fits the documented schema; other methods answer 405.
@Suite struct APIOpenAPITests {
    static let methods = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"]

    @Test func documentIsServedPubliclyAsOpenAPI31() throws {
        let api = try APITestSite()
        let result = try api.call("GET", "/api/v1/openapi.json")
        #expect(result.status == 200)
        #expect(result.header("Content-Type") == "application/json")
        let document = try #require(result.json)
        #expect(document["openapi"]?.stringValue == "3.1.0")
        #expect(document["components"]?["securitySchemes"]?["bearerAuth"]?["scheme"]?.stringValue == "bearer")
        #expect(document["paths"]?.objectValue?.count == 17 + 9)  // /api/v1 and Statuspage v1
    }

    /// Every `$ref` points at something the document defines (a route's new failure status needs its response).
    @Test func everyReferenceResolves() throws {
        let api = try APITestSite()
        let document = try #require(try api.call("GET", "/api/v1/openapi.json").json)
        var references: [String] = []
        func collect(_ value: APIJSON) {
            for (name, member) in value.objectValue ?? [] {
                if name == "$ref", let reference = member.stringValue { references.append(reference) } else { collect(member) }
            }
            for item in value.arrayValue ?? [] { collect(item) }
        }
        collect(document)
        #expect(references.count > 100)
        for reference in Set(references) {
            #expect(reference.hasPrefix("#/"), "\(reference)")
            var target: APIJSON? = document
            for part in reference.dropFirst(2).split(separator: "/") { target = target?[String(part)] }
            #expect(target != nil, "\(reference) does not resolve")
        }
    }

    @Test func everyDocumentedOperationAnswersAsDocumented() throws {
        let api = try APITestSite()
        let document = try #require(try api.call("GET", "/api/v1/openapi.json").json)
        let checker = SchemaChecker(document: document)
        var checked = 0
        for (template, item) in try #require(document["paths"]?.objectValue) {
            for (method, operation) in try #require(item.objectValue) {
                let path = try concretePath(template, operation: operation, api: api)
                var body: String?
                if let schema = operation["requestBody"]?["content"]?["application/json"]?["schema"] {
                    let example = try #require(checker.resolve(schema)["example"], "\(method) \(template): no example")
                    #expect(checker.check(example, against: schema).isEmpty, "\(method) \(template): example does not fit its schema")
                    body = String(decoding: example.serialized(), as: UTF8.self)
                }
                let needsToken = operation["security"]?.arrayValue?.isEmpty == false
                let role = operation["x-required-role"]?.stringValue
                #expect(needsToken == (role != nil), "\(method) \(template): x-required-role")
                let token = role == "admin" ? api.adminToken : api.editorToken
                let result = try api.call(method.uppercased(), path, token: needsToken ? token : nil, json: body)
                let responses = try #require(operation["responses"])
                let documented = try #require(responses[String(result.status)], "\(method) \(path) answered undocumented \(result.status): \(result.text)")
                #expect((200..<300).contains(result.status), "\(method) \(path) with the documented example: \(result.status) \(result.text)")
                let media = checker.resolve(documented)["content"]?.objectValue?.first
                #expect(media?.0 == result.header("Content-Type"), "\(method) \(path): content type")
                if let schema = media?.1["schema"] {
                    let value = try #require(result.json, "\(method) \(path): body is not JSON")
                    let problems = checker.check(value, against: schema)
                    #expect(problems.isEmpty, "\(method) \(path): \(problems)")
                }
                if result.status == 201 { #expect(result.header("Location")?.hasPrefix(template.hasPrefix("/v1/") ? "/v1/" : "/api/v1/") == true) }
                #expect(result.header("Cache-Control") == "no-store")

                // The failures are documented too: without a token, protected operations answer 401.
                if role == "admin" {
                    let forbidden = try api.call(method.uppercased(), path, token: api.editorToken, json: body)
                    #expect(forbidden.status == 403 && responses["403"] != nil, "\(method) \(path) with an editor token")
                }
                if needsToken {
                    let refused = try api.call(method.uppercased(), path, json: body)
                    #expect(refused.status == 401 && responses["401"] != nil, "\(method) \(path) without token")
                    // The documented error shape: a problem document, or Statuspage's {"error": ...} under /v1.
                    let shape = checker.resolve(try #require(responses["401"]))["content"]?.objectValue?.first?.1["schema"]
                    let problems = checker.check(try #require(refused.json), against: try #require(shape))
                    #expect(problems.isEmpty, "\(problems)")
                }
                checked += 1
            }
            // Methods the document does not list for this path are refused with 405 and Allow.
            let documentedMethods = Set(try #require(item.objectValue).map { $0.0.uppercased() })
            for method in Self.methods where !documentedMethods.contains(method) {
                let path = try concretePath(template, operation: .object([]), api: api)
                let result = try api.call(method, path, token: api.editorToken)
                #expect(result.status == 405, "\(method) \(path): \(result.status)")
                let allowed = Set((result.header("Allow") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(allowed == documentedMethods.union(documentedMethods.contains("GET") ? ["HEAD"] : []), "\(method) \(path): Allow")
            }
        }
        #expect(checked == 23 + 16)
    }

    /// Fills `{id}` with a fresh incident or maintenance (each operation gets its own, so a
    /// resolve or cancel cannot spoil the next), `{component}` with the documented example.
    private func concretePath(_ template: String, operation: APIJSON, api: APITestSite) throws -> String {
        guard template.contains("{") else { return template }
        if template.hasPrefix("/v1/") { return try statuspagePath(template, operation: operation, api: api) }
        if template.contains("{component}") {
            let example = operation["parameters"]?.arrayValue?.first { $0["in"]?.stringValue == "path" }?["example"]?.stringValue
            return template.replacingOccurrences(of: "{component}", with: example ?? "bank-sync")
        }
        if template.hasPrefix("/api/v1/webhooks") {
            let webhook = try api.store.createWebhook(url: "https://hooks.example.com/\(UUID().uuidString)", secret: String(repeating: "k", count: 32),
                                                      language: .english, componentIDs: [], description: "", at: testNow, by: .system("test"))
            return template.replacingOccurrences(of: "{id}", with: String(webhook.id))
        }
        if template.contains("/postmortem") {
            // A postmortem belongs to a resolved incident; publishing needs a saved draft.
            let id = try PostmortemFlowTests.resolvedIncident(api)
            _ = try api.editor("PUT", "/api/v1/incidents/\(id)/postmortem", json: #"{"body": {"sv": "Utkast", "en": "Draft"}}"#)
            return template.replacingOccurrences(of: "{id}", with: String(id))
        }
        let id = template.hasPrefix("/api/v1/incidents") ? try api.createIncident() : try api.createMaintenance()
        return template.replacingOccurrences(of: "{id}", with: String(id))
    }

    /// Statuspage v1: the configured page, a fresh incident (a fresh maintenance for DELETE, the one
    /// kind of incident that can be deleted), its first update, the first component.
    private func statuspagePath(_ template: String, operation: APIJSON, api: APITestSite) throws -> String {
        var path = template.replacingOccurrences(of: "{page_id}", with: "driftstatus")
        if path.contains("{incident_id}") {
            let isDelete = operation["operationId"]?.stringValue == "statuspageDeleteIncident"
            let id = isDelete ? "m\(try api.createMaintenance())" : String(try api.createIncident())
            path = path.replacingOccurrences(of: "{incident_id}", with: id)
            if path.contains("{incident_update_id}"), let incident = try api.store.incident(id: Int64(id) ?? 0) {
                path = path.replacingOccurrences(of: "{incident_update_id}", with: String(incident.updates.first?.id ?? 0))
            }
        }
        let component = try api.store.components().first?.id ?? 0
        return path.replacingOccurrences(of: "{component_id}", with: String(component))
    }

    @Test func headIsAnsweredWhereGetIs() throws {
        let api = try APITestSite()
        let result = try api.call("HEAD", "/api/v1/incidents", token: api.editorToken)
        #expect(result.status == 200)
        #expect(result.response.body.isEmpty)
    }

    @Test func unknownAPIPathsAre404Problems() throws {
        let api = try APITestSite()
        for path in ["/api/v1", "/api/v1/", "/api/v1/nothing", "/api/v1/incidents/1/nothing", "/api/v1/incidents/"] {
            let result = try api.call("GET", path, token: api.editorToken)
            #expect(result.status == 404, "\(path)")
            #expect(result.isProblem, "\(path)")
        }
    }
}
