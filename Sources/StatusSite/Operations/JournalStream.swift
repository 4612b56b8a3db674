import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether standard error goes straight to systemd's journal: `JOURNAL_STREAM` holds the
/// `device:inode` of that stream (systemd.exec(5)), and it must still be our fd 2, not a stream
/// inherited by a process that redirected its output.
public enum JournalStream {
    public static func isStandardError(environment: [String: String]) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    /// The sd-daemon(3) prefix (`<3>` is SD_ERR) journald turns into the line's priority.
    public static func priorityPrefix(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: return "<7>"
        case .info: return "<6>"
        case .notice: return "<5>"
        case .warning: return "<4>"
        case .error: return "<3>"
        case .critical: return "<2>"
        }
    }
}
