#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed number of threads running submitted jobs in order, with a bounded queue: `submit`
/// refuses at once when `queueLimit` jobs already wait, so a flood of slow work is turned away
/// instead of piling up. The server hands it work it must not do on its I/O threads.
public final class WorkerPool: @unchecked Sendable {
    // @unchecked: `jobs`, `running` and `stopping` are only touched under `mutex`.
    public let name: String
    public let threadCount: Int
    /// Jobs that may wait for a free thread (not counting those running).
    public let queueLimit: Int
    /// Set on each thread as it starts.
    public let priority: ThreadPriority
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wakeUp = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [@Sendable () -> Void] = []
    private var nextJob = 0
    private var running = 0
    private var stopping = false
    private var threads: [pthread_t] = []

    public init(name: String, threads: Int, queueLimit: Int, priority: ThreadPriority = .normal) {
        self.name = name
        threadCount = max(1, threads)
        self.queueLimit = max(0, queueLimit)
        self.priority = priority
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        wakeUp.initialize(to: pthread_cond_t())
        pthread_cond_init(wakeUp, nil)
        for _ in 0..<threadCount {
            let box = Unmanaged.passRetained(self).toOpaque()
            var thread = pthread_t()
            if pthread_create(&thread, nil, runWorker, box) == 0 {
                self.threads.append(thread)
            } else {
                Unmanaged<WorkerPool>.fromOpaque(box).release()
            }
        }
    }

    deinit {
        pthread_cond_destroy(wakeUp)
        pthread_mutex_destroy(mutex)
        wakeUp.deallocate()
        mutex.deallocate()
    }

    /// Queues `job`; false (and `job` is dropped) when the queue is full or the pool stopped.
    @discardableResult
    public func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !stopping, hasRoom else { return false }
        jobs.append(job)
        pthread_cond_signal(wakeUp)
        return true
    }

    /// Whether `submit` would refuse now (it may change the next moment; `submit` decides).
    public var isFull: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return stopping || !hasRoom
    }

    /// Under `mutex`.
    private var hasRoom: Bool {
        jobs.count - nextJob < queueLimit + max(0, threadCount - running)
    }

    /// Jobs waiting and running right now (for metrics and tests).
    public var load: (waiting: Int, running: Int) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return (jobs.count - nextJob, running)
    }

    /// Refuses new jobs, finishes every queued one, then ends the threads. Safe to call twice.
    public func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        let joining = threads
        threads = []
        pthread_cond_broadcast(wakeUp)
        pthread_mutex_unlock(mutex)
        for thread in joining { pthread_join(thread, nil) }
    }

    fileprivate func work() {
        priority.applyToCurrentThread()
        while let job = nextJobOrNil() {
            job()
            pthread_mutex_lock(mutex)
            running -= 1
            pthread_mutex_unlock(mutex)
        }
    }

    /// Blocks until a job is queued; nil once stopping and nothing is left.
    private func nextJobOrNil() -> (@Sendable () -> Void)? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while nextJob == jobs.count {
            if stopping { return nil }
            pthread_cond_wait(wakeUp, mutex)
        }
        let job = jobs[nextJob]
        nextJob += 1
        // Compact now and then instead of removing from the front each time.
        if nextJob == jobs.count || nextJob > 1024 {
            jobs.removeFirst(nextJob)
            nextJob = 0
        }
        running += 1
        return job
    }
}

private func runWorker(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { return nil }
    let pool = Unmanaged<WorkerPool>.fromOpaque(argument).takeRetainedValue()
    pool.work()
    return nil
}
