import Foundation
import HTTPServer
import StatusModel
import StatusPages

/// The public side of email subscriptions: the form, the confirmation link and unsubscribing.
/// Never cached: each answer depends on the request. Every accepted subscribe request gets the
/// same answer, so the page never tells whether an address is already subscribed.
extension PublicSite {
    /// Public forms are tiny; anything bigger is not a person filling in the form.
    static let subscriptionFormLimits = FormLimits(maximumFields: 200, maximumFieldBytes: 1_024)

    func subscription(_ step: SubscriptionStep, language: LanguageCode, request: Request) -> Response {
        guard settings.notifications.emailEnabled else { return errorPage(404, language: language) }
        let isPost = request.method == "POST"
        guard isPost || request.method == "GET" || request.method == "HEAD" else {
            var response = errorPage(405, language: language)
            response.headers.add("Allow", "GET, HEAD, POST")
            return response
        }
        if isPost && crossSite.isCrossSite(request) { return errorPage(403, language: language, textKey: "error_cross_site_text") }
        do {
            switch (step, isPost) {
            case (.form, false):
                return try subscriptionPage(.form(email: "", language: nil, componentIDs: [], emailError: false), language: language)
            case (.form, true):
                return try subscribe(request, language: language)
            case (.confirm, false):
                return try confirmPage(token: request.queryValue("token") ?? "", language: language)
            case (.confirm, true):
                let form = (try? subscriptionForm(request)) ?? FormData(fields: [])
                return try confirm(token: form["token"] ?? request.queryValue("token") ?? "", language: language)
            case (.unsubscribe, false):
                let token = request.queryValue("token") ?? ""
                guard let subscriber = try subscriptions.subscriber(token: token) else {
                    return try subscriptionPage(.linkUnknown, language: language, status: 404)
                }
                return try subscriptionPage(.confirmUnsubscribe(token: token, email: subscriber.email.value), language: language)
            case (.unsubscribe, true):
                return try unsubscribe(request, language: language)
            }
        } catch {
            return failure(error, language: language, request: request)
        }
    }

    private func subscribe(_ request: Request, language: LanguageCode) throws -> Response {
        guard let form = try? subscriptionForm(request) else { return errorPage(400, language: language) }
        // A bot filled in the hidden field: answer like a success, send nothing.
        if !(form["website"] ?? "").isEmpty { return try subscriptionPage(.checkInbox, language: language, status: 202) }
        let (chosenLanguage, chosen) = try subscriptions.choices(language: form["language"].flatMap(LanguageCode.init),
                                                                 componentIDs: form.values("component").compactMap(Int64.init), fallback: language)
        guard let email = EmailAddress(form["email"] ?? "") else {
            return try subscriptionPage(.form(email: form["email"] ?? "", language: chosenLanguage, componentIDs: chosen, emailError: true),
                                        language: language, status: 422)
        }
        let now = clock()
        guard subscribeThrottle.allow(request.remoteAddress, now: now) else {
            var response = try subscriptionPage(.tooManyRequests, language: language, status: 429)
            response.headers.add("Retry-After", String(Int(subscribeThrottle.window)))
            return response
        }
        try subscriptions.subscribe(email: email, language: chosenLanguage, componentIDs: chosen, at: now)
        return try subscriptionPage(.checkInbox, language: language, status: 202)
    }

    /// The email's link shows a button; only its POST confirms (mail scanners follow links).
    private func confirmPage(token: String, language: LanguageCode) throws -> Response {
        switch try subscriptions.confirmationLink(token: token, now: clock()) {
        case .unknown: return try subscriptionPage(.linkUnknown, language: language, status: 404)
        case .confirmed: return try subscriptionPage(.confirmed, language: language)
        case .expired: return try subscriptionPage(.linkExpired, language: language, status: 410)
        case .pending(let email): return try subscriptionPage(.confirmSubscribe(token: token, email: email), language: language)
        }
    }

    private func confirm(token: String, language: LanguageCode) throws -> Response {
        switch try subscriptions.confirm(token: token, at: clock()) {
        case .confirmed, .alreadyConfirmed: return try subscriptionPage(.confirmed, language: language)
        case .expired: return try subscriptionPage(.linkExpired, language: language, status: 410)
        case .unknown: return try subscriptionPage(.linkUnknown, language: language, status: 404)
        }
    }

    /// The page's button posts the token as a field; a mail client's one-click unsubscribe
    /// (RFC 8058) posts `List-Unsubscribe=One-Click` to the link, which carries the token in its query.
    private func unsubscribe(_ request: Request, language: LanguageCode) throws -> Response {
        let form = (try? subscriptionForm(request)) ?? FormData(fields: [])
        let token = form["token"] ?? request.queryValue("token") ?? ""
        guard !token.isEmpty else { return try subscriptionPage(.linkUnknown, language: language, status: 400) }
        // Unknown tokens get the same answer: unsubscribing twice is not an error.
        try subscriptions.unsubscribe(token: token)
        return try subscriptionPage(.unsubscribed, language: language)
    }

    private func subscriptionForm(_ request: Request) throws -> FormData {
        let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
        // Mail clients may send multipart one-click bodies; their content does not matter.
        guard contentType.hasPrefix("application/x-www-form-urlencoded") || contentType.isEmpty else { return FormData(fields: []) }
        return try FormDecoder.decode(request.body, limits: Self.subscriptionFormLimits)
    }

    private func subscriptionPage(_ state: SubscriptionPage.State, language: LanguageCode, status: Int = 200) throws -> Response {
        let step: SubscriptionStep
        switch state {
        case .confirmUnsubscribe, .unsubscribed: step = .unsubscribe
        case .confirmSubscribe, .confirmed, .linkExpired, .linkUnknown: step = .confirm
        default: step = .form
        }
        let path = Route.subscription(language, step).languageAndRest?.1 ?? "/"
        let context = PageContext(language: language, now: clock(), pathWithoutLanguage: path, assetVersion: assets.version,
                                  rememberLanguageChoice: !isStaticExport)
        let components = try store.components()
        let html = try renderer.subscription(SubscriptionPage(state: state, components: components), context: context)
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/html; charset=utf-8")
        headers.add("Cache-Control", "no-store")
        headers.add("Content-Language", language.rawValue)
        return Response(status: status, headers: headers, body: ResponseBody(html))
    }
}
