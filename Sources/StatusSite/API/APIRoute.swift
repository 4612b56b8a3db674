/// A path below `/api/v1`: one of the paths in `APIOperation.all` with its `{parameter}`, or
/// a path no operation has (answered 404). Parsed once per request (`SiteRoute`), printed with `path`.
enum APIRoute: Equatable, Sendable {
    /// `template` is an operation's path ("/api/v1/incidents/{id}"); several operations
    /// (one per method) may share it.
    case operation(template: String, parameter: String?)
    case unknown(String)

    init(path: String) {
        for operation in APIOperation.all {
            if let parameter = operation.match(path) {
                self = .operation(template: operation.path, parameter: parameter)
                return
            }
        }
        self = .unknown(path)
    }

    /// "/api/v1/incidents/12" for `.operation(template: "/api/v1/incidents/{id}", parameter: "12")`.
    var path: String {
        switch self {
        case .operation(let template, nil):
            return template
        case .operation(let template, let parameter?):
            return template.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("{") ? parameter : String($0) }.joined(separator: "/")
        case .unknown(let path):
            return path
        }
    }

    /// The operations answering at this path, one per method.
    var operations: [APIOperation] {
        guard case .operation(let template, _) = self else { return [] }
        return APIOperation.all.filter { $0.path == template }
    }

    var parameter: String? {
        guard case .operation(_, let parameter) = self else { return nil }
        return parameter
    }
}
