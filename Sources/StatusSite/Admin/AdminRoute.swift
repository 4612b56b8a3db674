import Foundation

/// Every address of the staff UI, parsed from a request path and printed back for links,
/// form actions and redirects: `AdminRoute(path: r.path) == r` for every route (tested), so no
/// admin URL is spelled by hand anywhere else. Query strings are not part of a route; `path(query:)` adds them.
enum AdminRoute: Hashable, Sendable {
    case dashboard
    case login, logout

    case incidents, newIncident, incident(Int64)
    /// The forms on an incident's page: post an update, resolve, edit title/impact, postmortem.
    case incidentForm(Int64, IncidentForm)
    case editUpdate(Int64), deleteUpdate(Int64)

    case maintenance, newMaintenance
    case changeMaintenance(Int64, MaintenanceChange)

    case templates, newTemplate, template(Int64), deleteTemplate(Int64)

    case components, newComponent, component(Int64)
    /// The dashboard's quick status change (editors may).
    case componentStatus(Int64)
    case changeComponent(Int64, ComponentChange)
    case newGroup, group(Int64)
    case changeGroup(Int64, GroupChange)

    case users, deleteUser(Int64), userLanguage(Int64)
    case tokens, revokeToken(Int64)
    case audit
    case notifications, notification(Int64)
    case subscribers, subscribersCSV, deleteSubscriber(Int64)
    case webhooks, deleteWebhook(Int64)
    case alertDraft(Int64, AlertDraftDecision)

    enum IncidentForm: String, CaseIterable, Sendable { case updates, resolve, edit, postmortem }
    enum MaintenanceChange: String, CaseIterable, Sendable { case cancel, complete, extend, reschedule }
    enum ComponentChange: String, CaseIterable, Sendable { case move, visibility, delete }
    enum GroupChange: String, CaseIterable, Sendable { case move, delete }
    enum AlertDraftDecision: String, CaseIterable, Sendable { case publish, discard }

    static let prefix = "/admin/"

    /// Whether `path` belongs to the staff UI at all (known address or not): such requests get
    /// the admin's headers, lanes and error pages, so unknown ones are answered as the admin's 404.
    static func isAdminArea(_ path: String) -> Bool { path == "/admin" || path.hasPrefix(prefix) }

    /// Parses a full path ("/admin/incidents/12"); nil for anything that is not an admin address.
    init?(path: String) {
        guard path.hasPrefix(Self.prefix) else { return nil }
        let s = path.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let id = s.count > 1 ? Self.id(s[1]) : nil
        let route: AdminRoute? = switch (s[0], s.count) {
        case ("", 1): .dashboard
        case ("login", 1): .login
        case ("logout", 1): .logout
        case ("incidents", 1): .incidents
        case ("incidents", 2) where s[1] == "new": .newIncident
        case ("incidents", 2): id.map { .incident($0) }
        case ("incidents", 3): Self.pair(id, s[2], IncidentForm.init) { .incidentForm($0, $1) }
        case ("updates", 3) where s[2] == "edit": id.map { .editUpdate($0) }
        case ("updates", 3) where s[2] == "delete": id.map { .deleteUpdate($0) }
        case ("maintenance", 1): .maintenance
        case ("maintenance", 2) where s[1] == "new": .newMaintenance
        case ("maintenance", 3): Self.pair(id, s[2], MaintenanceChange.init) { .changeMaintenance($0, $1) }
        case ("templates", 1): .templates
        case ("templates", 2) where s[1] == "new": .newTemplate
        case ("templates", 2): id.map { .template($0) }
        case ("templates", 3) where s[2] == "delete": id.map { .deleteTemplate($0) }
        case ("components", 1): .components
        case ("components", 2) where s[1] == "new": .newComponent
        case ("components", 2): id.map { .component($0) }
        case ("components", 3) where s[2] == "status": id.map { .componentStatus($0) }
        case ("components", 3): Self.pair(id, s[2], ComponentChange.init) { .changeComponent($0, $1) }
        case ("groups", 2) where s[1] == "new": .newGroup
        case ("groups", 2): id.map { .group($0) }
        case ("groups", 3): Self.pair(id, s[2], GroupChange.init) { .changeGroup($0, $1) }
        case ("users", 1): .users
        case ("users", 3) where s[2] == "delete": id.map { .deleteUser($0) }
        case ("users", 3) where s[2] == "language": id.map { .userLanguage($0) }
        case ("tokens", 1): .tokens
        case ("tokens", 3) where s[2] == "revoke": id.map { .revokeToken($0) }
        case ("audit", 1): .audit
        case ("notifications", 1): .notifications
        case ("notifications", 2): id.map { .notification($0) }
        case ("subscribers", 1): .subscribers
        case ("subscribers.csv", 1): .subscribersCSV
        case ("subscribers", 3) where s[2] == "delete": id.map { .deleteSubscriber($0) }
        case ("webhooks", 1): .webhooks
        case ("webhooks", 3) where s[2] == "delete": id.map { .deleteWebhook($0) }
        case ("alert-drafts", 3): Self.pair(id, s[2], AlertDraftDecision.init) { .alertDraft($0, $1) }
        default: nil
        }
        guard let route else { return nil }
        self = route
    }

    /// The canonical path, e.g. "/admin/incidents/12/resolve".
    var path: String {
        Self.prefix + tail
    }

    /// The path with a query string; values are percent-encoded, pairs kept in the given order.
    func path(query: [(name: String, value: String)]) -> String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\($0.name)=\(Self.queryEncoded($0.value))" }.joined(separator: "&")
    }

    private var tail: String {
        switch self {
        case .dashboard: ""
        case .login: "login"
        case .logout: "logout"
        case .incidents: "incidents"
        case .newIncident: "incidents/new"
        case .incident(let id): "incidents/\(id)"
        case .incidentForm(let id, let form): "incidents/\(id)/\(form.rawValue)"
        case .editUpdate(let id): "updates/\(id)/edit"
        case .deleteUpdate(let id): "updates/\(id)/delete"
        case .maintenance: "maintenance"
        case .newMaintenance: "maintenance/new"
        case .changeMaintenance(let id, let change): "maintenance/\(id)/\(change.rawValue)"
        case .templates: "templates"
        case .newTemplate: "templates/new"
        case .template(let id): "templates/\(id)"
        case .deleteTemplate(let id): "templates/\(id)/delete"
        case .components: "components"
        case .newComponent: "components/new"
        case .component(let id): "components/\(id)"
        case .componentStatus(let id): "components/\(id)/status"
        case .changeComponent(let id, let change): "components/\(id)/\(change.rawValue)"
        case .newGroup: "groups/new"
        case .group(let id): "groups/\(id)"
        case .changeGroup(let id, let change): "groups/\(id)/\(change.rawValue)"
        case .users: "users"
        case .deleteUser(let id): "users/\(id)/delete"
        case .userLanguage(let id): "users/\(id)/language"
        case .tokens: "tokens"
        case .revokeToken(let id): "tokens/\(id)/revoke"
        case .audit: "audit"
        case .notifications: "notifications"
        case .notification(let id): "notifications/\(id)"
        case .subscribers: "subscribers"
        case .subscribersCSV: "subscribers.csv"
        case .deleteSubscriber(let id): "subscribers/\(id)/delete"
        case .webhooks: "webhooks"
        case .deleteWebhook(let id): "webhooks/\(id)/delete"
        case .alertDraft(let id, let decision): "alert-drafts/\(id)/\(decision.rawValue)"
        }
    }

    /// A record id as it appears in a path: 1 to 18 ASCII digits, positive, no leading zeros or sign,
    /// so every id has exactly one spelling.
    static func id(_ text: String) -> Int64? {
        guard (1...18).contains(text.count), text.allSatisfy(\.isASCII), let id = Int64(text), id > 0, String(id) == text else { return nil }
        return id
    }

    /// Everything but RFC 3986's unreserved ASCII characters percent-encoded.
    static func queryEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func pair<Action>(_ id: Int64?, _ text: String, _ action: (String) -> Action?,
                                     _ make: (Int64, Action) -> AdminRoute) -> AdminRoute? {
        guard let id, let action = action(text) else { return nil }
        return make(id, action)
    }
}
