import Foundation
import StatusModel

/// What the public subscription pages show: the form (possibly with errors), or the outcome of
/// a subscribe, confirm or unsubscribe step.
public struct SubscriptionPage: Sendable {
    public enum State: Sendable, Equatable {
        /// The form; `email` and the choices are kept after an error.
        case form(email: String, language: LanguageCode?, componentIDs: Set<Int64>, emailError: Bool)
        /// Answer to every accepted subscribe request, whether or not the address was known.
        case checkInbox
        case tooManyRequests
        /// A button that POSTs the confirmation (a GET must not confirm: mail scanners follow links).
        case confirmSubscribe(token: String, email: String)
        case confirmed
        case linkExpired
        case linkUnknown
        /// A button that POSTs the unsubscribe (a GET must not unsubscribe: mail scanners follow links).
        case confirmUnsubscribe(token: String, email: String)
        case unsubscribed
    }

    public var state: State
    /// Visible components, in page order, offered in the form.
    public var components: [Component]

    public init(state: State, components: [Component] = []) {
        self.state = state; self.components = components
    }
}

struct SubscriptionPageView {
    struct Choice { let value: String; let name: String; let code: String; let checked: Bool; let inputID: String }
    /// One button that posts a link's token (confirming or unsubscribing).
    struct TokenForm { let action: String; let token: String; let button: String }

    let heading: String
    let message: String?
    let messageKind: String
    let showForm: Bool
    let formAction: String
    let email: String
    let emailError: String?
    let languages: [Choice]
    let components: [Choice]
    let hasComponents: Bool
    let tokenForm: TokenForm?
    let subscribeAgainHref: String?
    let homeHref: String
    let t: [String: String]
}

extension PageRenderer {
    /// `/{lang}/subscribe`, `/{lang}/subscribe/confirm`, `/{lang}/unsubscribe`.
    public func subscription(_ page: SubscriptionPage, context: PageContext) throws -> String {
        let localizer = localizer(context.language), language = context.language
        let formAction = urls.page(language, "/subscribe")
        var heading = localizer["subscribe_heading"], message: String?, kind = "info"
        var showForm = false, email = "", emailError: String?, chosenLanguage = language, chosen: Set<Int64> = []
        var tokenForm: SubscriptionPageView.TokenForm?, again: String?
        switch page.state {
        case let .form(typed, typedLanguage, ids, hasError):
            showForm = true; email = typed; chosen = ids
            if let typedLanguage, languages.contains(typedLanguage) { chosenLanguage = typedLanguage }
            if hasError { emailError = localizer["subscribe_email_invalid"] }
        case .checkInbox:
            message = localizer["subscribe_check_inbox"]; kind = "success"
        case .tooManyRequests:
            message = localizer["subscribe_too_many"]; kind = "error"
        case let .confirmSubscribe(token, address):
            heading = localizer["subscribe_confirm_heading"]
            message = localizer.format("subscribe_confirm_question", ["email": address])
            tokenForm = .init(action: urls.page(language, "/subscribe/confirm"), token: token, button: localizer["subscribe_confirm_button"])
        case .confirmed:
            heading = localizer["subscribe_confirmed_heading"]; message = localizer["subscribe_confirmed"]; kind = "success"
        case .linkExpired:
            heading = localizer["subscribe_link_expired_heading"]; message = localizer["subscribe_link_expired"]; kind = "error"
            again = formAction
        case .linkUnknown:
            heading = localizer["subscribe_link_unknown_heading"]; message = localizer["subscribe_link_unknown"]; kind = "error"
            again = formAction
        case let .confirmUnsubscribe(token, address):
            heading = localizer["unsubscribe_heading"]
            message = localizer.format("unsubscribe_question", ["email": address])
            tokenForm = .init(action: urls.page(language, "/unsubscribe"), token: token, button: localizer["unsubscribe_button"])
        case .unsubscribed:
            heading = localizer["unsubscribe_heading"]; message = localizer["unsubscribe_done"]; kind = "success"
            again = formAction
        }
        let languageChoices = languages.map { code in
            SubscriptionPageView.Choice(value: code.rawValue, name: self.localizer(code)["language_name"], code: code.rawValue,
                                        checked: code == chosenLanguage, inputID: "language-\(code.rawValue)")
        }
        let componentChoices = page.components.filter { !$0.isHidden }.map { component in
            SubscriptionPageView.Choice(value: String(component.id), name: localizer.title(component.name).text, code: "",
                                        checked: chosen.contains(component.id), inputID: "component-\(component.id)")
        }
        let view = SubscriptionPageView(
            heading: heading, message: message, messageKind: kind, showForm: showForm, formAction: formAction, email: email,
            emailError: emailError, languages: languageChoices, components: componentChoices, hasComponents: !componentChoices.isEmpty,
            tokenForm: tokenForm, subscribeAgainHref: again, homeHref: urls.home(language), t: localizer.strings.values)
        return try renderPage(template: "subscribe", title: heading, content: view, context: context)
    }
}
