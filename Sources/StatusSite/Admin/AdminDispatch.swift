import Foundation
import HTTPServer
import StatusModel
import StatusPages

extension AdminUI {
    /// The checks every admin request passes in this order: method, cross-site post, session,
    /// address, permission, form body, CSRF token; then the handler. Anything thrown on the way
    /// goes to `failure`.
    func route(_ request: Request, language: LanguageCode, now: Date) -> Response {
        if request.path == "/admin" { return Redirect.response(to: AdminRoute.dashboard.path, status: 303) }
        let route = AdminRoute(path: request.path)
        let isPost = request.method == "POST"
        guard isPost || request.method == "GET" || request.method == "HEAD" else {
            var response = adminMessagePage(405, language: language, now: now)
            response.headers.add("Allow", "GET, HEAD, POST")
            return response
        }
        let anonymous = AdminRequest(request: request, principal: nil, language: language, now: now,
                                     form: FormData(fields: []), route: route, renderer: renderer)
        // Before anything else, sign-in included (login CSRF); the session's CSRF token is checked below.
        if isPost && crossSite.isCrossSite(request) {
            return failure(AdminRefusal(403, detailKey: "admin_error_cross_site"), anonymous)
        }
        if route == .login {
            return answer(anonymous) { isPost ? try signIn(try decoded($0)) : loginPage($0) }
        }
        // Admin pages take only the session cookie: a bearer token belongs to the API.
        guard let principal = auth.principal(for: request, now: now), principal.sessionID != nil else {
            return isPost ? adminMessagePage(401, language: language, now: now) : Redirect.response(to: AdminRoute.login.path, status: 303)
        }
        let signedIn = AdminRequest(request: request, principal: principal, language: language, now: now,
                                    form: FormData(fields: []), route: route, renderer: renderer)
        return answer(signedIn) { admin in
            guard let route else { throw AdminRefusal.notFound }
            let endpoint = endpoint(route)
            guard principal.allows(endpoint.permission) else { throw AdminRefusal(403) }
            if isPost {
                guard let post = endpoint.post else { throw AdminRefusal(405, allow: "GET, HEAD") }
                let admin = try decoded(admin)
                guard auth.isValidCSRF(admin.form["csrf"], for: principal) else { throw AdminRefusal(403, detailKey: "admin_error_csrf") }
                return try post(admin)
            }
            guard let get = endpoint.get else { throw AdminRefusal(405, allow: "POST") }
            return try get(admin)
        }
    }

    private func answer(_ admin: AdminRequest, _ handler: (AdminRequest) throws -> Response) -> Response {
        do {
            return try handler(admin)
        } catch {
            return failure(error, admin)
        }
    }

    /// The request with its form body decoded; a malformed body is refused (`FormDecodingError`, 415).
    private func decoded(_ admin: AdminRequest) throws -> AdminRequest {
        let contentType = admin.request.headers["Content-Type"]?.lowercased() ?? ""
        guard contentType.isEmpty || contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw AdminRefusal(415, detailKey: "admin_error_form_type")
        }
        var admin = admin
        admin.form = try FormDecoder.decode(admin.request.body, limits: formLimits)
        return admin
    }
}

/// What one admin address allows: the permission it needs and its GET and POST handlers.
struct AdminEndpoint {
    let permission: Permission
    var get: ((AdminRequest) throws -> Response)?
    var post: ((AdminRequest) throws -> Response)?
}

extension AdminUI {
    /// The handlers and permission of each address (sign-in is answered before, without a session).
    func endpoint(_ route: AdminRoute) -> AdminEndpoint {
        switch route {
        // Answered by `route` before any session is asked for; listed so every address has its handlers here.
        case .login: AdminEndpoint(permission: .publish, get: loginPage, post: signIn)
        case .dashboard: AdminEndpoint(permission: .publish, get: dashboard)
        case .logout: AdminEndpoint(permission: .publish, post: signOut)
        case .incidents: AdminEndpoint(permission: .publish, get: incidentList)
        case .newIncident: AdminEndpoint(permission: .publish, get: newIncidentPage, post: createIncident)
        case .incident(let id): AdminEndpoint(permission: .publish, get: { try self.incidentPage($0, id: id) })
        case .incidentForm(let id, let form):
            AdminEndpoint(permission: .publish, post: { admin in
                switch form {
                case .updates: try self.postUpdate(admin, id: id, resolving: false)
                case .resolve: try self.postUpdate(admin, id: id, resolving: true)
                case .edit: try self.editIncident(admin, id: id)
                case .postmortem: try self.postPostmortem(admin, id: id)
                }
            })
        case .editUpdate(let id):
            AdminEndpoint(permission: .publish, get: { try self.editUpdatePage($0, id: id) }, post: { try self.editUpdate($0, id: id) })
        case .deleteUpdate(let id): AdminEndpoint(permission: .publish, post: { try self.deleteUpdate($0, id: id) })
        case .maintenance: AdminEndpoint(permission: .publish, get: maintenanceList)
        case .newMaintenance: AdminEndpoint(permission: .publish, get: newMaintenancePage, post: createMaintenance)
        case .changeMaintenance(let id, let change):
            AdminEndpoint(permission: .publish, post: { try self.changeMaintenance($0, id: id, change: change) })
        case .templates: AdminEndpoint(permission: .publish, get: templateList)
        case .newTemplate:
            AdminEndpoint(permission: .publish, get: { try self.templatePage($0, id: nil) }, post: { try self.saveTemplate($0, id: nil) })
        case .template(let id):
            AdminEndpoint(permission: .publish, get: { try self.templatePage($0, id: id) }, post: { try self.saveTemplate($0, id: id) })
        case .deleteTemplate(let id): AdminEndpoint(permission: .publish, post: { try self.deleteTemplate($0, id: id) })
        case .components: AdminEndpoint(permission: .manageComponents, get: componentList)
        case .newComponent:
            AdminEndpoint(permission: .manageComponents, get: { try self.componentPage($0, id: nil) },
                          post: { try self.saveComponent($0, id: nil) })
        case .component(let id):
            AdminEndpoint(permission: .manageComponents, get: { try self.componentPage($0, id: id) },
                          post: { try self.saveComponent($0, id: id) })
        // The quick status change is publishing, not managing components: editors may.
        case .componentStatus(let id): AdminEndpoint(permission: .publish, post: { try self.setComponentStatus($0, id: id) })
        case .changeComponent(let id, let change):
            AdminEndpoint(permission: .manageComponents, post: { try self.changeComponent($0, id: id, change: change) })
        case .newGroup:
            AdminEndpoint(permission: .manageComponents, get: { try self.groupPage($0, id: nil) }, post: { try self.saveGroup($0, id: nil) })
        case .group(let id):
            AdminEndpoint(permission: .manageComponents, get: { try self.groupPage($0, id: id) }, post: { try self.saveGroup($0, id: id) })
        case .changeGroup(let id, let change):
            AdminEndpoint(permission: .manageComponents, post: { try self.changeGroup($0, id: id, change: change) })
        case .users: AdminEndpoint(permission: .manageUsers, get: { try self.userList($0) }, post: addUser)
        case .deleteUser(let id): AdminEndpoint(permission: .manageUsers, post: { try self.removeUser($0, id: id) })
        case .userLanguage(let id): AdminEndpoint(permission: .manageUsers, post: { try self.setUserLanguage($0, id: id) })
        case .tokens: AdminEndpoint(permission: .manageTokens, get: { try self.tokenList($0) }, post: createToken)
        case .revokeToken(let id): AdminEndpoint(permission: .manageTokens, post: { try self.revokeToken($0, id: id) })
        case .audit: AdminEndpoint(permission: .viewAudit, get: auditLog)
        case .notifications: AdminEndpoint(permission: .publish, get: notificationList)
        case .notification(let id): AdminEndpoint(permission: .publish, get: { try self.notificationPage($0, id: id) })
        case .subscribers: AdminEndpoint(permission: EmailSubscriptions.staffPermission, get: subscriberList)
        case .subscribersCSV: AdminEndpoint(permission: EmailSubscriptions.staffPermission, get: subscriberExport)
        case .deleteSubscriber(let id):
            AdminEndpoint(permission: EmailSubscriptions.staffPermission, post: { try self.deleteSubscriber($0, id: id) })
        case .webhooks:
            AdminEndpoint(permission: Webhooks.permission, get: { try self.webhookList($0) }, post: { try self.createWebhook($0) })
        case .deleteWebhook(let id): AdminEndpoint(permission: Webhooks.permission, post: { try self.deleteWebhook($0, id: id) })
        case .alertDraft(let id, let decision):
            AdminEndpoint(permission: .publish, post: { admin in
                switch decision {
                case .publish: try self.publishAlertDraft(admin, id: id)
                case .discard: try self.discardAlertDraft(admin, id: id)
                }
            })
        }
    }
}
