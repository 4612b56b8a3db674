import Foundation

/// A person who can sign in to the admin UI. The password hash never leaves the store's auth calls.
public struct StaffUser: Sendable, Hashable, Identifiable {
    public let id: Int64
    public let email: String
    public let name: String
    public let role: StaffRole
    public let createdAt: Date
    /// The language of emails sent to this person (stale incident reminders); nil: the site's first language.
    public let language: LanguageCode?

    public init(id: Int64, email: String, name: String, role: StaffRole, createdAt: Date, language: LanguageCode? = nil) {
        self.id = id; self.email = email; self.name = name; self.role = role; self.createdAt = createdAt; self.language = language
    }
}

/// A bearer token for scripts. Only its hash is stored; `prefix` lets staff recognise it in lists.
public struct APIToken: Sendable, Hashable, Identifiable {
    public let id: Int64
    public let name: String
    public let role: StaffRole
    /// The first characters of the token ("ds_AbC1"), safe to show.
    public let prefix: String
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let revokedAt: Date?
    /// The language single-language clients (Statuspage v1) write in; nil: the site's first language.
    public let language: LanguageCode?

    public init(id: Int64, name: String, role: StaffRole, prefix: String, createdAt: Date, lastUsedAt: Date? = nil,
                revokedAt: Date? = nil, language: LanguageCode? = nil) {
        self.id = id; self.name = name; self.role = role; self.prefix = prefix; self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt; self.revokedAt = revokedAt; self.language = language
    }

    public var isRevoked: Bool { revokedAt != nil }
}

/// One recorded change: who, when, what, and the entity before and after (JSON), for `/admin/audit`.
public struct AuditEntry: Sendable, Hashable, Identifiable {
    public let id: Int64
    public let at: Date
    public let actor: Actor
    /// "incident.create", "update.edit", "maintenance.cancel", "component.update", "user.add", "token.revoke", ...
    public let action: String
    /// "incident", "incident_update", "maintenance", "component", "component_group", "user", "token", "template", ...
    public let entityType: String
    public let entityID: Int64?
    public let before: String?
    public let after: String?

    public init(id: Int64, at: Date, actor: Actor, action: String, entityType: String, entityID: Int64?,
                before: String?, after: String?) {
        self.id = id; self.at = at; self.actor = actor; self.action = action; self.entityType = entityType
        self.entityID = entityID; self.before = before; self.after = after
    }
}

/// A reusable message for a common situation ("Bank sync delayed"), in every site language.
public struct MessageTemplate: Sendable, Hashable, Identifiable {
    public let id: Int64
    public let name: String
    public let title: LocalizedText
    public let body: LocalizedText

    public init(id: Int64, name: String, title: LocalizedText, body: LocalizedText) {
        self.id = id; self.name = name; self.title = title; self.body = body
    }
}
