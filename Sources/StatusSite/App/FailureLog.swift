import HTTPServer
import Logging

extension SiteApplication {
    static let failureLogger = Logger(label: "driftstatus")

    /// Logs a failure whose details the client is not shown (database trouble, a bug) with the
    /// request id the client gets in X-Request-Id, so an operator can find the real reason.
    /// Refusals the client is told about (validation, 404, 403, 409) are not logged.
    func logFailure(_ error: Error, _ request: Request) {
        let reason: String
        switch error as? PublishingError {
        case .unexpected(let why)?, .unavailable(let why)?: reason = why
        case nil: reason = String(describing: error)
        default: return
        }
        Self.failureLogger.error("request failed", metadata: [
            "id": "\(request.id)", "method": "\(request.method)",
            "path": "\(OperationalSite.shortened(request.path))", "error": "\(reason)",
        ])
    }
}
