import Foundation
import HTTPServer
import TestSupport

/// Starts a server on 127.0.0.1 and a free port, runs `body`, and always stops the server.
func withServer<Result>(
    _ configure: (inout ServerConfiguration) -> Void = { _ in },
    handler: @escaping @Sendable (Request) -> Response,
    _ body: (Server, HTTPTestClient) throws -> Result
) throws -> Result {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, threadCount: 2)
    configure(&configuration)
    let server = Server(configuration: configuration, handler: handler)
    try server.start()
    defer { server.stop() }
    return try body(server, HTTPTestClient(host: configuration.host, port: server.port))
}

/// A handler that echoes what it received, one `name: value` line per fact.
let echoHandler: @Sendable (Request) -> Response = { request in
    var lines = ["method: \(request.method)", "path: \(request.path)", "remote: \(request.remoteAddress)"]
    for (name, value) in request.query { lines.append("query \(name)=\(value)") }
    lines.append("body: \(request.bodyText)")
    return .text(lines.joined(separator: "\n"))
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass; true when it held.
func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
