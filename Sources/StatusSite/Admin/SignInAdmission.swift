import Foundation
import HTTPServer
import StatusModel

/// Admission for POST /admin/login, on the I/O thread before the request is queued: each
/// sign-in that will hash a password (600,000 PBKDF2 rounds) spends one hash from the
/// process-wide `HashBudget`; when it is empty the answer is the prepared 503 with Retry-After,
/// at once. More sign-in threads would only take more of the cores the public pages need; the
/// budget bounds the share of the machine hashing can take however many clients try.
///
/// A quarter of the budget is reserved for browsers whose device cookie came with a successful
/// sign-in since start, so a staff member's usual browser still gets in during a flood from
/// many addresses (the flood cannot know such a cookie's nonce). What does not hash spends
/// nothing: attempts the throttle refuses (429), cross-site posts and malformed forms. API
/// tokens and session cookies are checked with a SHA-256 lookup, not PBKDF2, so signed-in staff
/// and API clients keep working while sign-in is saturated.
extension OperationalSite {
    /// False: refuse now with 503. A full queue is left to the server's own busy answer, so it
    /// spends no budget either.
    func admitsSignIn(_ request: Request) -> Bool {
        guard let budget = pools.signInBudget, !pools.signIn.isFull,
              application.admin.signInWillHash(request) else { return true }
        if budget.take() { return true }
        return application.admin.signInFromKnownDevice(request) && pools.knownDeviceBudget?.take() == true
    }
}

extension AdminUI {
    /// Whether the sign-in handler would reach the password hash for this request, judged
    /// cheaply: the same checks it makes first (cross-site post, form type and encoding,
    /// throttle), without the database.
    func signInWillHash(_ request: Request) -> Bool {
        if crossSite.isCrossSite(request) { return false }
        let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
        guard contentType.isEmpty || contentType.hasPrefix("application/x-www-form-urlencoded"),
              let form = try? FormDecoder.decode(request.body, limits: formLimits) else { return false }
        // The same prefix `signIn` throttles by.
        let email = String((form["email"] ?? "").prefix(TextLimits.email + 10))
        let device = cookieValue(named: DeviceCookie.name, in: request.headers.values(for: "Cookie"))
        return !auth.isThrottledBeforeHashing(email: email, remoteAddress: request.remoteAddress, deviceCookie: device, now: clock())
    }

    func signInFromKnownDevice(_ request: Request) -> Bool {
        auth.isKnownDevice(cookieValue(named: DeviceCookie.name, in: request.headers.values(for: "Cookie")))
    }
}
