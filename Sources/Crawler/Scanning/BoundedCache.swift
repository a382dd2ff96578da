import Foundation

/// A thread-safe in-memory cache holding at most `capacity` entries, shared by a crawl's workers.
///
/// Two generations approximate least-recently-used eviction at the cost of a dictionary lookup: new
/// entries go into the young generation; when it holds half the capacity it becomes the old one and
/// the previous old generation is dropped. A hit in the old generation moves the entry back to the
/// young one, so entries in use survive.
final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let generationSize: Int
    private var young: [Key: Value] = [:]
    private var old: [Key: Value] = [:]

    /// A cache of at most `capacity` entries (at least 2).
    init(capacity: Int) {
        generationSize = max(1, capacity / 2)
    }

    /// The cached value for `key`, if any.
    subscript(key: Key) -> Value? {
        lock.withLock {
            if let value = young[key] { return value }
            guard let value = old.removeValue(forKey: key) else { return nil }
            insertLocked(key, value)
            return value
        }
    }

    /// Remembers `value` under `key`.
    func insert(_ value: Value, for key: Key) {
        lock.withLock { insertLocked(key, value) }
    }

    /// How many entries are held (for tests and statistics).
    var count: Int {
        lock.withLock { young.count + old.count }
    }

    /// Empties the cache and frees what it held on a background thread: the entries a crawl leaves
    /// take milliseconds to free, which the end of the crawl need not wait for. `run` starts the
    /// freeing on another thread (tests pass one that waits for it); by default a thread as nice as
    /// can be, so that it takes no processor from the end of the crawl (writing the database back),
    /// and the process may well exit before it is done.
    func emptyInBackground(run: (@escaping @Sendable () -> Void) -> Void = runOnNicestThread) {
        let discarded = Discarded(
            lock.withLock {
                defer {
                    young = [:]
                    old = [:]
                }
                return (young, old)
            })
        // Only the box holds the entries now; emptying it on the background thread frees them
        // there, whichever thread lets go of the box last.
        run { discarded.entries = nil }
    }

    /// The entries an emptied cache let go of, until a background thread frees them.
    private final class Discarded: @unchecked Sendable {
        var entries: (young: [Key: Value], old: [Key: Value])?
        init(_ entries: (young: [Key: Value], old: [Key: Value])) { self.entries = entries }
    }

    private func insertLocked(_ key: Key, _ value: Value) {
        if young.count >= generationSize, young[key] == nil {
            old = young
            young = [:]
            young.reserveCapacity(generationSize)
        }
        young[key] = value
    }
}

/// Runs `job` on a new thread of the lowest priority.
private func runOnNicestThread(_ job: @escaping @Sendable () -> Void) {
    Thread {
        BlockingWorkerPool.setNiceness(19)
        job()
    }.start()
}
