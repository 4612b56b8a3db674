#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Each connection is a file descriptor; the usual soft limit of 1024 would make a surge of a
/// thousand clients fail with EMFILE although the hard limit allows far more.
enum OpenFileLimit {
    /// Raises the soft RLIMIT_NOFILE to the hard limit. Failure is harmless: we keep the old limit.
    static func raiseToHardLimit() {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        #if canImport(Darwin)
        // macOS reports an unlimited hard limit but refuses soft limits above OPEN_MAX.
        limit.rlim_cur = min(limit.rlim_max, rlim_t(OPEN_MAX))
        #else
        limit.rlim_cur = limit.rlim_max
        #endif
        _ = setrlimit(resource, &limit)
    }
}
