import Extraction
import Inventory

/// Facts cached in the inventory database, keyed by blob id, extractor scope and version, so identical
/// files across branches, repositories and runs are parsed once; recently used facts are also kept
/// decoded in memory, shared by every worker of a crawl.
///
/// A branch costs one batched database lookup for all of its candidate files that are not in memory,
/// and one transaction for the facts it extracted. Database errors count as misses: the file is
/// simply extracted again.
struct InventoryFactsCache: FactsCache {
    /// Default number of decoded facts kept in memory (a few hundred bytes each).
    static let defaultMemoryCapacity = 50_000

    let database: AppDatabase
    let memory: BoundedCache<FactsKey, FileFacts>

    init(database: AppDatabase, memoryCapacity: Int = defaultMemoryCapacity) {
        self.database = database
        memory = BoundedCache(capacity: memoryCapacity)
    }

    func facts(for keys: [FactsKey]) -> [FactsKey: FileFacts] {
        var found: [FactsKey: FileFacts] = [:]
        var missing: [FactsKey] = []
        for key in keys {
            if let facts = memory[key] { found[key] = facts } else { missing.append(key) }
        }
        if missing.isEmpty { return found }
        let stored = (try? database.cachedFacts(missing.map(\.inventoryKey))) ?? [:]
        for (key, facts) in stored {
            let crawlerKey = FactsKey(blobID: key.blobID, scope: key.scope, version: key.version)
            found[crawlerKey] = facts
            memory.insert(facts, for: crawlerKey)
        }
        return found
    }

    func store(_ facts: [FactsKey: FileFacts]) {
        for (key, value) in facts { memory.insert(value, for: key) }
        var byKey: [BlobFactsKey: FileFacts] = [:]
        for (key, value) in facts { byKey[key.inventoryKey] = value }
        try? database.storeFacts(byKey)
    }
}
