import ArgumentParser
import Dispatch
import Foundation
import HTTPServer
import StatusSite

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the status page over HTTP.")

    @OptionGroup var options: DatabaseOptions

    @Option(name: .long, help: "Address to listen on (127.0.0.1, ::1, 0.0.0.0, ...).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on; 0 picks a free one.")
    var port: Int = 8080

    @Option(name: .long, help: "Request-handling threads.")
    var threads: Int = 4

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256, not \(threads)") }
    }

    func run() throws {
        try reportingFailures {
            let site = try options.siteDirectory()
            let settings = try options.settings()
            let store = try options.openStore(site: site)
            let application = try SiteApplication(settings: settings, store: store, siteDirectory: site)
            var configuration = ServerConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.threadCount = threads
            let server = Server(configuration: configuration, handler: application.handle)
            try server.start()
            let watcher = application.watchExternalWrites()

            let displayHost = server.host.contains(":") ? "[\(server.host)]" : server.host
            // Written unbuffered: tools wait for this exact line on a pipe.
            FileHandle.standardOutput.write(Data("listening on http://\(displayHost):\(server.port)\n".utf8))

            waitForTerminationSignal()
            // Stop accepting, let in-flight requests finish, then close the database.
            server.stop()
            withExtendedLifetime(watcher) {}
            try store.close()
            FileHandle.standardOutput.write(Data("stopped\n".utf8))
        }
    }
}

/// Blocks until SIGINT or SIGTERM arrives.
func waitForTerminationSignal() {
    let done = DispatchSemaphore(value: 0)
    let queue = DispatchQueue(label: "driftstatus.signals")
    var sources: [DispatchSourceSignal] = []
    for signalNumber in [SIGINT, SIGTERM] {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
        source.setEventHandler { done.signal() }
        source.resume()
        sources.append(source)
    }
    done.wait()
    sources.forEach { $0.cancel() }
}
