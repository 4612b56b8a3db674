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
    /// Renders nobody waits on: stale pages replaced in the background and the pages a change
    /// touched (`Cache/ChangeRefresh.swift`); the writer waits for them, boundedly.
    public var renderThreads: Int
    /// How those render threads are scheduled: `serve` runs them at `.background` (only on a
    /// core the request threads leave idle); `.normal` elsewhere, so a test suite that keeps
    /// every core busy does not starve its own renders.
    public var renderPriority: ThreadPriority
    /// A sign-in from an address that was refused less than `Retry-After` ago is held until
    /// then and answered 429 (`SignInPacing`): a client that ignores Retry-After gets one
    /// answer per interval. On in `serve`.
    public var holdsEarlySignInRetries: Bool
    /// How the sign-in threads are scheduled: `serve` runs them at `.low` (behind the request
    /// threads, never starved, so staff can sign in during a surge); `.normal` elsewhere.
    public var signInPriority: ThreadPriority

    public init(workThreads: Int = PoolSizes.defaultWorkThreads, workQueue: Int = 256,
                signInThreads: Int = 1, signInQueue: Int = 8, signInHashesPerSecond: Double = 0,
                renderThreads: Int = PoolSizes.defaultWorkThreads, renderPriority: ThreadPriority = .normal,
                holdsEarlySignInRetries: Bool = false, signInPriority: ThreadPriority = .normal) {
        self.workThreads = workThreads
        self.workQueue = workQueue
        self.signInThreads = signInThreads
        self.signInQueue = signInQueue
        self.signInHashesPerSecond = signInHashesPerSecond
        self.renderThreads = renderThreads
        self.renderPriority = renderPriority
        self.holdsEarlySignInRetries = holdsEarlySignInRetries
        self.signInPriority = signInPriority
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
    /// Background renders (stale-while-revalidate, a change's pages); at `renderPriority`.
    let render: WorkerPool
    /// The one thread that settles changes in order after the writer answered (the rest of
    /// the touched pages, the warm set's new pages, then the purges); at `renderPriority`.
    let settling: WorkerPool
    /// Early sign-in retries held back (nil when `holdsEarlySignInRetries` is off).
    let signInPacing: SignInPacing?
    /// `signInHashesPerSecond` split: three quarters for any sign-in, a quarter reserved for
    /// browsers that signed in before (`SignInBudget`). Both nil when it is 0.
    let signInBudget: HashBudget?
    let knownDeviceBudget: HashBudget?

    init(_ sizes: PoolSizes) {
        work = WorkerPool(name: "work", threads: sizes.workThreads, queueLimit: sizes.workQueue)
        signIn = WorkerPool(name: "sign-in", threads: sizes.signInThreads, queueLimit: sizes.signInQueue, priority: sizes.signInPriority)
        // Keys are bounded by the cache; a queue this long is never the limit in practice.
        render = WorkerPool(name: "render", threads: sizes.renderThreads, queueLimit: 100_000, priority: sizes.renderPriority)
        settling = WorkerPool(name: "settle", threads: 1, queueLimit: 100_000, priority: sizes.renderPriority)
        signInPacing = sizes.holdsEarlySignInRetries ? SignInPacing(interval: Double(SiteApplication.busyRetryAfterSeconds)) : nil
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
        settling.stop()
        render.stop()
    }
}
