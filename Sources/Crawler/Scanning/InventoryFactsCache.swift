import Extraction
import Inventory

/// Facts cached in the inventory database, keyed by blob id, extractor scope and version, so identical
/// files across branches, repositories and runs are parsed once; recently used facts are also kept
/// decoded in memory, shared by every worker of a crawl.
///
/// A branch costs one batched database lookup for all of its candidate files that are not in memory;
/// freshly extracted facts are written in batches of `writeBatchSize` (and by `flush()` at the end of
/// a crawl). Database errors count as misses: the file is simply extracted again.
struct InventoryFactsCache: FactsCache {
    /// Default number of decoded facts kept in memory (a few hundred bytes each).
    static let defaultMemoryCapacity = 50_000
    /// Facts written to the database in one transaction.
    static let writeBatchSize = 2_000

    let database: AppDatabase
    let memory: BoundedCache<FactsKey, FileFacts>
    private let pending: WriteBehindBuffer<BlobFactsKey, FileFacts>
    /// False while the database is known to hold no facts (a first crawl): lookups then skip it.
    private let databaseHasEntries: Flag

    init(database: AppDatabase, memoryCapacity: Int = defaultMemoryCapacity, writeBatchSize: Int = writeBatchSize) {
        self.database = database
        memory = BoundedCache(capacity: memoryCapacity)
        pending = WriteBehindBuffer(batchSize: writeBatchSize)
        databaseHasEntries = Flag((try? database.hasCachedFacts()) ?? true)
    }

    func facts(for keys: [FactsKey]) -> [FactsKey: FileFacts] {
        var found: [FactsKey: FileFacts] = [:]
        var missing: [FactsKey] = []
        for key in keys {
            if let facts = memory[key] { found[key] = facts } else { missing.append(key) }
        }
        if missing.isEmpty || !databaseHasEntries.value { return found }
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

    func flush() {
        if let batch = pending.drain() { write(batch) }
    }

    private func write(_ batch: [BlobFactsKey: FileFacts]) {
        databaseHasEntries.set()
        try? database.storeFacts(batch)
    }
}
