import CMicroHTTPD

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP/1.1 server on libmicrohttpd that calls one synchronous handler per request.
///
/// The handler runs on MHD's I/O threads (`threadCount` of them), so it must be thread-safe
/// and quick: it answers `Reply.now` with a ready response, or `Reply.later` to have slow work
/// run on a `WorkerPool` while the connection is suspended. Do not call `stop()` from inside it.
public final class Server: Sendable {
    public let configuration: ServerConfiguration
    private let core: ServerCore
    /// The daemon and bound port. The daemon pointer is only used by `start`/`stop`, which
    /// `lifecycle` serialises; `state` keeps reads of `port` quick while a stop is waiting.
    private let state = Locked<State>(.idle)
    private let lifecycle = Locked<Void>(())

    private enum State {
        case idle
        /// `tls` holds the PEM copies MHD points to until the daemon has stopped.
        case running(daemon: OpaquePointer, port: Int, tls: TLSMemory?)
        case stopped(port: Int)
    }

    /// A server whose handler answers every request itself, on the I/O thread.
    public convenience init(configuration: ServerConfiguration, handler: @escaping @Sendable (Request) -> Response) {
        self.init(configuration: configuration, reply: { .now(handler($0)) })
    }

    public init(configuration: ServerConfiguration, reply: @escaping @Sendable (Request) -> Reply) {
        self.configuration = configuration
        core = ServerCore(configuration: configuration, reply: reply)
    }

    deinit {
        stop()
    }

    /// The bound port once started (the real one when the configuration asked for 0).
    public var port: Int {
        state.withLock { state in
            switch state {
            case .idle: return configuration.port
            case .running(_, let port, _), .stopped(let port): return port
            }
        }
    }

    public var host: String { configuration.host }

    /// Connections open right now (accepted and not yet closed), whether or not a request is
    /// in progress on them. Read it for metrics; it changes as you read.
    public var openConnections: Int {
        core.openConnections
    }

    public var isRunning: Bool {
        state.withLock { state in
            if case .running = state { return true }
            return false
        }
    }

    /// Binds and starts serving. Throws `ServerError` with a one-line reason.
    public func start() throws {
        try lifecycle.withLock { _ in
            if isRunning { throw ServerError.alreadyRunning }
            let (daemon, port, tls) = try startDaemon()
            state.withLock { $0 = .running(daemon: daemon, port: port, tls: tls) }
        }
    }

    /// Stops gracefully: stops accepting, lets requests in progress finish (up to
    /// `shutdownGracePeriodSeconds`), then closes all connections. Safe to call more than once.
    public func stop() {
        lifecycle.withLock { _ in
            let running: (daemon: OpaquePointer, port: Int, tls: TLSMemory?)? = state.withLock { state in
                guard case .running(let daemon, let port, let tls) = state else { return nil }
                return (daemon, port, tls)
            }
            guard let running else { return }
            core.beginDraining()
            let listenSocket = MHD_quiesce_daemon(running.daemon)
            _ = core.waitUntilIdle(timeoutSeconds: configuration.shutdownGracePeriodSeconds)
            core.waitUntilNoneSuspended()
            MHD_stop_daemon(running.daemon)
            // After quiescing, the listen socket is ours to close, and only after the stop.
            if listenSocket >= 0 { close(listenSocket) }
            state.withLock { $0 = .stopped(port: running.port) }
            // Only now may the PEM copies go.
            withExtendedLifetime(running.tls) {}
        }
    }

    private func startDaemon() throws -> (OpaquePointer, Int, TLSMemory?) {
        if let problem = configuration.validationProblem() {
            throw ServerError.invalidConfiguration(problem)
        }
        let tls = try configuration.tls.map(Self.prepareTLS)
        let address = try ListenAddress(host: configuration.host)
        OpenFileLimit.raiseToHardLimit()
        let socket = try ListeningSocket.open(
            address: address, host: configuration.host, port: configuration.port,
            backlog: Int32(min(configuration.connectionLimit, 4096))
        )
        // MHD gets its own descriptor and closes it itself; ours is closed here whatever happens,
        // so a failed start never leaves us closing a number MHD already closed.
        let daemonSocket = dup(socket)
        close(socket)
        guard daemonSocket >= 0 else {
            throw ServerError.startFailed(
                "cannot listen on \(display): \(ListeningSocket.errorText(errno))")
        }
        core.resetDraining()
        core.captureLibraryMessages(true)
        let daemon = startMHD(listenSocket: daemonSocket, ipv6: address.isIPv6, tls: tls)
        core.captureLibraryMessages(false)
        guard let daemon else { throw startFailure(tls: tls != nil) }
        let bound = Int(driftstatus_mhd_bound_port(daemon))
        return (daemon, bound == 0 ? configuration.port : bound, tls)
    }

    private static func prepareTLS(_ configuration: TLSConfiguration) throws -> TLSMemory {
        guard MHD_is_feature_supported(MHD_FEATURE.FEATURE_TLS) == .YES else {
            throw ServerError.startFailed("TLS: this libmicrohttpd was built without TLS support")
        }
        if let problem = configuration.validationProblem() {
            throw ServerError.startFailed(problem)
        }
        return TLSMemory(configuration)
    }

    /// Why MHD_start_daemon returned NULL, from what libmicrohttpd logged while trying.
    private func startFailure(tls: Bool) -> ServerError {
        // "…do not match."; "Failed to initialize TLS support." read better joined without the dots.
        let messages = core.capturedLibraryMessages.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
        let reason = messages.isEmpty ? "libmicrohttpd refused the configuration" : messages.joined(separator: "; ")
        let aboutTLS = messages.contains { $0.contains("TLS") || $0.contains("x509") || $0.contains("certificate") }
        if tls && aboutTLS {
            return .startFailed("TLS: the certificate or key was refused: \(reason)")
        }
        return .startFailed("cannot start the HTTP server on \(display): \(reason)")
    }

    private var display: String {
        ListeningSocket.display(configuration.host, configuration.port)
    }

    private func startMHD(listenSocket: Int32, ipv6: Bool, tls: TLSMemory?) -> OpaquePointer? {
        let coreAddress = Unmanaged.passUnretained(core).toOpaque()
        var flags = MHD_USE_EPOLL_INTERNAL_THREAD.rawValue | MHD_USE_TURBO.rawValue
        // Quiescing (graceful stop) needs the inter-thread channel when MHD runs its own threads.
        flags |= MHD_USE_ITC.rawValue
        // Slow work runs on worker pools while its connection is suspended (Reply.later).
        flags |= MHD_ALLOW_SUSPEND_RESUME.rawValue
        if ipv6 { flags |= MHD_USE_IPv6.rawValue }
        // Makes MHD log to our logger, which keeps lines only while starting (see logLibraryMessage).
        flags |= MHD_USE_ERROR_LOG.rawValue
        if tls != nil { flags |= MHD_USE_TLS.rawValue }

        var options: [MHD_OptionItem] = [
            // First, so that MHD logs nothing to stderr while it reads the other options.
            MHD_OptionItem(
                option: .EXTERNAL_LOGGER,
                value: unsafeBitCast(logLibraryMessage as MHD_LogCallback, to: Int.self),
                ptr_value: coreAddress),
            MHD_OptionItem(option: .LISTEN_SOCKET, value: Int(listenSocket), ptr_value: nil),
            // MHD at its own limit stops accepting, leaving clients hanging in the accept queue;
            // the accept policy (acceptConnection) enforces ours by closing at once instead, so
            // MHD's limit only needs headroom for accepts that race past that check.
            MHD_OptionItem(
                option: .CONNECTION_LIMIT,
                value: configuration.connectionLimit + max(64, 16 * configuration.threadCount), ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_TIMEOUT, value: configuration.connectionTimeoutSeconds, ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_MEMORY_LIMIT, value: configuration.maxHeaderBytes, ptr_value: nil),
            // Callback options take the function as an intptr_t and its closure argument as pointer.
            MHD_OptionItem(
                option: .URI_LOG_CALLBACK,
                value: unsafeBitCast(logURI as URILogCallback, to: Int.self), ptr_value: coreAddress),
            MHD_OptionItem(
                option: .NOTIFY_COMPLETED,
                value: unsafeBitCast(completeRequest as MHD_RequestCompletedCallback, to: Int.self),
                ptr_value: coreAddress),
            MHD_OptionItem(
                option: .NOTIFY_CONNECTION,
                value: unsafeBitCast(notifyConnection as ConnectionNotifyCallback, to: Int.self),
                ptr_value: coreAddress),
        ]
        if let tls {
            // Pointer-valued options: MHD reads `ptr_value`.
            options.append(MHD_OptionItem(option: .HTTPS_MEM_CERT, value: 0, ptr_value: UnsafeMutableRawPointer(tls.certificate)))
            options.append(MHD_OptionItem(option: .HTTPS_MEM_KEY, value: 0, ptr_value: UnsafeMutableRawPointer(tls.privateKey)))
            options.append(MHD_OptionItem(option: .HTTPS_PRIORITIES, value: 0, ptr_value: UnsafeMutableRawPointer(tls.priorities)))
        }
        if configuration.threadCount > 1 {
            options.append(MHD_OptionItem(option: .THREAD_POOL_SIZE, value: configuration.threadCount, ptr_value: nil))
        }
        options.append(MHD_OptionItem(option: .END, value: 0, ptr_value: nil))

        // MHD_start_daemon is variadic; the _va form takes the options as one MHD_OPTION_ARRAY.
        return options.withUnsafeMutableBufferPointer { items -> OpaquePointer? in
            guard let first = items.baseAddress else { return nil }
            return withVaList([MHD_OPTION.ARRAY.rawValue, first, MHD_OPTION.END.rawValue]) { arguments in
                MHD_start_daemon_va(flags, 0, acceptConnection, coreAddress, handleAccess, coreAddress, arguments)
            }
        }
    }
}
