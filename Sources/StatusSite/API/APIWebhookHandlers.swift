import Foundation
import StatusModel

/// Webhook subscriptions (admin tokens): list, read, create (the secret is in that answer only), delete.
enum APIWebhookHandlers {
    static func list(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let webhooks = try app.apiStore { try app.store.webhooks() }
        let encoder = try app.apiEncoder(now: context.now)
        return .object([("webhooks", .array(webhooks.map(encoder.webhook)))])
    }

    static func get(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        .object([("webhook", try app.apiEncoder(now: context.now).webhook(try existing(app, context)))])
    }

    static func create(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let resolver = ComponentResolver(components: try app.apiStore { try app.store.components() })
        let url = context.body.string("url")
        let secret = context.body.string("secret")
        let languageText = context.body.string("language")
        let description = context.body.string("description") ?? ""
        let format = context.body.enumeration("format", WebhookFormat.self)
        var issues: [APIFieldIssue] = []
        if format == nil && context.body.has("format") {
            issues.append(APIFieldIssue(field: "format", code: ValidationCode.notAllowed.rawValue))
        }
        let componentIDs = resolver.ids(context.body.array("component_ids"), field: "component_ids", issues: &issues)
        if url == nil && !context.body.has("url") { issues.append(APIFieldIssue(field: "url", code: ValidationCode.required.rawValue)) }
        let language = languageText.flatMap(LanguageCode.init)
        if languageText != nil && language == nil {
            issues.append(APIFieldIssue(field: "language", code: ValidationCode.notAllowed.rawValue))
        }
        let draft = WebhookDraft(url: url ?? "", secret: secret, language: language ?? app.settings.defaultLanguage,
                                 componentIDs: componentIDs, description: description, format: format ?? .driftstatus)
        try context.finishReading(extra: issues) {
            renamed(draft.validate(languages: app.settings.languages, knownComponents: Set(resolver.components.map(\.id)),
                                   allowPrivateAddresses: app.settings.notifications.webhooksAllowPrivateAddresses))
        }
        do {
            let created = try app.webhooks.create(draft, by: context.actor, at: context.now)
            return .object([("webhook", try app.apiEncoder(now: context.now).webhook(created.webhook)), ("secret", .string(created.secret))])
        } catch PublishingError.validation(let errors) {
            throw APIProblem.validation(renamed(errors).map(APIFieldIssue.init), context.messages)
        }
    }

    static func delete(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let webhook = try existing(app, context)
        try app.webhooks.delete(id: webhook.id, by: context.actor, at: context.now)
        return .object([("webhook", try app.apiEncoder(now: context.now).webhook(webhook))])
    }

    /// The shared rules name the filter "components"; the API's member is `component_ids`.
    private static func renamed(_ errors: [FieldError]) -> [FieldError] {
        errors.map { error in
            error.field == "components" ? FieldError(field: "component_ids", code: error.code, limit: error.limit) : error
        }
    }

    private static func existing(_ app: WriteAPI, _ context: APIContext) throws -> WebhookSubscription {
        try context.existing("webhook", in: app) { try app.store.webhook(id: $0) }
    }

    static let location = APIOperation.location(of: "webhook", at: "/api/v1/webhooks/{id}")
}

/// The latest notification events with how their deliveries stand.
enum APINotificationHandlers {
    static let limit = APIOperation.QueryParameter(name: "limit", description: "How many events, newest first.", minimum: 1,
                                                   maximum: 100, defaultValue: 30)

    static func list(_ app: WriteAPI, _ context: inout APIContext) throws -> APIJSON {
        let limit = try context.limit(limit)
        let events = try app.apiStore { try app.store.recentNotificationEvents(limit: limit) }
        let encoder = try app.apiEncoder(now: context.now)
        return .object([("notifications", .array(events.map { encoder.notification($0.event, counts: $0.counts) }))])
    }
}

extension APIEncoder {
    /// Never the secret: it is shown once, when the webhook is created.
    func webhook(_ webhook: WebhookSubscription) -> APIJSON {
        .object([
            ("id", .integer(webhook.id)),
            ("url", .string(webhook.url)),
            ("description", .string(webhook.description)),
            ("language", .string(webhook.language.rawValue)),
            ("format", .string(webhook.format.rawValue)),
            // false: every component; true: only `components` (empty once all chosen ones were deleted).
            ("filtered", .bool(webhook.filter != .all)),
            ("components", .array(webhook.filter.componentIDs.sorted().map { componentReference($0) })),
            ("created_at", date(webhook.createdAt)),
        ])
    }

    func notification(_ event: NotificationEvent, counts: [DeliveryState: Int]) -> APIJSON {
        let subject: APIJSON = switch event.subject {
        case .incident(let incident, _):
            .object([("type", .string("incident")), ("id", .integer(incident.id)), ("title", text(incident.title))])
        case .maintenance(let maintenance):
            .object([("type", .string("maintenance")), ("id", .integer(maintenance.id)), ("title", text(maintenance.title))])
        case .component(let component, let previous):
            .object([("type", .string("component")), ("id", .integer(component.id)), ("title", text(component.name)),
                     ("previous_status", .string(previous.rawValue)), ("status", .string(component.status.rawValue))])
        }
        return .object([
            ("id", .integer(event.id)),
            ("event_id", .string(event.publicID)),
            ("kind", .string(event.kind.rawValue)),
            ("created_at", date(event.createdAt)),
            ("subject", subject),
            ("counts", .object(DeliveryState.allCases.map { ($0.rawValue, .integer(Int64(counts[$0] ?? 0))) })),
        ])
    }
}
