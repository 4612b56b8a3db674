import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The systemd notify protocol (sd_notify(3)) without libsystemd: one datagram such as `READY=1`
/// to the AF_UNIX socket named by `NOTIFY_SOCKET`, a path or `@name` in the abstract namespace.
public struct ServiceManagerNotifier: Sendable {
    /// `sun_path` as sent: for the abstract namespace a leading NUL and no terminator.
    private let path: [UInt8]

    /// Nil when not started by a service manager (or the variable names nothing usable).
    public init?(environment: [String: String]) {
        guard let name = environment["NOTIFY_SOCKET"], name.hasPrefix("/") || name.hasPrefix("@") else { return nil }
        var bytes = Array(name.utf8)
        if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
        guard bytes.count > 1, bytes.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else { return nil }
        path = bytes
    }

    /// Sends `state` (newline-separated `KEY=value` assignments); false when it could not.
    @discardableResult
    public func send(_ state: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + path.count)
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, message, message.count, Int32(MSG_NOSIGNAL), $0, length)
            }
        }
        return sent == message.count
    }
}

/// `WATCHDOG=1` every half `WATCHDOG_USEC` (systemd's `WatchdogSec=`), each only after `isServing`
/// said yes: a server that stops answering stops the pings, and systemd restarts it.
public final class ServiceWatchdog {
    private let timer: DispatchSourceTimer

    /// Nil when no watchdog was asked for, or it is meant for another process (`WATCHDOG_PID`).
    public init?(environment: [String: String], notifier: ServiceManagerNotifier, isServing: @escaping @Sendable (Double) -> Bool) {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"], pid != String(getpid()) { return nil }
        let interval = Double(microseconds) / 2_000_000
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "driftstatus.watchdog"))
        timer.schedule(deadline: .now(), repeating: interval, leeway: .milliseconds(Int(interval * 50)))
        timer.setEventHandler {
            // The probe may take up to half an interval, so a missed ping is noticed in time.
            if isServing(min(interval / 2, 5)) { notifier.send("WATCHDOG=1") }
        }
        timer.resume()
    }

    public func stop() {
        timer.cancel()
    }
}
