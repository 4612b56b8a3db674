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
    /// Password hashes allowed per second, process-wide, checked when a sign-in arrives
    /// (`SignInBudget`); 0 means no budget. `serve` uses `defaultSignInHashesPerSecond`.
    public var signInHashesPerSecond: Double

    public init(workThreads: Int = PoolSizes.defaultWorkThreads, workQueue: Int = 256,
                signInThreads: Int = 1, signInQueue: Int = 8, signInHashesPerSecond: Double = 0) {
        self.workThreads = workThreads
        self.workQueue = workQueue
        self.signInThreads = signInThreads
        self.signInQueue = signInQueue
        self.signInHashesPerSecond = signInHashesPerSecond
    }

    /// One hash (600,000 PBKDF2-SHA256 rounds) takes about 0.15 s of a core optimised (OpenSSL on
    /// the 2-core machine this was sized on; 0.24 s in a debug build): 1.5 a second keeps hashing
    /// near a quarter of one core however many clients try (docs/operations.md, "Sign-in under load").
    public static let defaultSignInHashesPerSecond = 1.5

    public static var defaultWorkThreads: Int { min(16, max(2, ProcessInfo.processInfo.activeProcessorCount)) }
}

/// The pools slow work runs on, away from libmicrohttpd's I/O threads.
final class SitePools: Sendable {
    let work: WorkerPool
    let signIn: WorkerPool
    /// `signInHashesPerSecond` split: three quarters for any sign-in, a quarter reserved for
    /// browsers that signed in before (`SignInBudget`). Both nil when it is 0.
    let signInBudget: HashBudget?
    let knownDeviceBudget: HashBudget?

    init(_ sizes: PoolSizes) {
        work = WorkerPool(name: "work", threads: sizes.workThreads, queueLimit: sizes.workQueue)
        signIn = WorkerPool(name: "sign-in", threads: sizes.signInThreads, queueLimit: sizes.signInQueue)
        let rate = sizes.signInHashesPerSecond
        // A burst of one second's worth (at least one): a quiet server lets a couple through at once.
        func budget(_ share: Double) -> HashBudget? {
            rate > 0 ? HashBudget(perSecond: rate * share, burst: Int((rate * share).rounded(.up))) : nil
        }
        signInBudget = budget(0.75)
        knownDeviceBudget = budget(0.25)
    }

    /// Finishes what is queued, then ends the threads.
    func stop() {
        signIn.stop()
        work.stop()
    }
}
