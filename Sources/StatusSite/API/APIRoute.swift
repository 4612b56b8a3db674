/// A path below `/api/v1`: one of the paths in `APIOperation.all` with its `{parameter}`, or
/// a path no operation has (answered 404). Parsed once per request (`SiteRoute`), printed with `path`.
enum APIRoute: Equatable, Sendable {
    /// `template` is an operation's path ("/api/v1/incidents/{id}"); several operations
    /// (one per method) may share it.
    case operation(template: String, parameter: String?)
    case unknown(String)

    /// Parsed on the I/O thread (the lane depends on the area): the path is split once and
    /// compared with the templates, split once at start.
    init(path: String) {
        let actual = path.split(separator: "/", omittingEmptySubsequences: false)
        for (template, expected) in Self.templates where expected.count == actual.count {
            var parameter: String?
            var matches = true
            for (wanted, segment) in zip(expected, actual) {
                if wanted.hasPrefix("{") {
                    guard !segment.isEmpty else { matches = false; break }
                    parameter = String(segment)
                } else if wanted != segment {
                    matches = false
                    break
                }
            }
            if matches {
                self = .operation(template: template, parameter: parameter)
                return
            }
        }
        self = .unknown(path)
    }

    /// Every operation path once, in table order, with its segments.
    private static let templates: [(String, [Substring])] = {
        var seen = Set<String>()
        return APIOperation.all.compactMap { operation in
            seen.insert(operation.path).inserted ? (operation.path, operation.path.split(separator: "/", omittingEmptySubsequences: false)) : nil
        }
    }()

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
