import ArgumentParser
import Dispatch
import Foundation
import HTTPServer
import Logging
import StatusPages
import StatusSite

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the status page over HTTP.")

    @OptionGroup var options: DatabaseOptions

    @Option(name: .long, help: "Address to listen on (127.0.0.1, ::1, 0.0.0.0, ...).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on; 0 picks a free one.")
    var port: Int = 8080

    /// One per core: cache hits never block, so more threads than cores only add switching
    /// (measured: 2 threads beat 4 on a 2-core machine by about 25 % on the home page).
    @Option(name: .long, help: "Request-handling threads (default: one per CPU core, at least 2).")
    var threads: Int = ServeCommand.defaultThreadCount

    static var defaultThreadCount: Int { min(64, max(2, ProcessInfo.processInfo.activeProcessorCount)) }

    @Option(name: .long, help: "Keep a static mirror of the public site in this directory or in s3://BUCKET/PREFIX ([mirror.s3] settings), updated after every change.")
    var mirror: String?

    @Option(name: .long, help: "Public address the mirror is served at (default: base_url).")
    var mirrorBaseURL: String?

    @OptionGroup var limits: ServeLimitOptions

    @OptionGroup var pools: ServePoolOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256, not \(threads)") }
        try limits.validate()
        try pools.validate()
        if let mirror {
            do { _ = try MirrorDestination(mirror) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        // Listen for SIGINT/SIGTERM before anything else: a supervisor may send SIGTERM the
        // moment it reads the `listening on` line, and a signal arriving before the handlers
        // exist would be lost (ignored) or kill the process without closing the database.
        let termination = TerminationSignals()
        try reportingFailures {
            let site = try options.siteDirectory()
            let settings = try options.settings()
            let tls = try limits.tlsConfiguration()
            let logLevel = limits.logLevel
            let environment = ProcessInfo.processInfo.environment
            let journal = JournalStream.isStandardError(environment: environment)
            LoggingSystem.bootstrap { label in KeyValueLogHandler(label: label, level: logLevel, journal: journal) }
            let store = try options.openStore()
            // A rule naming no component would silently never move anything.
            if let error = settings.alertRuleComponentError(knownSlugs: Set(try store.components().map(\.slug))) { throw error }
            let application = try SiteApplication(settings: settings, store: store, siteDirectory: site,
                                                  formLimits: limits.formLimits, tls: tls != nil, clock: try TestClock.fromEnvironment())
            let operational = OperationalSite(application: application, options: .init(
                metricsToken: limits.metricsToken, logger: Logger(label: "driftstatus"), pools: pools.sizes))
            // The warm set renders in the background: pages asked for before it is done render on demand.
            application.startWarmingUp()
            var configuration = ServerConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.threadCount = threads
            limits.apply(to: &configuration)
            configuration.tls = tls
            configuration.onRequestCompleted = operational.requestCompleted
            configuration.trustedProxies = try TrustedProxies(settings.trustedProxies)
            let server = Server(configuration: configuration, reply: operational.reply)
            try server.start()
            operational.attach(server)
            let watcher = application.watchExternalWrites()
            let notifications = try application.startNotificationSender(
                renderer: try NotificationRenderer(siteDirectory: site, settings: settings))
            let purges = try application.startPurgeSender()
            let mirrorWriter = try mirror.map { argument in
                let mirrorApplication = try SiteApplication(settings: try MirrorSettings.settings(settings, baseURL: mirrorBaseURL),
                                                            store: store, siteDirectory: site, isStaticExport: true)
                let writer = try MirrorDestination(argument).writer(
                    exporter: StaticExporter(application: mirrorApplication), store: store, s3: settings.mirrorS3) {
                    FileHandle.standardError.write(Data("driftstatus: \($0)\n".utf8))
                }
                writer.exportNow()
                application.onDataChange { [weak mirrorApplication, weak writer] in
                    mirrorApplication?.dataChanged()
                    writer?.schedule()
                }
                return writer
            }

            let displayHost = server.host.contains(":") ? "[\(server.host)]" : server.host
            // Written unbuffered: tools wait for this exact line on a pipe.
            let scheme = tls == nil ? "http" : "https"
            FileHandle.standardOutput.write(Data("listening on \(scheme)://\(displayHost):\(server.port)\n".utf8))
            // systemd (Type=notify) starts dependent units only now, and restarts us when the
            // watchdog pings stop because the daemon no longer answers.
            let serviceManager = ServiceManagerNotifier(environment: environment)
            serviceManager?.send("READY=1\nSTATUS=listening on \(scheme)://\(displayHost):\(server.port)")
            let watchdog = serviceManager.flatMap { notifier in
                ServiceWatchdog(environment: environment, notifier: notifier) { server.answersOwnConnection(timeoutSeconds: $0) }
            }

            termination.wait()
            serviceManager?.send("STOPPING=1")
            watchdog?.stop()
            // Stop accepting, let in-flight requests finish, then close the database.
            server.stop()
            operational.stopPools()
            // A delivery in progress finishes and is recorded; the rest wait in the outbox for the next start.
            notifications.stop()
            purges?.stop()
            withExtendedLifetime(watcher) {}
            mirrorWriter?.waitUntilIdle()
            try store.close()
            // Every request answered is in the log before the process says it stopped.
            KeyValueLogHandler.flush()
            FileHandle.standardOutput.write(Data("stopped\n".utf8))
        }
    }
}

/// SIGINT and SIGTERM turned into an event the main thread can wait for.
final class TerminationSignals {
    private let received = DispatchSemaphore(value: 0)
    private let queue = DispatchQueue(label: "driftstatus.signals")
    private var sources: [DispatchSourceSignal] = []

    init() {
        for signalNumber in [SIGINT, SIGTERM] {
            // Ignored as a plain signal so only the dispatch source sees it.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [received] in received.signal() }
            source.resume()
            sources.append(source)
        }
    }

    /// Blocks until SIGINT or SIGTERM arrives.
    func wait() {
        received.wait()
        sources.forEach { $0.cancel() }
    }
}
