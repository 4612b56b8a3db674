import ArgumentParser
import HTTPServer
import StatusSite

/// `serve`'s worker pools: where slow work runs, away from the threads that send cached pages.
struct ServePoolOptions: ParsableArguments {
    @Option(name: .long, help: "Threads for renders, database writes, admin pages and the API (default: one per core, 2 to 16).")
    var workThreads: Int = PoolSizes.defaultWorkThreads

    @Option(name: .long, help: "Requests that may wait for a work thread before new ones get 503.")
    var workQueue: Int = PoolSizes().workQueue

    @Option(name: .long, help: "Threads that check sign-in passwords (600,000 PBKDF2 rounds each).")
    var signInThreads: Int = PoolSizes().signInThreads

    @Option(name: .long, help: "Sign-ins that may wait for a hashing thread before new ones get 503 with Retry-After.")
    var signInQueue: Int = PoolSizes().signInQueue

    @Option(name: .long, help: ArgumentHelp(
        "Password hashes per second, process-wide, that sign-ins may spend; beyond it a sign-in gets 503 with Retry-After at once (0: no limit).",
        discussion: "Each hash is 600,000 PBKDF2 rounds, about 0.15 s of a core in a release build; the default keeps hashing near a quarter of one core. A quarter of the budget is reserved for browsers that signed in successfully since the start."))
    var signInHashesPerSecond: Double = PoolSizes.defaultSignInHashesPerSecond

    @Option(name: .long, help: "Threads that render pages in the background (stale pages, what a change touched).")
    var renderThreads: Int = PoolSizes.defaultWorkThreads

    @Option(name: .long, help: ArgumentHelp(
        "How background renders are scheduled: idle (only on a core the request threads leave free) or normal.",
        discussion: "idle is Linux's SCHED_IDLE: a request thread that wakes up takes the core at once. A write still waits at most 2 s for its pages; what a saturated machine has not rendered by then is rendered by its next reader."))
    var renderPriority: RenderPriority = .idle

    @Option(name: .long, help: ArgumentHelp(
        "How password checks are scheduled: low (nice 10: behind the request threads, never starved) or normal.",
        discussion: "A check takes about 0.15 s of a core; at low it yields to request threads, and still finishes in a few seconds while they keep every core busy."))
    var signInPriority: SignInPriority = .low

    enum SignInPriority: String, ExpressibleByArgument, CaseIterable {
        case low, normal
        var threadPriority: ThreadPriority { self == .low ? .low : .normal }
    }

    @Flag(name: .long, inversion: .prefixedNo, help: ArgumentHelp(
        "Hold a sign-in that comes back from the same address before its Retry-After until then, and answer it 429.",
        discussion: "A script that ignores Retry-After then gets one answer per 2 s per address instead of thousands a second. Browsers with a device cookie from a successful sign-in are never held."))
    var holdEarlySignIns = true

    enum RenderPriority: String, ExpressibleByArgument, CaseIterable {
        case idle, normal
        var threadPriority: ThreadPriority { self == .idle ? .background : .normal }
    }

    func validate() throws {
        guard (1...256).contains(workThreads) else { throw ValidationError("--work-threads must be between 1 and 256, not \(workThreads)") }
        guard (1...64).contains(renderThreads) else { throw ValidationError("--render-threads must be between 1 and 64, not \(renderThreads)") }
        guard (1...64).contains(signInThreads) else { throw ValidationError("--sign-in-threads must be between 1 and 64, not \(signInThreads)") }
        guard (0...100_000).contains(workQueue) else { throw ValidationError("--work-queue must be between 0 and 100000, not \(workQueue)") }
        guard (0...10_000).contains(signInQueue) else { throw ValidationError("--sign-in-queue must be between 0 and 10000, not \(signInQueue)") }
        guard signInHashesPerSecond.isFinite, (0...1_000).contains(signInHashesPerSecond) else {
            throw ValidationError("--sign-in-hashes-per-second must be between 0 and 1000, not \(signInHashesPerSecond)")
        }
    }

    var sizes: PoolSizes {
        PoolSizes(workThreads: workThreads, workQueue: workQueue, signInThreads: signInThreads, signInQueue: signInQueue,
                  signInHashesPerSecond: signInHashesPerSecond, renderThreads: renderThreads,
                  renderPriority: renderPriority.threadPriority, holdsEarlySignInRetries: holdEarlySignIns,
                  signInPriority: signInPriority.threadPriority)
    }
}
