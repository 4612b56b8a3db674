import Foundation
import HTTPServer

extension StaffAuth {
    /// A bearer token ("Authorization: Bearer ds_...") if the request has that header, otherwise
    /// the session cookie (idle and absolute expiry enforced, activity recorded).
    public func principal(for request: Request, now: Date) -> Principal? {
        principal(authorization: request.headers["Authorization"],
                  sessionID: cookieValue(named: Self.sessionCookieName, in: request.headers.values(for: "Cookie")), now: now)
    }
}
