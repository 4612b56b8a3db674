import Foundation

/// What staff submit to open an incident, before it is checked and stored.
public struct IncidentDraft: Sendable, Hashable {
    public var title: LocalizedText
    public var body: LocalizedText
    public var impact: IncidentImpact
    public var status: IncidentStatus
    public var componentChanges: [ComponentStatusChange]

    public init(title: LocalizedText, body: LocalizedText, impact: IncidentImpact, status: IncidentStatus = .investigating,
                componentChanges: [ComponentStatusChange] = []) {
        self.title = title; self.body = body; self.impact = impact; self.status = status
        self.componentChanges = componentChanges
    }

    public func validate(languages: [LanguageCode], knownComponents: Set<Int64>) -> [FieldError] {
        TextRules.check(title, field: "title", limit: TextLimits.title, kind: .singleLine, required: true, languages: languages)
            + TextRules.check(body, field: "body", limit: TextLimits.body, kind: .multiLine, required: true, languages: languages)
            + TextRules.checkComponents(componentChanges.map(\.componentID), known: knownComponents)
    }

    public func missingTranslations(languages: [LanguageCode]) -> [String] {
        StatusModel.missingTranslations(["title": title, "body": body], languages: languages)
    }
}

/// A new update on an incident (a resolution is an update with status `.resolved`).
public struct UpdateDraft: Sendable, Hashable {
    public var status: IncidentStatus
    public var body: LocalizedText
    public var componentChanges: [ComponentStatusChange]

    public init(status: IncidentStatus, body: LocalizedText, componentChanges: [ComponentStatusChange] = []) {
        self.status = status; self.body = body; self.componentChanges = componentChanges
    }

    public func validate(languages: [LanguageCode], knownComponents: Set<Int64>) -> [FieldError] {
        TextRules.check(body, field: "body", limit: TextLimits.body, kind: .multiLine, required: true, languages: languages)
            + TextRules.checkComponents(componentChanges.map(\.componentID), known: knownComponents)
    }

    public func missingTranslations(languages: [LanguageCode]) -> [String] {
        StatusModel.missingTranslations(["body": body], languages: languages)
    }
}

/// A planned maintenance window; times are UTC instants (the UI converts from the site's zone).
public struct MaintenanceDraft: Sendable, Hashable {
    public var title: LocalizedText
    public var body: LocalizedText
    public var startsAt: Date
    public var endsAt: Date
    public var componentIDs: [Int64]

    public init(title: LocalizedText, body: LocalizedText = LocalizedText(), startsAt: Date, endsAt: Date,
                componentIDs: [Int64] = []) {
        self.title = title; self.body = body; self.startsAt = startsAt; self.endsAt = endsAt
        self.componentIDs = componentIDs
    }

    /// The body is optional: a clear title and the window often say everything.
    public func validate(languages: [LanguageCode], knownComponents: Set<Int64>) -> [FieldError] {
        var errors = TextRules.check(title, field: "title", limit: TextLimits.title, kind: .singleLine, required: true,
                                     languages: languages)
        errors += TextRules.check(body, field: "body", limit: TextLimits.body, kind: .multiLine, required: false,
                                  languages: languages)
        if endsAt <= startsAt {
            errors.append(FieldError(field: "ends_at", code: .endBeforeStart))
        }
        return errors + TextRules.checkComponents(componentIDs, known: knownComponents)
    }

    public func missingTranslations(languages: [LanguageCode]) -> [String] {
        StatusModel.missingTranslations(["title": title, "body": body], languages: languages)
    }
}

/// A component as staff create or edit it (status is set separately, by publishing).
public struct ComponentDraft: Sendable, Hashable {
    public var slug: String
    public var groupID: Int64?
    public var name: LocalizedText
    public var description: LocalizedText
    public var isHidden: Bool

    public init(slug: String, groupID: Int64? = nil, name: LocalizedText, description: LocalizedText = LocalizedText(),
                isHidden: Bool = false) {
        self.slug = slug; self.groupID = groupID; self.name = name; self.description = description; self.isHidden = isHidden
    }

    /// `takenSlugs`: the slugs of the other components (leave out the one being edited).
    public func validate(languages: [LanguageCode], knownGroups: Set<Int64>, takenSlugs: Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        if slug.isEmpty {
            errors.append(FieldError(field: "slug", code: .required))
        } else if slug.count > TextLimits.slug {
            errors.append(FieldError(field: "slug", code: .tooLong, limit: TextLimits.slug))
        } else if !Self.isValidSlug(slug) {
            errors.append(FieldError(field: "slug", code: .invalid))
        } else if takenSlugs.contains(slug) {
            errors.append(FieldError(field: "slug", code: .duplicate))
        }
        if let groupID, !knownGroups.contains(groupID) {
            errors.append(FieldError(field: "group", code: .invalid))
        }
        errors += TextRules.check(name, field: "name", limit: TextLimits.name, kind: .singleLine, required: true, languages: languages)
        errors += TextRules.check(description, field: "description", limit: TextLimits.description, kind: .multiLine,
                                  required: false, languages: languages)
        return errors
    }

    /// Slugs appear in URLs and feeds: lowercase ASCII letters, digits and '-'.
    public static func isValidSlug(_ slug: String) -> Bool {
        (1...TextLimits.slug).contains(slug.count)
            && slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    public func missingTranslations(languages: [LanguageCode]) -> [String] {
        StatusModel.missingTranslations(["name": name, "description": description], languages: languages)
    }
}

public struct GroupDraft: Sendable, Hashable {
    public var name: LocalizedText
    public var description: LocalizedText
    public var isCollapsed: Bool

    public init(name: LocalizedText, description: LocalizedText = LocalizedText(), isCollapsed: Bool = false) {
        self.name = name; self.description = description; self.isCollapsed = isCollapsed
    }

    public func validate(languages: [LanguageCode]) -> [FieldError] {
        TextRules.check(name, field: "name", limit: TextLimits.name, kind: .singleLine, required: true, languages: languages)
            + TextRules.check(description, field: "description", limit: TextLimits.description, kind: .multiLine,
                              required: false, languages: languages)
    }

    public func missingTranslations(languages: [LanguageCode]) -> [String] {
        StatusModel.missingTranslations(["name": name, "description": description], languages: languages)
    }
}

/// A message template: a name for the picker plus a title and body to prefill.
public struct TemplateDraft: Sendable, Hashable {
    public var name: String
    public var title: LocalizedText
    public var body: LocalizedText

    public init(name: String, title: LocalizedText, body: LocalizedText) {
        self.name = name; self.title = title; self.body = body
    }

    /// `takenNames`: the names of the other templates.
    public func validate(languages: [LanguageCode], takenNames: Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            errors.append(FieldError(field: "name", code: .required))
        } else if name.count > TextLimits.name {
            errors.append(FieldError(field: "name", code: .tooLong, limit: TextLimits.name))
        } else if TextRules.containsForbiddenControls(name, allowLineBreaks: false) {
            errors.append(FieldError(field: "name", code: .invalid))
        } else if takenNames.contains(trimmed) {
            errors.append(FieldError(field: "name", code: .duplicate))
        }
        errors += TextRules.check(title, field: "title", limit: TextLimits.title, kind: .singleLine, required: false,
                                  languages: languages)
        errors += TextRules.check(body, field: "body", limit: TextLimits.body, kind: .multiLine, required: true, languages: languages)
        return errors
    }
}

/// A staff account as an admin or the CLI enters it. `password` is nil when it is not being set.
public struct UserDraft: Sendable, Hashable {
    public var email: String
    public var name: String
    public var role: StaffRole
    public var password: String?
    /// The language of emails the account is sent; nil: the site's first language.
    public var language: LanguageCode?

    public init(email: String, name: String, role: StaffRole, password: String? = nil, language: LanguageCode? = nil) {
        self.email = email; self.name = name; self.role = role; self.password = password; self.language = language
    }

    /// The form in which emails are stored and compared: trimmed and lowercased.
    public static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// `takenEmails`: normalised emails of the other accounts.
    public func validate(takenEmails: Set<String>, commonPasswords: CommonPasswords) -> [FieldError] {
        var errors: [FieldError] = []
        let email = Self.normalizedEmail(self.email)
        if email.isEmpty {
            errors.append(FieldError(field: "email", code: .required))
        } else if email.count > TextLimits.email {
            errors.append(FieldError(field: "email", code: .tooLong, limit: TextLimits.email))
        } else if !Self.looksLikeEmail(email) {
            errors.append(FieldError(field: "email", code: .invalid))
        } else if takenEmails.contains(email) {
            errors.append(FieldError(field: "email", code: .duplicate))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "name", code: .required))
        } else if name.count > TextLimits.name {
            errors.append(FieldError(field: "name", code: .tooLong, limit: TextLimits.name))
        } else if TextRules.containsForbiddenControls(name, allowLineBreaks: false) {
            errors.append(FieldError(field: "name", code: .invalid))
        }
        if let password, let error = Self.checkPassword(password, commonPasswords: commonPasswords) {
            errors.append(error)
        }
        return errors
    }

    /// Length is what makes a password strong; no composition rules, but no repetitive or commonly
    /// used passwords either (NIST SP 800-63B §5.1.1.2).
    public static func checkPassword(_ password: String, commonPasswords: CommonPasswords) -> FieldError? {
        if password.isEmpty { return FieldError(field: "password", code: .required) }
        if password.count < TextLimits.passwordMinimum {
            return FieldError(field: "password", code: .tooShort, limit: TextLimits.passwordMinimum)
        }
        if password.count > TextLimits.passwordMaximum {
            return FieldError(field: "password", code: .tooLong, limit: TextLimits.passwordMaximum)
        }
        if TextRules.containsForbiddenControls(password, allowLineBreaks: false) {
            return FieldError(field: "password", code: .invalid)
        }
        if password.allSatisfy(\.isWhitespace) || Set(password.lowercased()).count == 1 {
            return FieldError(field: "password", code: .tooSimple)
        }
        if commonPasswords.contains(password) { return FieldError(field: "password", code: .tooCommon) }
        return nil
    }

    /// Deliberately loose (one "@", something on both sides, a dot in the domain, no spaces):
    /// the only real check of an address is mail arriving.
    static func looksLikeEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last else { return false }
        return !local.isEmpty && domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
            && !email.contains(where: { $0.isWhitespace || $0.isNewline })
            && !TextRules.containsForbiddenControls(email, allowLineBreaks: false)
    }
}

/// A change to a published incident's headline: its title and impact.
public struct IncidentEditDraft: Sendable, Hashable {
    public var title: LocalizedText
    public var impact: IncidentImpact

    public init(title: LocalizedText, impact: IncidentImpact) {
        self.title = title; self.impact = impact
    }

    public func validate(languages: [LanguageCode]) -> [FieldError] {
        TextRules.check(title, field: "title", limit: TextLimits.title, kind: .singleLine, required: true, languages: languages)
    }
}
