import HTTPServer

/// The security header fields every response carries, computed once at start.
///
/// Public pages and admin/API answers get different policies: admin pages may never be framed
/// (clickjacking on a form that publishes to customers), public pages only by this site itself.
/// Neither policy allows inline script or style: the templates use none (no `<script>`,
/// `<style>` or `style=` attributes; the status icons are inline SVG elements, which CSP does
/// not restrict), so nothing had to be moved or allowed.
public struct SecurityHeaders: Sendable {
    /// `frame-ancestors 'self'`: no other site may frame the public page (a framed status page
    /// can be dressed up to mislead; the supported way to show status elsewhere is `widget.js`),
    /// while the site's own pages, e.g. an admin preview, still may.
    public static let publicPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
        + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
    public static let adminPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
        + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    /// One year; sent only over TLS (browsers ignore it on plain HTTP anyway).
    public static let strictTransportSecurity = "max-age=31536000"

    let publicFields: [(String, String)]
    let adminFields: [(String, String)]

    public init(tls: Bool) {
        var common = [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "strict-origin-when-cross-origin")]
        if tls { common.append(("Strict-Transport-Security", Self.strictTransportSecurity)) }
        publicFields = [("Content-Security-Policy", Self.publicPolicy)] + common
        adminFields = [("Content-Security-Policy", Self.adminPolicy), ("X-Frame-Options", "DENY")] + common
    }

    /// Adds the fields: the strict policy for staff-only areas (`SiteRoute.isStaff`). Handlers do
    /// not set these themselves (this is the one place), so no lookup for existing ones is needed
    /// on the fast path.
    func apply(to response: inout Response, route: SiteRoute) {
        for (name, value) in route.isStaff ? adminFields : publicFields {
            response.headers.add(name, value)
        }
    }
}
