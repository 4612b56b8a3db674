import ArgumentParser
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

    func validate() throws {
        guard (1...256).contains(workThreads) else { throw ValidationError("--work-threads must be between 1 and 256, not \(workThreads)") }
        guard (1...64).contains(signInThreads) else { throw ValidationError("--sign-in-threads must be between 1 and 64, not \(signInThreads)") }
        guard (0...100_000).contains(workQueue) else { throw ValidationError("--work-queue must be between 0 and 100000, not \(workQueue)") }
        guard (0...10_000).contains(signInQueue) else { throw ValidationError("--sign-in-queue must be between 0 and 10000, not \(signInQueue)") }
        guard signInHashesPerSecond.isFinite, (0...1_000).contains(signInHashesPerSecond) else {
            throw ValidationError("--sign-in-hashes-per-second must be between 0 and 1000, not \(signInHashesPerSecond)")
        }
    }

    var sizes: PoolSizes {
        PoolSizes(workThreads: workThreads, workQueue: workQueue, signInThreads: signInThreads, signInQueue: signInQueue,
                  signInHashesPerSecond: signInHashesPerSecond)
    }
}
