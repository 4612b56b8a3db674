import Foundation

/// Keeps a static mirror (a directory, `serve --mirror DIR`, or a bucket, `--mirror s3://…`)
/// up to date while the server runs: re-exported shortly after every change and at least once a
/// minute (time-driven changes such as a maintenance window starting). Each export renders only
/// the pages a change touched (see `MirrorChanges`). Exports run one at a time on their own
/// queue; a burst of changes becomes one export.
public final class MirrorWriter: @unchecked Sendable {
    // @unchecked: `changes` is only touched on `queue`; `pending` only under `lock`.
    private let exporter: StaticExporter
    private let target: MirrorTarget
    private let queue = DispatchQueue(label: "driftstatus.mirror")
    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var pending = false
    private var changes = MirrorChanges()
    private let log: @Sendable (String) -> Void

    /// A mirror in `directory`.
    public convenience init(exporter: StaticExporter, directory: URL, refreshInterval: TimeInterval = 60,
                            log: @escaping @Sendable (String) -> Void) {
        self.init(exporter: exporter, target: MirrorDirectory(directory: directory), refreshInterval: refreshInterval, log: log)
    }

    init(exporter: StaticExporter, target: MirrorTarget, refreshInterval: TimeInterval, log: @escaping @Sendable (String) -> Void) {
        self.exporter = exporter
        self.target = target
        self.log = log
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + refreshInterval, repeating: refreshInterval)
        timer.setEventHandler { [weak self] in self?.export() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Writes the mirror now and waits; what `serve` does once at start.
    public func exportNow() {
        queue.sync { export() }
    }

    /// Runs on `queue`.
    private func export() {
        lock.withLock { pending = false }
        let started = Date()
        do {
            let paths = try exporter.sitePaths()
            let inputs = try exporter.changeInputs()
            let chosen = changes.pagesToRender(paths, inputs: inputs, calendar: exporter.application.calendar)
            let summary = try target.apply(try exporter.render(chosen), keeping: Set(paths.map(\.file)))
            changes.exported(paths, inputs: inputs)
            if summary.written + summary.removed > 0 { log("mirror \(target): \(summary) (\(chosen.count) of \(paths.count) pages rendered in \(String(format: "%.2f", Date().timeIntervalSince(started))) s)") }
        } catch {
            // The last good mirror stays in place; tried again soon (a page that vanished
            // between listing and rendering is gone from the next list).
            log("mirror \(target) not updated: \(error)")
            queue.asyncAfter(deadline: .now() + 5) { [weak self] in self?.schedule() }
        }
    }

    /// Something changed: export soon, coalescing bursts.
    public func schedule() {
        let alreadyPending = lock.withLock { () -> Bool in
            defer { pending = true }
            return pending
        }
        guard !alreadyPending else { return }
        queue.asyncAfter(deadline: .now() + 0.2) { [weak self] in self?.export() }
    }

    /// Blocks until exports already scheduled have run (for tests and shutdown).
    public func waitUntilIdle() {
        queue.sync {}
        Thread.sleep(forTimeInterval: 0.25)
        queue.sync {}
    }
}
