import Foundation

/// Entries waiting to be written to the database in one batch, shared by a crawl's workers: cache
/// writes then cost one transaction per `batchSize` entries instead of one per branch.
final class WriteBehindBuffer<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let batchSize: Int
    private var pending: [Key: Value] = [:]

    init(batchSize: Int) {
        self.batchSize = max(1, batchSize)
    }

    /// Adds entries; returns a full batch for the caller to write once `batchSize` entries wait.
    func add(_ entries: [Key: Value]) -> [Key: Value]? {
        lock.withLock {
            pending.merge(entries) { _, new in new }
            guard pending.count >= batchSize else { return nil }
            defer { pending = [:] }
            return pending
        }
    }

    /// Takes every waiting entry (nil when none).
    func drain() -> [Key: Value]? {
        lock.withLock {
            guard !pending.isEmpty else { return nil }
            defer { pending = [:] }
            return pending
        }
    }
}
