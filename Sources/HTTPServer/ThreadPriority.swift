#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the kernel weighs a worker pool's threads against libmicrohttpd's I/O threads.
public enum ThreadPriority: Sendable, Equatable {
    /// Like every other thread of the process.
    case normal
    /// Runs only on a core nothing else wants (Linux `SCHED_IDLE`): an I/O thread that wakes up
    /// takes the core at once instead of waiting for the end of a time slice. For work no reader
    /// waits on (background renders). While other threads keep every core busy it gets almost
    /// no time, so anything that waits for such work must bound its wait.
    case background
    /// Behind the request threads but never starved (nice 10: about a tenth of a core's share
    /// against one busy normal thread): work that must finish even while the request threads
    /// keep every core busy, such as a staff member's password check during a surge.
    case low

    /// Applies to the calling thread only (on Linux a thread's scheduling is its own). Where
    /// `SCHED_IDLE` is refused (another kernel, a seccomp filter) the thread gets the lowest
    /// nice value instead; where both are refused it stays as it is. Returns whether it changed.
    @discardableResult
    func applyToCurrentThread() -> Bool {
        switch self {
        case .normal: return true
        case .low: return Self.nice(10)
        case .background: break
        }
        #if os(Linux)
        var parameters = sched_param()
        parameters.sched_priority = 0
        // SCHED_IDLE is 5 in Linux's uapi headers; Glibc's Swift module does not always export it.
        if sched_setscheduler(0, Self.linuxIdlePolicy, &parameters) == 0 { return true }
        #endif
        return Self.nice(19)
    }

    /// The calling thread's nice value (Linux: per thread).
    private static func nice(_ value: Int32) -> Bool {
        #if os(Linux)
        return setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, value) == 0
        #else
        return setpriority(PRIO_PROCESS, 0, value) == 0
        #endif
    }

    /// The calling thread's nice value, for tests.
    public static func currentNice() -> Int32 {
        #if os(Linux)
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #else
        return getpriority(PRIO_PROCESS, 0)
        #endif
    }

    static let linuxIdlePolicy: Int32 = 5

    /// The calling thread's scheduling policy (`SCHED_OTHER` 0, `SCHED_IDLE` 5), for tests.
    public static func currentPolicy() -> Int32 {
        #if os(Linux)
        return sched_getscheduler(0)
        #else
        return 0
        #endif
    }
}
