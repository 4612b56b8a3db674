import Crypto
import Foundation
import Outbound
import StatusModel
import StatusStore

/// A mirror in an S3-compatible bucket (`serve --mirror s3://BUCKET/PREFIX`). Each page becomes
/// an object with its Content-Type and Cache-Control (HTML, feeds and JSON gzip-compressed with
/// `Content-Encoding: gzip` when the operator chose so). Changes go through a durable queue in
/// the database (`mirror_upload`): written first, sent next, retried with a growing delay until
/// the bucket confirms, so an outage of any length ends with the bucket in step.
final class MirrorBucket: MirrorTarget, @unchecked Sendable {
    // @unchecked: `pausedUntil` and `failuresInARow` are only touched while holding `drainLock`.
    let client: S3Client
    let store: StatusStore
    /// "" or "status/": prepended to every file name.
    let prefix: String
    let gzip: Bool
    /// Names bucket, prefix and endpoint in the bookkeeping tables.
    let target: String
    let log: @Sendable (String) -> Void
    /// A single object's retries: 1 s, 2 s, 4 s … at most 30 s apart, never given up.
    static let retry = RetryPolicy(firstDelay: 1, maximumDelay: 30, maximumAttempts: .max)
    private let drainLock = NSLock()
    private var pausedUntil = Date.distantPast
    private var failuresInARow = 0
    private let timer: DispatchSourceTimer

    init(client: S3Client, store: StatusStore, prefix: String, gzip: Bool, retryInterval: TimeInterval = 1,
         log: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.store = store
        self.prefix = prefix
        self.gzip = gzip
        self.log = log
        let configuration = client.configuration
        target = "s3:\(configuration.endpoint)/\(configuration.bucket)/\(prefix)"
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "driftstatus.mirror.bucket"))
        timer.schedule(deadline: .now() + retryInterval, repeating: retryInterval, leeway: .milliseconds(200))
        timer.setEventHandler { [weak self] in self?.drain() }
        timer.resume()
    }

    deinit { timer.cancel() }

    var description: String { "s3://\(client.configuration.bucket)/\(prefix)" }

    func apply(_ files: [StaticExporter.File], keeping names: Set<String>) throws -> StaticExporter.Summary {
        let objects = files.map(object)
        let state = try store.mirrorState(target: target)
        let operations = MirrorBucketPlan.operations(for: objects, keeping: Set(names.map { prefix + $0 }), state: state)
        try store.queueMirrorOperations(target: target, operations, at: Date())
        drain()
        var written = 0, removed = 0
        for operation in operations {
            switch operation {
            case .put: written += 1
            case .delete: removed += 1
            case .cancel: break
            }
        }
        return StaticExporter.Summary(written: written, unchanged: files.count - written, removed: removed)
    }

    /// The object a page becomes, with a fingerprint of everything the bucket stores for it.
    func object(_ file: StaticExporter.File) -> MirrorObjectContent {
        var body = file.bytes
        var encoding: String?
        if gzip, Self.isCompressible(file.contentType), let compressed = Gzip.compress(body) {
            body = compressed
            encoding = "gzip"
        }
        var hasher = SHA256()
        for part in [file.contentType, file.cacheControl ?? "", encoding ?? ""] { hasher.update(data: Array((part + "\n").utf8)) }
        hasher.update(data: body)
        let fingerprint = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return MirrorObjectContent(key: prefix + file.name, body: body, sha256: fingerprint, contentType: file.contentType,
                                   cacheControl: file.cacheControl, contentEncoding: encoding)
    }

    /// HTML, feeds and JSON: what the live site also sends gzip-compressed.
    static func isCompressible(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == "text/html" || type == "application/json" || type == "text/xml"
            || (type.hasPrefix("application/") && (type.hasSuffix("+xml") || type.hasSuffix("/xml")))
    }

    /// Sends what is due, one at a time. When the bucket cannot be reached the rest waits: one
    /// probe per pause (growing to 30 s) instead of a timeout per object.
    func drain() {
        drainLock.lock()
        defer { drainLock.unlock() }
        guard Date() >= pausedUntil else { return }
        while true {
            let due: [MirrorUpload]
            do {
                due = try store.dueMirrorUploads(target: target, at: Date(), limit: 100)
            } catch {
                log("mirror \(self): cannot read the upload queue: \(error)")
                return
            }
            guard !due.isEmpty else { return }
            for upload in due {
                do {
                    if let content = upload.content {
                        try client.put(key: upload.key, body: content.body, contentType: content.contentType,
                                       cacheControl: content.cacheControl, contentEncoding: content.contentEncoding)
                    } else {
                        try client.delete(key: upload.key)
                    }
                    try store.mirrorUploadSucceeded(target: target, upload, at: Date())
                    failuresInARow = 0
                } catch {
                    failed(upload, error)
                    if let outbound = error as? OutboundError, outbound.kind != .rejected { return }
                }
            }
        }
    }

    private func failed(_ upload: MirrorUpload, _ error: Error) {
        let now = Date()
        failuresInARow += 1
        let next = Self.retry.nextAttempt(afterFailedAttempts: upload.attempts + 1, at: now, jitter: .random(in: 0...1)) ?? now
        pausedUntil = Self.retry.nextAttempt(afterFailedAttempts: failuresInARow, at: now, jitter: 0.5) ?? now
        if failuresInARow == 1 || upload.attempts == 0 { log("mirror \(self): \(upload.key) not sent, will retry: \(error)") }
        do {
            try store.mirrorUploadFailed(target: target, key: upload.key, reason: "\(error)", nextAttempt: next)
        } catch {
            log("mirror \(self): cannot record a failed upload: \(error)")
        }
    }

    /// Operations still owed to the bucket.
    var queueLength: Int { (try? store.mirrorQueueLength(target: target)) ?? 0 }
}
