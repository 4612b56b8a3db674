import Foundation
import HTTPServer
import Logging
import StatusModel
import StatusStore

/// A refusal an admin handler (or the dispatch in front of it) decides itself: the status,
/// what to tell staff (a string key in their language), and the methods allowed for a 405.
struct AdminRefusal: Error, Equatable {
    let status: Int
    var detailKey: String?
    var allow: String?

    init(_ status: Int, detailKey: String? = nil, allow: String? = nil) {
        self.status = status; self.detailKey = detailKey; self.allow = allow
    }

    /// A confirmation checkbox was not ticked.
    static let confirmationNeeded = AdminRefusal(409, detailKey: "admin_confirm_needed")
    static let invalid = AdminRefusal(400, detailKey: "admin_error_invalid")
    static let notFound = AdminRefusal(404)
}

extension AdminUI {
    /// The admin's one error path: every error a handler throws becomes the message page with
    /// the right status. Refusals staff can act on say what to do; failures that are not theirs
    /// (the database, a bug) are logged with the request id and answered 503 or 500.
    func failure(_ error: Error, _ admin: AdminRequest) -> Response {
        switch error {
        case let refusal as AdminRefusal:
            var response = adminMessagePage(refusal.status, admin, detail: refusal.detailKey.map { admin.t($0) })
            if let allow = refusal.allow { response.headers.add("Allow", allow) }
            return response
        case let refusal as FormDecodingError:
            switch refusal {
            case .tooLarge: return adminMessagePage(413, admin)
            case .invalidUTF8, .badEscape: return adminMessagePage(400, admin, detail: admin.t("admin_error_form_encoding"))
            case .tooManyFields, .fieldTooLong: return adminMessagePage(400, admin, detail: admin.t("admin_error_form_limits"))
            }
        case let error as StoreError:
            return failure(PublishingError.from(error), admin)
        case let error as PublishingError:
            switch error {
            case .notFound: return adminMessagePage(404, admin)
            case .conflict(let why): return adminMessagePage(409, admin, detail: admin.conflictText(why))
            case .forbidden: return adminMessagePage(403, admin)
            case .validation(let errors):
                return adminMessagePage(400, admin, detail: errors.map { admin.fieldMessage($0) }.joined(separator: " "))
            case .unavailable(let why):
                log(why, admin.request)
                return adminMessagePage(503, admin)
            case .unexpected(let why):
                log(why, admin.request)
                return adminMessagePage(500, admin)
            }
        default:
            log(String(describing: error), admin.request)
            return adminMessagePage(500, admin)
        }
    }

    /// With the request id staff see in X-Request-Id, so an operator can find the real reason.
    private func log(_ reason: String, _ request: Request) {
        logger.error("admin request failed", metadata: [
            "id": "\(request.id)", "method": "\(request.method)",
            "path": "\(OperationalSite.shortened(request.path))", "error": "\(reason)",
        ])
    }

    /// Runs a write; `PublishingError.validation` goes to `invalid` (re-show the form with the
    /// errors next to the fields), every other error (and validation without a form) on to `failure`.
    func adminWrite<T>(_ write: () throws -> T, invalid: ([FieldError]) throws -> Response = { throw PublishingError.validation($0) },
                       done: (T) throws -> Response) throws -> Response {
        let value: T
        do {
            value = try write()
        } catch PublishingError.validation(let errors) {
            return try invalid(errors)
        }
        return try done(value)
    }
}
