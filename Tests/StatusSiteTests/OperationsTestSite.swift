import Foundation
import HTTPServer
import Logging
import SiteSettings
@testable import StatusSite
import StatusStore
import TestSupport

/// A real server running the whole operational stack (`OperationalSite` around the site),
/// seeded like the public-site tests.
final class OperationsTestSite: @unchecked Sendable {
    let site: TestSite
    let operational: OperationalSite
    let server: Server
    let client: HTTPTestClient
    let logLines = LogCapture()

    init(tls: Bool = false, metricsToken: String? = nil) throws {
        site = try PublicSiteTests.seeded(tls: tls)
        let capture = logLines
        let logger = Logger(label: "driftstatus") { _ in CapturingLogHandler(capture: capture) }
        operational = OperationalSite(application: site.application,
                                      options: .init(metricsToken: metricsToken, logger: logger))
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.threadCount = 2
        configuration.onRequestCompleted = operational.requestCompleted
        server = Server(configuration: configuration, handler: operational.handle)
        try server.start()
        operational.attach(server)
        client = HTTPTestClient(port: server.port)
    }

    var store: StatusStore { site.store }
    var application: SiteApplication { site.application }

    func get(_ path: String, headers: [(String, String)] = []) throws -> HTTPTestResponse {
        try client.send("GET", path, headers: headers)
    }

    deinit {
        server.stop()
        operational.stopPools()
    }
}

/// Log lines as the key=value handler would write them, kept in memory.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        capture.append(KeyValueLogHandler.line(time: Date(), level: event.level, message: "\(event.message)",
                                               label: "driftstatus", metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
    }
}
