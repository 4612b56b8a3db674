#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nanoseconds on CLOCK_MONOTONIC. Every request reads the clock twice (its start and its
/// end); `ContinuousClock.now` did that through generic runtime code and CLOCK_BOOTTIME, about
/// 4 % of serving a cached page (perf), against one vDSO call here.
enum MonotonicTime {
    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// The time from `start` (an earlier `nanoseconds()`) until now, never negative.
    static func elapsed(since start: UInt64) -> Duration {
        let now = nanoseconds()
        return .nanoseconds(Int64(truncatingIfNeeded: now >= start ? now - start : 0))
    }
}
