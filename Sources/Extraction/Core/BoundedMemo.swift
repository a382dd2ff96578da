import Foundation

/// Results of a pure function by key, shared by every thread that uses the memo, and bounded: two
/// generations of at most `generationSize` entries each (a hit in the old generation moves the entry
/// back to the young one; a full young generation replaces the old one), so an entry in use survives
/// and memory stays at most twice the generation.
///
/// What a crawl computes again and again from the same few thousand strings (image references parsed,
/// catalog tags' shapes, replacement suggestions) is worked out once through one of these.
public final class BoundedMemo<Key: Hashable, Value>: @unchecked Sendable {
    /// The most entries one generation holds.
    public let generationSize: Int

    private let lock = NSLock()
    private var young: [Key: Value] = [:]
    private var old: [Key: Value] = [:]

    /// An empty memo holding at most two generations of `generationSize` entries.
    public init(generationSize: Int) {
        self.generationSize = generationSize
    }

    /// The value for `key`, computed by `compute` (outside the lock) when not held.
    public func value(for key: Key, compute: () -> Value) -> Value {
        if let known = lookUp(key) { return known }
        let value = compute()
        lock.withLock { insertLocked(key, value) }
        return value
    }

    /// How many entries are held.
    public var count: Int { lock.withLock { young.count + old.count } }

    private func lookUp(_ key: Key) -> Value? {
        lock.withLock {
            if let value = young[key] { return value }
            guard let value = old.removeValue(forKey: key) else { return nil }
            insertLocked(key, value)
            return value
        }
    }

    private func insertLocked(_ key: Key, _ value: Value) {
        if young.count >= generationSize, young[key] == nil {
            old = young
            young = [:]
        }
        young[key] = value
    }
}
