import Foundation
import HTTPServer
import StatusModel
import StatusPages

extension SiteApplication {
    static let adminLanguageCookie = "driftstatus_admin_lang"

    /// `/admin/...`: the staff UI. Never cached; the security headers (no framing, strict CSP)
    /// are added for every response in one place, `OperationalSite`.
    func handleAdmin(_ request: Request) -> Response {
        var response = routeAdmin(request)
        response.headers.replace("Cache-Control", "no-store")
        return response
    }

    private func routeAdmin(_ request: Request) -> Response {
        let now = clock()
        let (language, languageCookie) = adminLanguage(request)
        var response = routeAdmin(request, language: language, now: now)
        if let languageCookie { response.headers.add("Set-Cookie", languageCookie) }
        return response
    }

    private func routeAdmin(_ request: Request, language: LanguageCode, now: Date) -> Response {
        if request.path == "/admin" { return redirect(to: "/admin/", status: 303) }
        let segments = request.path.dropFirst("/admin/".count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let isPost = request.method == "POST"
        guard isPost || request.method == "GET" || request.method == "HEAD" else {
            var response = adminMessagePage(405, language: language, now: now)
            response.headers.add("Allow", "GET, HEAD, POST")
            return response
        }
        let anonymous = AdminRequest(request: request, principal: nil, language: language, now: now,
                                     form: FormData(fields: []), segments: segments, renderer: renderer)
        // Before anything else, sign-in included (login CSRF); the session's CSRF token is checked below.
        if isPost && crossSite.isCrossSite(request) {
            return adminMessagePage(403, anonymous, detail: anonymous.t("admin_error_cross_site"))
        }
        if segments == ["login"] {
            return isPost ? decoded(anonymous, then: signIn) : loginPage(anonymous)
        }
        // Admin pages take only the session cookie: a bearer token belongs to the API.
        guard let principal = auth.principal(for: request, now: now), principal.sessionID != nil else {
            return isPost ? adminMessagePage(401, language: language, now: now) : redirect(to: "/admin/login", status: 303)
        }
        let signedIn = AdminRequest(request: request, principal: principal, language: language, now: now,
                                    form: FormData(fields: []), segments: segments, renderer: renderer)
        guard let endpoint = adminEndpoint(segments) else { return adminMessagePage(404, signedIn) }
        guard principal.allows(endpoint.permission) else { return adminMessagePage(403, signedIn) }
        if isPost {
            guard let post = endpoint.post else { return methodNotAllowed(signedIn, allow: "GET, HEAD") }
            return decoded(signedIn) { admin in
                guard auth.isValidCSRF(admin.form["csrf"], for: principal) else {
                    return adminMessagePage(403, admin, detail: admin.t("admin_error_csrf"))
                }
                return post(admin)
            }
        }
        guard let get = endpoint.get else { return methodNotAllowed(signedIn, allow: "POST") }
        return get(signedIn)
    }

    private func methodNotAllowed(_ admin: AdminRequest, allow: String) -> Response {
        var response = adminMessagePage(405, admin)
        response.headers.add("Allow", allow)
        return response
    }

    /// Decodes the form body (refusing a malformed one with 400) before `handler` sees it.
    private func decoded(_ admin: AdminRequest, then handler: (AdminRequest) -> Response) -> Response {
        let contentType = admin.request.headers["Content-Type"]?.lowercased() ?? ""
        guard contentType.isEmpty || contentType.hasPrefix("application/x-www-form-urlencoded") else {
            return adminMessagePage(415, admin, detail: admin.t("admin_error_form_type"))
        }
        do {
            var admin = admin
            admin.form = try FormDecoder.decode(admin.request.body, limits: formLimits)
            return handler(admin)
        } catch .tooLarge {
            return adminMessagePage(413, admin)
        } catch .invalidUTF8, .badEscape {
            return adminMessagePage(400, admin, detail: admin.t("admin_error_form_encoding"))
        } catch {
            return adminMessagePage(400, admin, detail: admin.t("admin_error_form_limits"))
        }
    }

    /// `?lang=xx` switches (and is remembered in a cookie for /admin), then the cookie,
    /// then `Accept-Language`, then the site's default language.
    func adminLanguage(_ request: Request) -> (LanguageCode, String?) {
        if let asked = request.queryValue("lang").flatMap(LanguageCode.init), settings.languages.contains(asked) {
            let cookie = "\(Self.adminLanguageCookie)=\(asked); Path=/admin; Max-Age=31536000; HttpOnly; SameSite=Lax"
                + (request.isSecure ? "; Secure" : "")
            return (asked, cookie)
        }
        if let saved = cookieValue(named: Self.adminLanguageCookie, in: request.headers.values(for: "Cookie"))
            .flatMap(LanguageCode.init), settings.languages.contains(saved) {
            return (saved, nil)
        }
        return (negotiation.preferred(acceptLanguage: request.headers["Accept-Language"]) ?? settings.defaultLanguage, nil)
    }
}

/// What one admin address allows: the permission it needs and its GET and POST handlers.
struct AdminEndpoint {
    let permission: Permission
    var get: ((AdminRequest) -> Response)?
    var post: ((AdminRequest) -> Response)?
}

extension SiteApplication {
    /// Maps the path below /admin/ to its handlers; nil is "not found".
    func adminEndpoint(_ s: [String]) -> AdminEndpoint? {
        let id = s.count > 1 ? Self.adminID(s[1]) : nil
        switch (s.first ?? "", s.count) {
        case ("", 1): return AdminEndpoint(permission: .publish, get: dashboard)
        case ("logout", 1): return AdminEndpoint(permission: .publish, post: signOut)
        case ("incidents", 1): return AdminEndpoint(permission: .publish, get: incidentList)
        case ("incidents", 2) where s[1] == "new":
            return AdminEndpoint(permission: .publish, get: newIncidentPage, post: createIncident)
        case ("incidents", 2):
            guard let id else { return nil }
            return AdminEndpoint(permission: .publish, get: { self.incidentPage($0, id: id) })
        case ("incidents", 3):
            guard let id else { return nil }
            switch s[2] {
            case "updates": return AdminEndpoint(permission: .publish, post: { self.postUpdate($0, id: id, resolving: false) })
            case "resolve": return AdminEndpoint(permission: .publish, post: { self.postUpdate($0, id: id, resolving: true) })
            case "edit": return AdminEndpoint(permission: .publish, post: { self.editIncident($0, id: id) })
            case "postmortem": return AdminEndpoint(permission: .publish, post: { self.postPostmortem($0, id: id) })
            default: return nil
            }
        case ("updates", 3):
            guard let id else { return nil }
            switch s[2] {
            case "edit": return AdminEndpoint(permission: .publish, get: { self.editUpdatePage($0, id: id) },
                                              post: { self.editUpdate($0, id: id) })
            case "delete": return AdminEndpoint(permission: .publish, post: { self.deleteUpdate($0, id: id) })
            default: return nil
            }
        case ("maintenance", 1): return AdminEndpoint(permission: .publish, get: maintenanceList)
        case ("maintenance", 2) where s[1] == "new":
            return AdminEndpoint(permission: .publish, get: newMaintenancePage, post: createMaintenance)
        case ("maintenance", 3):
            guard let id, ["cancel", "complete", "extend", "reschedule"].contains(s[2]) else { return nil }
            return AdminEndpoint(permission: .publish, post: { self.changeMaintenance($0, id: id, change: s[2]) })
        case ("templates", 1): return AdminEndpoint(permission: .publish, get: templateList)
        case ("templates", 2) where s[1] == "new":
            return AdminEndpoint(permission: .publish, get: { self.templatePage($0, id: nil) }, post: { self.saveTemplate($0, id: nil) })
        case ("templates", 2):
            guard let id else { return nil }
            return AdminEndpoint(permission: .publish, get: { self.templatePage($0, id: id) }, post: { self.saveTemplate($0, id: id) })
        case ("templates", 3) where s[2] == "delete":
            guard let id else { return nil }
            return AdminEndpoint(permission: .publish, post: { self.deleteTemplate($0, id: id) })
        case ("components", 1): return AdminEndpoint(permission: .manageComponents, get: componentList)
        case ("components", 2) where s[1] == "new":
            return AdminEndpoint(permission: .manageComponents, get: { self.componentPage($0, id: nil) },
                                 post: { self.saveComponent($0, id: nil) })
        case ("components", 2):
            guard let id else { return nil }
            return AdminEndpoint(permission: .manageComponents, get: { self.componentPage($0, id: id) },
                                 post: { self.saveComponent($0, id: id) })
        case ("components", 3) where s[2] == "status":
            // The quick status change is publishing, not managing components: editors may.
            guard let id else { return nil }
            return AdminEndpoint(permission: .publish, post: { self.setComponentStatus($0, id: id) })
        case ("components", 3):
            guard let id, ["move", "visibility", "delete"].contains(s[2]) else { return nil }
            return AdminEndpoint(permission: .manageComponents, post: { self.changeComponent($0, id: id, change: s[2]) })
        case ("groups", 2) where s[1] == "new":
            return AdminEndpoint(permission: .manageComponents, get: { self.groupPage($0, id: nil) }, post: { self.saveGroup($0, id: nil) })
        case ("groups", 2):
            guard let id else { return nil }
            return AdminEndpoint(permission: .manageComponents, get: { self.groupPage($0, id: id) }, post: { self.saveGroup($0, id: id) })
        case ("groups", 3):
            guard let id, ["move", "delete"].contains(s[2]) else { return nil }
            return AdminEndpoint(permission: .manageComponents, post: { self.changeGroup($0, id: id, change: s[2]) })
        case ("users", 1): return AdminEndpoint(permission: .manageUsers, get: { self.userList($0) }, post: addUser)
        case ("users", 3) where s[2] == "delete":
            guard let id else { return nil }
            return AdminEndpoint(permission: .manageUsers, post: { self.removeUser($0, id: id) })
        case ("users", 3) where s[2] == "language":
            guard let id else { return nil }
            return AdminEndpoint(permission: .manageUsers, post: { self.setUserLanguage($0, id: id) })
        case ("tokens", 1): return AdminEndpoint(permission: .manageTokens, get: { self.tokenList($0) }, post: createToken)
        case ("tokens", 3) where s[2] == "revoke":
            guard let id else { return nil }
            return AdminEndpoint(permission: .manageTokens, post: { self.revokeToken($0, id: id) })
        case ("audit", 1): return AdminEndpoint(permission: .viewAudit, get: auditLog)
        case ("notifications", 1): return AdminEndpoint(permission: .publish, get: notificationList)
        case ("notifications", 2):
            guard let id else { return nil }
            return AdminEndpoint(permission: .publish, get: { self.notificationPage($0, id: id) })
        case ("subscribers", 1): return AdminEndpoint(permission: Self.subscriberPermission, get: subscriberList)
        case ("subscribers.csv", 1): return AdminEndpoint(permission: Self.subscriberPermission, get: subscriberExport)
        case ("subscribers", 3) where s[2] == "delete":
            guard let id else { return nil }
            return AdminEndpoint(permission: Self.subscriberPermission, post: { self.deleteSubscriber($0, id: id) })
        case ("webhooks", 1):
            return AdminEndpoint(permission: Self.webhookPermission, get: { self.webhookList($0) }, post: { self.createWebhook($0) })
        case ("webhooks", 3) where s[2] == "delete":
            guard let id else { return nil }
            return AdminEndpoint(permission: Self.webhookPermission, post: { self.deleteWebhook($0, id: id) })
        case ("alert-drafts", 3):
            guard let id, ["publish", "discard"].contains(s[2]) else { return nil }
            return AdminEndpoint(permission: .publish, post: { s[2] == "publish" ? self.publishAlertDraft($0, id: id) : self.discardAlertDraft($0, id: id) })
        default: return nil
        }
    }

    static func adminID(_ text: String) -> Int64? {
        guard (1...18).contains(text.count), text.allSatisfy(\.isASCII), let id = Int64(text), id > 0, String(id) == text else { return nil }
        return id
    }
}
