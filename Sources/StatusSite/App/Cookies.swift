import Foundation

/// The value of cookie `name` from a request's `Cookie` header fields, or nil: the one cookie
/// parser for sessions, the remembered language and the admin language.
func cookieValue(named name: String, in headers: [String]) -> String? {
    for header in headers {
        for pair in header.split(separator: ";") {
            let trimmed = pair.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == name else { continue }
            return String(trimmed[trimmed.index(after: equals)...])
        }
    }
    return nil
}
