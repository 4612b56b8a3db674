import Foundation
import HTTPServer

/// How many threads and waiting jobs each worker pool gets (`serve --work-threads` and friends).
public struct PoolSizes: Sendable, Equatable {
    /// Renders on a cache miss, database writes, admin pages, the API, /metrics, readiness.
    public var workThreads: Int
    public var workQueue: Int
    /// Password hashing at sign-in (600,000 PBKDF2 rounds each): few threads, so a crowd at the
    /// sign-in form can take at most this many cores from the public pages.
    public var signInThreads: Int
    public var signInQueue: Int

    public init(workThreads: Int = PoolSizes.defaultWorkThreads, workQueue: Int = 256,
                signInThreads: Int = 1, signInQueue: Int = 8) {
        self.workThreads = workThreads
        self.workQueue = workQueue
        self.signInThreads = signInThreads
        self.signInQueue = signInQueue
    }

    public static var defaultWorkThreads: Int { min(16, max(2, ProcessInfo.processInfo.activeProcessorCount)) }
}

/// The pools slow work runs on, away from libmicrohttpd's I/O threads.
final class SitePools: Sendable {
    let work: WorkerPool
    let signIn: WorkerPool

    init(_ sizes: PoolSizes) {
        work = WorkerPool(name: "work", threads: sizes.workThreads, queueLimit: sizes.workQueue)
        signIn = WorkerPool(name: "sign-in", threads: sizes.signInThreads, queueLimit: sizes.signInQueue)
    }

    /// Finishes what is queued, then ends the threads.
    func stop() {
        signIn.stop()
        work.stop()
    }
}
