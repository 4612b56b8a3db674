import Foundation

/// Keeps a static mirror directory up to date while the server runs (`serve --mirror DIR`):
/// re-exported shortly after every change and at least once a minute (time-driven changes such
/// as a maintenance window starting). Exports run one at a time on their own queue; a burst of
/// changes becomes one export.
public final class MirrorWriter: @unchecked Sendable {
    private let exporter: StaticExporter
    private let directory: URL
    private let queue = DispatchQueue(label: "driftstatus.mirror")
    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var pending = false
    private let log: @Sendable (String) -> Void

    public init(exporter: StaticExporter, directory: URL, refreshInterval: TimeInterval = 60,
                log: @escaping @Sendable (String) -> Void) {
        self.exporter = exporter
        self.directory = directory
        self.log = log
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + refreshInterval, repeating: refreshInterval)
        timer.setEventHandler { [weak self] in self?.exportNow() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Writes the mirror now and waits; what `serve` does once at start.
    public func exportNow() {
        lock.withLock { pending = false }
        do {
            let summary = try exporter.export(to: directory)
            if summary.written + summary.removed > 0 { log("mirror \(directory.path): \(summary)") }
        } catch {
            // The last good mirror stays in place; the next change or tick tries again.
            log("mirror \(directory.path) not updated: \(error)")
        }
    }

    /// Something changed: export soon, coalescing bursts.
    public func schedule() {
        let alreadyPending = lock.withLock { () -> Bool in
            defer { pending = true }
            return pending
        }
        guard !alreadyPending else { return }
        queue.asyncAfter(deadline: .now() + 0.2) { [weak self] in self?.exportNow() }
    }

    /// Blocks until exports already scheduled have run (for tests and shutdown).
    public func waitUntilIdle() {
        queue.sync {}
        Thread.sleep(forTimeInterval: 0.25)
        queue.sync {}
    }
}
