import Foundation
import Inventory

/// Listings of trees already walked, so unchanged subtrees are not read from git again.
/// Implementations must be safe to call from several worker threads.
protocol TreeListingCache: Sendable {
    /// Cached listings of the given tree ids; missing ones are simply absent.
    func listings(for treeIDs: [String]) -> [String: TreeListing]
    /// Remembers freshly computed listings.
    func store(_ listings: [String: TreeListing])
    /// Writes out listings still held back; called when a crawl ends.
    func flush()
}

/// Tree listings cached in the inventory database (`tree_candidates`, per walker version), with
/// recently used ones kept decoded in memory and shared by every worker of a crawl, and new ones
/// written in batches of `writeBatchSize`, queued on the database's writer without the scan thread
/// waiting (and by `flush()` at the end of a crawl, which waits for them all). Database errors
/// count as misses: the tree is simply read from git again.
struct InventoryTreeCache: TreeListingCache {
    /// Default number of listings kept in memory.
    static let defaultMemoryCapacity = 100_000
    /// Listings written to the database in one transaction.
    static let writeBatchSize = 5_000

    let database: AppDatabase
    let memory: BoundedCache<String, TreeListing>
    private let pending: WriteBehindBuffer<String, Data>
    /// Whether the database held listings of this walker when the crawl began. When it did not (a
    /// first crawl), lookups skip it: what this crawl writes is also in memory, and a listing evicted
    /// from memory is simply read from git again.
    private let databaseHadEntries: Bool

    init(database: AppDatabase, memoryCapacity: Int = defaultMemoryCapacity, writeBatchSize: Int = writeBatchSize) {
        self.database = database
        memory = BoundedCache(capacity: memoryCapacity)
        pending = WriteBehindBuffer(batchSize: writeBatchSize)
        databaseHadEntries = (try? database.hasCachedTreeCandidates(version: TreeListing.walkerVersion)) ?? true
    }

    func listings(for treeIDs: [String]) -> [String: TreeListing] {
        var found: [String: TreeListing] = [:]
        var missing: [String] = []
        for id in treeIDs {
            if let listing = memory[id] { found[id] = listing } else { missing.append(id) }
        }
        if missing.isEmpty || !databaseHadEntries { return found }
        let stored = (try? database.cachedTreeCandidates(treeIDs: missing, version: TreeListing.walkerVersion)) ?? [:]
        for (id, json) in stored {
            guard let listing = TreeListing(json: json) else { continue }
            found[id] = listing
            memory.insert(listing, for: id)
        }
        return found
    }

    func store(_ listings: [String: TreeListing]) {
        if listings.isEmpty { return }
        for (id, listing) in listings { memory.insert(listing, for: id) }
        if let batch = pending.add(listings.mapValues { $0.json() }) { write(batch) }
    }

    /// Writes what waits, after the batches written in the background, and returns once all are written.
    func flush() {
        if let batch = pending.drain() {
            try? database.storeTreeCandidates(batch, version: TreeListing.walkerVersion)
        } else {
            database.waitForQueuedWrites()
        }
    }

    /// A full batch goes to the database's writer queue: the scan thread does not wait for it.
    private func write(_ batch: [String: Data]) {
        database.storeTreeCandidatesInBackground(batch, version: TreeListing.walkerVersion)
    }
}
