import CMicroHTTPD

/// Work handed to a pool while its connection is suspended (`MHD_suspend_connection`). The
/// pool's thread stores the response here and resumes the connection; libmicrohttpd then calls
/// the access handler again on the connection's I/O thread, which queues the response.
final class DeferredAnswer: @unchecked Sendable {
    // @unchecked: `response` is written once by the pool thread before `MHD_resume_connection`
    // and read by the I/O thread after libmicrohttpd resumed (its lock orders the two).
    private let connection: OpaquePointer
    private let core: ServerCore
    private(set) var response: Response?

    init(connection: OpaquePointer, core: ServerCore) {
        self.connection = connection
        self.core = core
    }

    func resume(with response: Response) {
        self.response = response
        MHD_resume_connection(connection)
        core.connectionResumed()
    }
}

/// Suspends the connection and submits `work` to `pool`; when the pool refuses, the connection
/// is resumed at once with `whenBusy`. Called from the access handler only (as MHD requires).
func suspend(
    _ connection: OpaquePointer, _ context: RequestContext, core: ServerCore,
    pool: WorkerPool, whenBusy: @escaping @Sendable () -> Response, work: @escaping @Sendable () -> Response
) {
    let deferred = DeferredAnswer(connection: connection, core: core)
    context.deferred = deferred
    core.connectionSuspended()
    MHD_suspend_connection(connection)
    let accepted = pool.submit { deferred.resume(with: work()) }
    if !accepted { deferred.resume(with: whenBusy()) }
}

/// Suspends the connection and hands `response` to `delayed`, which resumes it after `seconds`;
/// when it cannot hold more, the connection is resumed with it at once.
func suspend(_ connection: OpaquePointer, _ context: RequestContext, core: ServerCore, answering response: Response, after seconds: Double) {
    let deferred = DeferredAnswer(connection: connection, core: core)
    context.deferred = deferred
    core.connectionSuspended()
    MHD_suspend_connection(connection)
    if !core.delayedAnswers.hold(deferred, response, seconds: seconds) { deferred.resume(with: response) }
}
