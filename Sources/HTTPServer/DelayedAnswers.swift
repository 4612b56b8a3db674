#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Answers held back on purpose (`Reply.delayed`): the connection is suspended, costing no
/// thread and no CPU while it waits, and resumed with its ready response when its time comes,
/// so a client that asks again the moment it is answered is slowed to one request per delay.
/// At most `limit` answers are held at once (each keeps a connection open); beyond that, and
/// once the server is stopping, they are sent at once. One thread waits for the earliest due
/// answer; it exists only while something is held.
final class DelayedAnswers: @unchecked Sendable {
    // @unchecked: `held`, `hasThread` and `releasing` are only touched under `mutex`.
    private struct Held {
        let due: UInt64
        let answer: DeferredAnswer
        let response: Response
    }

    let limit: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wakeUp = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var held: [Held] = []
    private var hasThread = false
    /// Set while the server stops: everything held goes out now, nothing new is held.
    private var releasing = false

    init(limit: Int) {
        self.limit = max(0, limit)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        wakeUp.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        // Due times are monotonic: a wall-clock step must not release or stall them.
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(wakeUp, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(wakeUp)
        pthread_mutex_destroy(mutex)
        wakeUp.deallocate()
        mutex.deallocate()
    }

    /// Whether `hold` would take one more now (it decides).
    var hasRoom: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return !releasing && held.count < limit
    }

    var count: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return held.count
    }

    /// Resumes `answer` with `response` after `seconds`; false (nothing held) when full or stopping.
    func hold(_ answer: DeferredAnswer, _ response: Response, seconds: Double) -> Bool {
        let due = MonotonicTime.nanoseconds() &+ UInt64(max(0, min(seconds, 3_600)) * 1_000_000_000)
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !releasing, held.count < limit else { return false }
        held.append(Held(due: due, answer: answer, response: response))
        if hasThread {
            pthread_cond_signal(wakeUp)
        } else if startThread() {
            hasThread = true
        } else {
            held.removeLast()
            return false
        }
        return true
    }

    /// Sends everything held now and holds nothing more until `resume()` (the server is stopping).
    func releaseAll() {
        pthread_mutex_lock(mutex)
        releasing = true
        let all = held
        held = []
        pthread_cond_signal(wakeUp)
        pthread_mutex_unlock(mutex)
        for item in all { item.answer.resume(with: item.response) }
    }

    /// Holds again (the server started again after a stop).
    func resume() {
        pthread_mutex_lock(mutex)
        releasing = false
        pthread_mutex_unlock(mutex)
    }

    private func startThread() -> Bool {
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, runDelayedAnswers, box) == 0 else {
            Unmanaged<DelayedAnswers>.fromOpaque(box).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// The thread: resumes answers as they fall due; ends when nothing is held.
    fileprivate func run() {
        pthread_mutex_lock(mutex)
        while !held.isEmpty {
            let now = MonotonicTime.nanoseconds()
            let due = held.filter { $0.due <= now }
            if !due.isEmpty {
                held.removeAll { $0.due <= now }
                pthread_mutex_unlock(mutex)
                for item in due { item.answer.resume(with: item.response) }
                pthread_mutex_lock(mutex)
                continue
            }
            let earliest = held.map(\.due).min() ?? now
            var deadline = timespec(tv_sec: Int(earliest / 1_000_000_000), tv_nsec: Int(earliest % 1_000_000_000))
            _ = pthread_cond_timedwait(wakeUp, mutex, &deadline)
        }
        hasThread = false
        pthread_mutex_unlock(mutex)
    }
}

private func runDelayedAnswers(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { return nil }
    Unmanaged<DelayedAnswers>.fromOpaque(argument).takeRetainedValue().run()
    return nil
}
