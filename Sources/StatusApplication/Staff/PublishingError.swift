import StatusModel
import StatusStore

/// Why a staff change was refused; the admin UI and the API map these to pages / problem documents
/// (422, 404, 409, 403, 503).
public enum PublishingError: Error, Equatable, CustomStringConvertible {
    case validation([FieldError])
    case notFound(String)
    case conflict(String)
    case forbidden
    /// The database could not be written (busy, disk full): try again later.
    case unavailable(String)
    /// Something that should not happen (a database constraint the checks missed): 500, with
    /// the reason logged and never shown.
    case unexpected(String)

    public var description: String {
        switch self {
        case .validation(let errors): "invalid: " + errors.map(\.description).joined(separator: ", ")
        case .notFound(let what): "not found: \(what)"
        case .conflict(let why): "conflict: \(why)"
        case .forbidden: "not allowed for this role"
        case .unavailable(let why): "unavailable: \(why)"
        case .unexpected(let why): "unexpected: \(why)"
        }
    }
}

extension PublishingError {
    /// Store failures in publishing terms: a missing row is 404, a state clash 409, a broken
    /// constraint 500, anything else 503.
    public static func from(_ error: StoreError) -> PublishingError {
        switch error {
        case let .notFound(kind, id): .notFound("\(kind) \(id)")
        case let .conflict(message), let .invalid(message): .conflict(message)
        case .constraint: .unexpected(error.description)
        case .cannotOpen, .notADatabase, .databaseFromNewerVersion, .migrationsMissing, .migrationFailed, .database:
            .unavailable(error.description)
        }
    }

    public static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw from(error)
        }
    }
}
