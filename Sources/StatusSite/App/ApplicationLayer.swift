// The use cases (publishing, staff accounts and tokens, webhooks, email subscriptions, idempotent
// writes) live in the StatusApplication module, which knows no HTTP. Re-exported here, once, so
// every file of the web module sees them without importing it.
@_exported import StatusApplication
import StatusModel

extension SiteApplication {
    /// Who may manage webhooks and email subscribers; the admin routes and the API's table ask.
    static let webhookPermission = Webhooks.permission
    static let subscriberPermission = EmailSubscriptions.staffPermission
}
