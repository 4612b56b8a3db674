import StatusModel

/// Why a staff change was refused; the admin UI and the API map these to pages / problem documents
/// (422, 404, 409, 403, 503).
public enum PublishingError: Error, Equatable, CustomStringConvertible {
    case validation([FieldError])
    case notFound(String)
    case conflict(String)
    case forbidden
    /// The database could not be written (busy, disk full): try again later.
    case unavailable(String)

    public var description: String {
        switch self {
        case .validation(let errors): "invalid: " + errors.map(\.description).joined(separator: ", ")
        case .notFound(let what): "not found: \(what)"
        case .conflict(let why): "conflict: \(why)"
        case .forbidden: "not allowed for this role"
        case .unavailable(let why): "unavailable: \(why)"
        }
    }
}
