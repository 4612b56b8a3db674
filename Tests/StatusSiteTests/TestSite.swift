import Foundation
import HTTPServer
import SiteSettings
import StatusModel
import StatusSite
import StatusStore
import TestSupport

/// A real server on an ephemeral loopback port with a temporary database: what the
/// integration tests talk HTTP to.
final class TestSite: @unchecked Sendable {
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    let directory: URL
    let store: StatusStore
    let application: SiteApplication
    let server: Server
    let client: HTTPTestClient
    let operational: OperationalSite

    let clock: TestClock

    /// - Parameter now: the clock the site sees (pinned, so dates in pages are predictable;
    ///   tests move it with `clock.set`).
    /// - Parameter rendersInBackground: see `OperationalSite.Options.rendersInBackground`.
    init(now: Date, settings: SiteSettings = .defaults, tls: Bool = false, pools: PoolSizes = PoolSizes(),
         rendersInBackground: Bool = true, hasher: PasswordHasher = PasswordHasher(), seed: (StatusStore) throws -> Void = { _ in }) throws {
        let clock = TestClock(now)
        self.clock = clock
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftstatus-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try StatusStore.open(path: directory.appendingPathComponent("test.sqlite").path,
                                     migrationsDirectory: Self.repositoryRoot.appendingPathComponent("migrations"))
        try seed(store)
        application = try SiteApplication(settings: settings, store: store, siteDirectory: Self.repositoryRoot, tls: tls, hasher: hasher,
                                          clock: { clock.now })
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.threadCount = 2
        // The production stack: security headers, request ids and /metrics around the site.
        // Slow work on the worker pools, as `serve` runs it.
        operational = OperationalSite(application: application, options: .init(pools: pools, rendersInBackground: rendersInBackground))
        server = Server(configuration: configuration, reply: operational.reply)
        try server.start()
        client = HTTPTestClient(port: server.port)
    }

    func get(_ path: String, headers: [(String, String)] = []) throws -> HTTPTestResponse {
        try client.send("GET", path, headers: headers)
    }

    deinit {
        server.stop()
        operational.stopPools()
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// 2026-11-25 13:00 UTC, a Wednesday: the tests' "now".
let testNow = Date(timeIntervalSince1970: 1_795_611_600)

/// A clock tests can move forward.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ date: Date) { current = date }
    var now: Date { lock.withLock { current } }
    func set(_ date: Date) { lock.withLock { current = date } }
}

extension LocalizedText {
    static func both(_ swedish: String, _ english: String) -> LocalizedText {
        LocalizedText([.swedish: swedish, .english: english])
    }
}
