import Foundation

/// Why a site's templates or locale files could not be loaded; each case names the file to fix.
public enum PageRendererError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case noLanguages
    case missingTemplate(path: String)
    case invalidTemplate(path: String, reason: String)
    case missingLocaleFile(path: String)
    case invalidLocaleFile(path: String, reason: String)
    case missingLocaleKeys(path: String, keys: [String])
    case templateFailed(name: String)

    public var description: String {
        switch self {
        case .noLanguages:
            "the site configures no languages"
        case .missingTemplate(let path):
            "template file missing: \(path)"
        case .invalidTemplate(let path, let reason):
            "template \(path) is invalid: \(reason)"
        case .missingLocaleFile(let path):
            "locale file missing: \(path) (every configured language needs one)"
        case .invalidLocaleFile(let path, let reason):
            "locale file \(path) is invalid: \(reason)"
        case .missingLocaleKeys(let path, let keys):
            "locale file \(path) lacks \(keys.count) key(s): \(keys.joined(separator: ", "))"
        case .templateFailed(let name):
            "template \(name) could not be rendered"
        }
    }

    public var errorDescription: String? { description }
}
