import CMicroHTTPD

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP/1.1 server on libmicrohttpd that calls one synchronous handler per request.
///
/// The handler runs on MHD's worker threads (`threadCount` of them), so it must be thread-safe
/// and should not block for long. Do not call `stop()` from inside the handler.
public final class Server: Sendable {
    public let configuration: ServerConfiguration
    private let core: ServerCore
    /// The daemon and bound port. The daemon pointer is only used by `start`/`stop`, which
    /// `lifecycle` serialises; `state` keeps reads of `port` quick while a stop is waiting.
    private let state = Locked<State>(.idle)
    private let lifecycle = Locked<Void>(())

    private enum State {
        case idle
        case running(daemon: OpaquePointer, port: Int)
        case stopped(port: Int)
    }

    public init(configuration: ServerConfiguration, handler: @escaping @Sendable (Request) -> Response) {
        self.configuration = configuration
        core = ServerCore(configuration: configuration, handler: handler)
    }

    deinit {
        stop()
    }

    /// The bound port once started (the real one when the configuration asked for 0).
    public var port: Int {
        state.withLock { state in
            switch state {
            case .idle: return configuration.port
            case .running(_, let port), .stopped(let port): return port
            }
        }
    }

    public var host: String { configuration.host }

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
            let (daemon, port) = try startDaemon()
            state.withLock { $0 = .running(daemon: daemon, port: port) }
        }
    }

    /// Stops gracefully: stops accepting, lets requests in progress finish (up to
    /// `shutdownGracePeriodSeconds`), then closes all connections. Safe to call more than once.
    public func stop() {
        lifecycle.withLock { _ in
            let running: (daemon: OpaquePointer, port: Int)? = state.withLock { state in
                guard case .running(let daemon, let port) = state else { return nil }
                return (daemon, port)
            }
            guard let running else { return }
            core.beginDraining()
            let listenSocket = MHD_quiesce_daemon(running.daemon)
            _ = core.waitUntilIdle(timeoutSeconds: configuration.shutdownGracePeriodSeconds)
            MHD_stop_daemon(running.daemon)
            // After quiescing, the listen socket is ours to close, and only after the stop.
            if listenSocket >= 0 { close(listenSocket) }
            state.withLock { $0 = .stopped(port: running.port) }
        }
    }

    private func startDaemon() throws -> (OpaquePointer, Int) {
        if let problem = configuration.validationProblem() {
            throw ServerError.invalidConfiguration(problem)
        }
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
        guard let daemon = startMHD(listenSocket: daemonSocket, ipv6: address.isIPv6) else {
            throw ServerError.startFailed(
                "cannot start the HTTP server on \(display): libmicrohttpd refused the configuration")
        }
        let bound = Int(driftstatus_mhd_bound_port(daemon))
        return (daemon, bound == 0 ? configuration.port : bound)
    }

    private var display: String {
        ListeningSocket.display(configuration.host, configuration.port)
    }

    private func startMHD(listenSocket: Int32, ipv6: Bool) -> OpaquePointer? {
        let coreAddress = Unmanaged.passUnretained(core).toOpaque()
        var flags = MHD_USE_EPOLL_INTERNAL_THREAD.rawValue | MHD_USE_TURBO.rawValue
        // Quiescing (graceful stop) needs the inter-thread channel when MHD runs its own threads.
        flags |= MHD_USE_ITC.rawValue
        if ipv6 { flags |= MHD_USE_IPv6.rawValue }

        var options: [MHD_OptionItem] = [
            MHD_OptionItem(option: .LISTEN_SOCKET, value: Int(listenSocket), ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_LIMIT, value: configuration.connectionLimit, ptr_value: nil),
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
        ]
        if configuration.threadCount > 1 {
            options.append(MHD_OptionItem(option: .THREAD_POOL_SIZE, value: configuration.threadCount, ptr_value: nil))
        }
        options.append(MHD_OptionItem(option: .END, value: 0, ptr_value: nil))

        // MHD_start_daemon is variadic; the _va form takes the options as one MHD_OPTION_ARRAY.
        return options.withUnsafeMutableBufferPointer { items -> OpaquePointer? in
            guard let first = items.baseAddress else { return nil }
            return withVaList([MHD_OPTION.ARRAY.rawValue, first, MHD_OPTION.END.rawValue]) { arguments in
                MHD_start_daemon_va(flags, 0, nil, nil, handleAccess, coreAddress, arguments)
            }
        }
    }
}
