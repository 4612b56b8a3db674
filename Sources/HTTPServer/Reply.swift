/// What a request handler answers: a response ready now, or work that a `WorkerPool` runs while
/// the connection waits, suspended, so the I/O thread goes on serving other connections.
public enum Reply: Sendable {
    /// Sent at once from the I/O thread: for answers that cost no more than a lookup.
    case now(Response)
    /// `work` runs on `pool` and its response is sent when it returns. When the pool's queue is
    /// full, `whenBusy` is sent at once instead (a 503 with Retry-After, say) and `work` never runs.
    case later(pool: WorkerPool, whenBusy: @Sendable () -> Response, work: @Sendable () -> Response)
    /// Sent after `seconds`, the connection suspended meanwhile (no thread waits): slows down a
    /// client that repeats a request it was told to wait with. Sent at once when the server
    /// already holds `ServerConfiguration.maxDelayedAnswers` answers, or is stopping.
    case delayed(seconds: Double, Response)
}
