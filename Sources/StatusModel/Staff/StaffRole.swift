/// What a staff member or API token may do. Deliberately two roles: small teams need no more.
public enum StaffRole: String, CaseIterable, Sendable, Codable {
    case editor, admin

    /// Editors publish incidents and maintenance; admins may also manage the site itself.
    public func allows(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.admin, _): true
        case (.editor, .publish): true
        case (.editor, .manageComponents), (.editor, .manageUsers), (.editor, .manageTokens), (.editor, .viewAudit): false
        }
    }
}

public enum Permission: Sendable, CaseIterable {
    case publish, manageComponents, manageUsers, manageTokens, viewAudit
}

/// Who made a change: a signed-in user, an API token or the system itself (the CLI, the demo).
/// Recorded with every audit row.
public struct Actor: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case user, token, system
    }

    public let kind: Kind
    /// The user's or token's id; nil for the system.
    public let id: Int64?
    /// The user's name, the token's name, or what the system part is ("cli", "demo").
    public let name: String
    public let role: StaffRole

    public init(kind: Kind, id: Int64?, name: String, role: StaffRole) {
        self.kind = kind; self.id = id; self.name = name; self.role = role
    }

    /// Operator tools run with full rights: whoever runs them already owns the database file.
    public static func system(_ name: String) -> Actor {
        Actor(kind: .system, id: nil, name: name, role: .admin)
    }
}
