import Extraction
import Inventory

/// Facts cached in the inventory database, keyed by blob id, extractor scope and version, so identical
/// files across branches, repositories and runs are parsed once.
struct InventoryFactsCache: FactsCache {
    let database: AppDatabase

    func facts(for keys: [FactsKey]) -> [FactsKey: FileFacts] {
        var found: [FactsKey: FileFacts] = [:]
        let groups = Dictionary(grouping: keys) { "\($0.scope)\u{0}\($0.version)" }
        for group in groups.values {
            guard let first = group.first else { continue }
            let hits = (try? database.cachedFacts(blobIDs: group.map(\.blobID), kind: first.scope,
                                                  version: first.version)) ?? [:]
            for key in group { if let facts = hits[key.blobID] { found[key] = facts } }
        }
        return found
    }

    func store(_ facts: [FactsKey: FileFacts]) {
        let groups = Dictionary(grouping: facts) { "\($0.key.scope)\u{0}\($0.key.version)" }
        for group in groups.values {
            guard let first = group.first?.key else { continue }
            let byBlob = Dictionary(group.map { ($0.key.blobID, $0.value) }, uniquingKeysWith: { a, _ in a })
            try? database.storeFacts(byBlob, kind: first.scope, version: first.version)
        }
    }
}
