import GRDB

/// A write transaction a caller holds open around several store calls (`inOneTransaction`):
/// while it is open, every read and write this thread makes through the same store runs in it.
final class OpenTransaction: @unchecked Sendable {
    // @unchecked: only the thread that opened it uses it, inside GRDB's write closure.
    let database: Database
    let store: ObjectIdentifier

    init(database: Database, store: ObjectIdentifier) {
        self.database = database
        self.store = store
    }

    @TaskLocal static var current: OpenTransaction?
}

extension StatusStore {
    /// Runs `body` in one write transaction: every store call it makes joins it, so they commit
    /// together or not at all (an idempotent API write and the answer it records, say). Keep
    /// `body` short: other writers wait.
    public func inOneTransaction<T>(_ body: () throws -> T) throws -> T {
        if openTransaction != nil { return try body() }
        return try recordingWriteOutcome {
            try verifiedPool().write { db in
                try OpenTransaction.$current.withValue(OpenTransaction(database: db, store: ObjectIdentifier(self))) {
                    try body()
                }
            }
        }
    }

    /// The transaction `inOneTransaction` holds open on this thread for this store, if any.
    var openTransaction: Database? {
        guard let open = OpenTransaction.current, open.store == ObjectIdentifier(self) else { return nil }
        return open.database
    }
}
