import HTTPServer
import Logging

/// Logs a failure whose details the client is not shown (database trouble, a bug) with the
/// request id the client gets in X-Request-Id, so an operator can find the real reason.
/// Refusals the client is told about (validation, 404, 403, 409) are not logged.
/// Each front-end's error path calls it.
struct FailureLog: Sendable {
    let logger: Logger

    func record(_ error: Error, _ request: Request) {
        let reason: String
        switch error as? PublishingError {
        case .unexpected(let why)?, .unavailable(let why)?: reason = why
        case nil: reason = String(describing: error)
        default: return
        }
        logger.error("request failed", metadata: [
            "id": "\(request.id)", "method": "\(request.method)",
            "path": "\(OperationalSite.shortened(request.path))", "error": "\(reason)",
        ])
    }
}

extension SiteApplication {
    static let failureLogger = Logger(label: "driftstatus")

    /// `FailureLog.record` for the staff UI.
    func logFailure(_ error: Error, _ request: Request) {
        FailureLog(logger: Self.failureLogger).record(error, request)
    }
}
