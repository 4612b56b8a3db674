#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Only one process delivers from a database's outbox: an exclusive `flock` on a file next to the
/// database. The kernel drops it when the holder dies, so a restarted server takes over at once,
/// without waiting for a lease to run out.
final class SenderLock {
    let path: String
    private var descriptor: Int32 = -1

    init(databasePath: String) { path = databasePath + "-sender.lock" }

    /// True when this process holds the lock (now or already).
    func tryAcquire() -> Bool {
        if descriptor >= 0 { return true }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return false
        }
        descriptor = fd
        return true
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
