import Foundation
import StatusStore

/// Notices writes made by another process on the same database (`driftstatus demo`, a
/// restore, a second server) and refreshes the render cache in the background within about a
/// second. Writes made through this process are handled at once and ignored here.
final class ExternalWriteWatcher: @unchecked Sendable {
    private let timer: DispatchSourceTimer

    init(store: StatusStore, interval: TimeInterval = 1, onChange: @escaping @Sendable (_ version: Int64) -> Void) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "driftstatus.write-watcher"))
        var lastSeen = try? store.dataVersion()
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        timer.setEventHandler {
            // A failed read is not a change: the cache keeps serving the last good pages.
            guard let version = try? store.dataVersion(), version != lastSeen else { return }
            lastSeen = version
            onChange(version)
        }
        timer.resume()
    }

    deinit { timer.cancel() }
}

extension SiteApplication {
    /// Starts watching for other processes' writes; keep the returned watcher alive while serving.
    public func watchExternalWrites() -> AnyObject {
        ExternalWriteWatcher(store: store) { [weak self] version in
            self?.externalWrite(version: version)
        }
    }
}
