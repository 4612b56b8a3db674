import Foundation
import StatusModel
import StatusStore

/// Sign-in, sessions, API tokens and staff accounts, without HTTP types: the web module reads
/// cookies and headers and hands over their values (`StaffAuth+Request.swift` there).
public final class StaffAuth: Sendable {
    public static let sessionCookieName = "driftstatus_session"
    public static let tokenPrefix = "ds_"
    /// Activity is written at most this often per session or token (the idle check tolerates it).
    static let touchInterval: TimeInterval = 60

    public let store: StatusStore
    public let hasher: PasswordHasher
    public let idleTimeout: TimeInterval
    public let absoluteTimeout: TimeInterval
    /// New passwords on this list are refused (`SiteDirectory.commonPasswords`).
    public let commonPasswords: CommonPasswords
    let throttle: SignInThrottle

    public init(store: StatusStore, commonPasswords: CommonPasswords, hasher: PasswordHasher = .init(),
                idleTimeout: TimeInterval = 2 * 3600, absoluteTimeout: TimeInterval = 12 * 3600, throttle: ThrottlePolicy = .standard) {
        self.store = store; self.commonPasswords = commonPasswords; self.hasher = hasher
        self.idleTimeout = idleTimeout; self.absoluteTimeout = absoluteTimeout
        self.throttle = SignInThrottle(policy: throttle)
    }

    public enum SignInResult: Sendable {
        /// `setCookie` starts the session; `deviceCookie` marks the browser as one that signed in to
        /// this account before (`DeviceCookie`).
        case success(Principal, setCookie: String, deviceCookie: String)
        /// Wrong email or password; deliberately does not say which.
        case failure
        case throttled(retryAfterSeconds: Int)
    }

    // MARK: Who is asking

    /// A bearer token (`authorization`, the request's "Authorization" field) if there is one,
    /// otherwise the session (idle and absolute expiry enforced, activity recorded). The web
    /// front-end reads both from the request (`principal(for:now:)` in StatusSite).
    public func principal(authorization: String?, sessionID: String?, now: Date) -> Principal? {
        if let authorization { return tokenPrincipal(authorization: authorization, now: now) }
        guard let sessionID else { return nil }
        return sessionPrincipal(sessionID: sessionID, now: now)
    }

    func tokenPrincipal(authorization: String, now: Date) -> Principal? {
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        guard let stored = liveToken(parts[1].trimmingCharacters(in: .whitespaces), now: now) else { return nil }
        return Principal(actor: Self.actor(for: stored), sessionID: nil, csrfToken: nil)
    }

    /// The stored, unrevoked token for a secret ("ds_..."), its use recorded; nil for anything else.
    public func liveToken(_ secret: String, now: Date) -> APIToken? {
        guard Self.looksLikeSecret(secret, prefix: Self.tokenPrefix),
              let stored = try? store.token(hash: SecureRandom.sha256Hex(secret)), stored.revokedAt == nil else { return nil }
        if now.timeIntervalSince(stored.lastUsedAt ?? .distantPast) >= Self.touchInterval {
            try? store.touchToken(id: stored.id, at: now)
        }
        return stored
    }

    func sessionPrincipal(sessionID: String, now: Date) -> Principal? {
        guard Self.looksLikeSecret(sessionID, prefix: "") else { return nil }
        let idHash = SecureRandom.sha256Hex(sessionID)
        guard let session = try? store.session(idHash: idHash) else { return nil }
        let actor = Self.actor(for: session.user)
        if now.timeIntervalSince(session.lastSeenAt) > idleTimeout || now.timeIntervalSince(session.createdAt) > absoluteTimeout {
            try? store.deleteSession(idHash: idHash, at: now, by: actor)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) >= Self.touchInterval {
            try? store.touchSession(idHash: idHash, at: now)
        }
        return Principal(actor: actor, sessionID: sessionID, csrfToken: session.csrfSecret)
    }

    // MARK: Signing in and out

    /// Untrusted clients are throttled per account and per address; a browser with a valid device
    /// cookie for this account only by its own failures, so whoever locks the account from
    /// elsewhere cannot keep the account's owner out (`DeviceCookie`, docs/operations.md).
    public func signIn(email: String, password: String, remoteAddress: String, deviceCookie: String? = nil, isSecure: Bool,
                       now: Date) -> SignInResult {
        let account = UserDraft.normalizedEmail(email)
        let credentials = password.count <= TextLimits.passwordMaximum ? try? store.credentials(email: account) : nil
        let device = credentials.flatMap {
            DeviceCookie.verifiedNonce(deviceCookie, userID: $0.user.id, passwordHash: $0.passwordHash)
        }
        let wait = device.map { throttle.retryAfter(device: $0, now: now) }
            ?? throttle.retryAfter(account: account, address: remoteAddress, now: now)
        if let wait { return .throttled(retryAfterSeconds: wait) }
        let recordFailure = {
            if let device { self.throttle.recordFailure(device: device, now: now) }
            else { self.throttle.recordFailure(account: account, address: remoteAddress, now: now) }
        }
        // An overlong password is refused only after the same work, so timing says nothing either.
        guard let credentials else {
            hasher.simulateVerification(String(password.prefix(TextLimits.passwordMaximum)))
            recordFailure()
            return .failure
        }
        guard hasher.verify(password, against: credentials.passwordHash) else {
            recordFailure()
            return .failure
        }
        // Always a new id: a session id planted before sign-in (fixation) is worthless.
        let sessionID = SecureRandom.token()
        let csrfToken = SecureRandom.token()
        let actor = Self.actor(for: credentials.user)
        do {
            try store.createSession(idHash: SecureRandom.sha256Hex(sessionID), userID: credentials.user.id, csrfSecret: csrfToken,
                                    at: now, by: actor)
        } catch {
            return .failure
        }
        // A trusted device's success does not lift the account lock others caused.
        if let device { throttle.recordSuccess(device: device) } else { throttle.recordSuccess(account: account) }
        _ = try? store.deleteExpiredSessions(idleBefore: now.addingTimeInterval(-idleTimeout),
                                         createdBefore: now.addingTimeInterval(-absoluteTimeout))
        let nonce = device ?? SecureRandom.token()
        throttle.rememberDevice(nonce)
        let deviceCookie = DeviceCookie.header(userID: credentials.user.id, nonce: nonce, passwordHash: credentials.passwordHash,
                                               isSecure: isSecure)
        return .success(Principal(actor: actor, sessionID: sessionID, csrfToken: csrfToken),
                        setCookie: sessionCookie(sessionID, isSecure: isSecure), deviceCookie: deviceCookie)
    }

    /// True when `signIn` would surely answer `.throttled`, which it does before hashing: judged
    /// from the throttle alone, without the database, for admission on the I/O thread
    /// (`SignInBudget`). A device cookie cannot be verified here, so with one the attempt counts as
    /// throttled only when both its device and the account or address are locked.
    public func isThrottledBeforeHashing(email: String, remoteAddress: String, deviceCookie: String?, now: Date) -> Bool {
        let locked = throttle.retryAfter(account: UserDraft.normalizedEmail(email), address: remoteAddress, now: now) != nil
        guard let nonce = DeviceCookie.claimedNonce(deviceCookie) else { return locked }
        return locked && throttle.retryAfter(device: nonce, now: now) != nil
    }

    /// Whether the cookie's nonce came with a successful sign-in since start (kept in memory,
    /// unverified here): such browsers may draw on the hash budget's reserve (`SignInBudget`).
    public func isKnownDevice(_ deviceCookie: String?) -> Bool {
        DeviceCookie.claimedNonce(deviceCookie).map(throttle.isKnownDevice) ?? false
    }

    /// Deletes the session server-side: the cookie is worthless afterwards even if kept.
    public func signOut(_ principal: Principal) {
        guard let sessionID = principal.sessionID else { return }
        try? store.deleteSession(idHash: SecureRandom.sha256Hex(sessionID), at: Date(), by: principal.actor)
    }

    public func sessionCookie(_ sessionID: String, isSecure: Bool) -> String {
        "\(Self.sessionCookieName)=\(sessionID); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(Int(absoluteTimeout))"
            + (isSecure ? "; Secure" : "")
    }

    public func clearedSessionCookie(isSecure: Bool) -> String {
        "\(Self.sessionCookieName)=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + (isSecure ? "; Secure" : "")
    }

    /// Tokens are per session; bearer principals have none and never pass (they need no CSRF check).
    public func isValidCSRF(_ submitted: String?, for principal: Principal) -> Bool {
        guard let submitted, let expected = principal.csrfToken, !expected.isEmpty else { return false }
        return ConstantTime.equal(submitted, expected)
    }

    // MARK: API tokens

    /// Returns the token itself once ("ds_" + 43 base64url characters); only its hash is stored.
    /// `language`: what single-language clients (Statuspage v1) write in; nil means the site's first language.
    public func createToken(name: String, role: StaffRole, language: LanguageCode? = nil, by actor: Actor,
                            now: Date) throws -> (token: String, APIToken) {
        try require(actor, .manageTokens)
        let name = name.trimmingCharacters(in: .whitespaces)
        if let error = Self.checkName(name) { throw PublishingError.validation([error]) }
        let token = Self.tokenPrefix + SecureRandom.token()
        let stored = try PublishingError.mapping {
            try store.createToken(name: name, role: role, hash: SecureRandom.sha256Hex(token),
                                  prefix: String(token.prefix(Self.tokenPrefix.count + 4)), language: language, at: now, by: actor)
        }
        return (token, stored)
    }

    public func revokeToken(id: Int64, by actor: Actor, now: Date) throws {
        try require(actor, .manageTokens)
        try PublishingError.mapping { try store.revokeToken(id: id, at: now, by: actor) }
    }

    // MARK: Accounts (the CLI and the admin UI share these)

    /// Validates (email, name, password of at least 12 characters, not repetitive, not a common one)
    /// and stores a new account. Needs .manageUsers.
    public func addUser(_ draft: UserDraft, by actor: Actor, now: Date) throws -> StaffUser {
        try require(actor, .manageUsers)
        guard draft.password != nil else { throw PublishingError.validation([FieldError(field: "password", code: .required)]) }
        let taken = try PublishingError.mapping { try store.user(email: draft.email) }.map { Set([$0.email]) } ?? []
        let errors = draft.validate(takenEmails: taken, commonPasswords: commonPasswords)
        guard errors.isEmpty, let password = draft.password else { throw PublishingError.validation(errors) }
        let hash = try hasher.hash(password)
        return try PublishingError.mapping {
            try store.addUser(email: draft.email, name: draft.name.trimmingCharacters(in: .whitespaces), role: draft.role,
                              passwordHash: hash, language: draft.language, at: now, by: actor)
        }
    }

    /// Sets a new password and ends all the user's sessions. Admins may change anyone's; staff their own.
    public func changePassword(userID: Int64, newPassword: String, by actor: Actor, now: Date) throws {
        guard actor.role.allows(.manageUsers) || (actor.kind == .user && actor.id == userID) else { throw PublishingError.forbidden }
        if let error = UserDraft.checkPassword(newPassword, commonPasswords: commonPasswords) { throw PublishingError.validation([error]) }
        let hash = try hasher.hash(newPassword)
        try PublishingError.mapping { try store.setPasswordHash(userID: userID, passwordHash: hash, at: now, by: actor) }
    }

    public func updateUser(id: Int64, name: String, role: StaffRole, by actor: Actor, now: Date) throws -> StaffUser {
        try require(actor, .manageUsers)
        let name = name.trimmingCharacters(in: .whitespaces)
        if let error = Self.checkName(name) { throw PublishingError.validation([error]) }
        return try PublishingError.mapping { try store.updateUser(id: id, name: name, role: role, at: now, by: actor) }
    }

    /// Sets the language of the emails the account is sent (nil: the site's first language).
    /// The caller checks that it is one of the site's languages.
    public func setUserLanguage(id: Int64, language: LanguageCode?, by actor: Actor, now: Date) throws -> StaffUser {
        try require(actor, .manageUsers)
        return try PublishingError.mapping { try store.setUserLanguage(id: id, language: language, at: now, by: actor) }
    }

    /// Removes the account and ends its sessions.
    public func removeUser(id: Int64, by actor: Actor, now: Date) throws {
        try require(actor, .manageUsers)
        try PublishingError.mapping { try store.removeUser(id: id, at: now, by: actor) }
    }

    // MARK: Helpers

    static func actor(for user: StaffUser) -> Actor {
        Actor(kind: .user, id: user.id, name: user.name, role: user.role)
    }

    public static func actor(for token: APIToken) -> Actor {
        Actor(kind: .token, id: token.id, name: token.name, role: token.role)
    }

    private func require(_ actor: Actor, _ permission: Permission) throws {
        guard actor.role.allows(permission) else { throw PublishingError.forbidden }
    }

    private static func checkName(_ name: String) -> FieldError? {
        if name.isEmpty { return FieldError(field: "name", code: .required) }
        if name.count > TextLimits.name { return FieldError(field: "name", code: .tooLong, limit: TextLimits.name) }
        // Tab too: token and user names are labels in lists and the audit log.
        if name.contains("\t") || TextRules.containsForbiddenControls(name, allowLineBreaks: false) {
            return FieldError(field: "name", code: .invalid)
        }
        return nil
    }

    /// Our secrets are 43 base64url characters after their prefix; anything else is not looked up.
    static func looksLikeSecret(_ value: String, prefix: String) -> Bool {
        guard value.hasPrefix(prefix) else { return false }
        let body = value.dropFirst(prefix.count)
        return body.count == 43 && body.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }
}
