import Extraction
import Inventory

/// Facts cached in the inventory database, keyed by blob id, extractor scope and version, so identical
/// files across branches, repositories and runs are parsed once; recently used facts are also kept
/// decoded in memory, shared by every worker of a crawl.
///
/// A branch costs one batched database lookup for all of its candidate files that are not in memory;
/// freshly extracted facts are written in batches of `writeBatchSize`, queued on the database's writer
/// without the scan thread waiting (and by `flush()` at the end of a crawl, which waits for them all).
/// Database errors count as misses: the file is simply extracted again.
struct InventoryFactsCache: FactsCache {
    /// Default number of decoded facts kept in memory (a few hundred bytes each).
    static let defaultMemoryCapacity = 50_000
    /// Facts written to the database in one transaction.
    static let writeBatchSize = 2_000

    let database: AppDatabase
    let memory: BoundedCache<FactsKey, FileFacts>
    private let pending: WriteBehindBuffer<BlobFactsKey, FileFacts>
    /// Whether the database held any facts when the crawl began. When it did not (a first crawl),
    /// lookups skip it: what this crawl writes is also in memory, and an entry evicted from memory
    /// is simply extracted again.
    private let databaseHadEntries: Bool

    init(database: AppDatabase, memoryCapacity: Int = defaultMemoryCapacity, writeBatchSize: Int = writeBatchSize) {
        self.database = database
        memory = BoundedCache(capacity: memoryCapacity)
        pending = WriteBehindBuffer(batchSize: writeBatchSize)
        databaseHadEntries = (try? database.hasCachedFacts()) ?? true
    }

    func facts(for keys: [FactsKey]) -> [FactsKey: FileFacts] {
        var found: [FactsKey: FileFacts] = [:]
        var missing: [FactsKey] = []
        for key in keys {
            if let facts = memory[key] { found[key] = facts } else { missing.append(key) }
        }
        if missing.isEmpty || !databaseHadEntries { return found }
        let stored = (try? database.cachedFacts(missing.map(\.inventoryKey))) ?? [:]
        for (key, facts) in stored {
            let crawlerKey = FactsKey(blobID: key.blobID, scope: key.scope, version: key.version)
            found[crawlerKey] = facts
            memory.insert(facts, for: crawlerKey)
        }
        return found
    }

    func store(_ facts: [FactsKey: FileFacts]) {
        var byKey: [BlobFactsKey: FileFacts] = [:]
        for (key, value) in facts {
            memory.insert(value, for: key)
            byKey[key.inventoryKey] = value
        }
        if let batch = pending.add(byKey) { write(batch) }
    }

    /// Writes what waits, after the batches written in the background, and returns once all are written.
    func flush() {
        if let batch = pending.drain() { try? database.storeFacts(batch) } else { database.waitForQueuedWrites() }
    }

    /// A full batch goes to the database's writer queue: the scan thread does not wait for it.
    private func write(_ batch: [BlobFactsKey: FileFacts]) {
        database.storeFactsInBackground(batch)
    }
}
