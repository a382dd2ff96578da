import Extraction
import Foundation
import GRDB

extension AppDatabase {
    /// How many ids go into one `IN (…)` list, well under SQLite's bound-variable limit.
    static let lookupBatchSize = 500

    /// Cached facts of the given blobs for one file kind and extractor version, by blob id.
    /// Blobs not cached (or cached in an unreadable form) are absent from the answer.
    public func cachedFacts(blobIDs: [String], kind: String, version: Int) throws -> [String: FileFacts] {
        let unique = Array(Set(blobIDs))
        let decoder = JSONDecoder()
        return try read("reading cached facts") { db in
            var found: [String: FileFacts] = [:]
            var start = unique.startIndex
            while start < unique.endIndex {
                let end = min(start + Self.lookupBatchSize, unique.endIndex)
                let batch = unique[start..<end]
                let placeholders = Array(repeating: "?", count: batch.count).joined(separator: ", ")
                var arguments: StatementArguments = [kind, version]
                arguments += StatementArguments(Array(batch))
                let rows = try Row.fetchAll(db, sql: """
                    SELECT blob_id, facts FROM blob_facts
                    WHERE file_kind = ? AND extractor_version = ? AND blob_id IN (\(placeholders))
                    """, arguments: arguments)
                for row in rows {
                    let data: Data = row["facts"]
                    // An entry that no longer decodes is a miss: the blob is simply extracted again.
                    if let facts = try? decoder.decode(FileFacts.self, from: data) {
                        found[row["blob_id"]] = facts
                    }
                }
                start = end
            }
            return found
        }
    }

    /// Caches facts by blob id for one file kind and extractor version, in one transaction.
    public func storeFacts(_ facts: [String: FileFacts], kind: String, version: Int) throws {
        if facts.isEmpty { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var encoded: [(String, Data)] = []
        encoded.reserveCapacity(facts.count)
        for (blobID, value) in facts {
            do {
                encoded.append((blobID, try encoder.encode(value)))
            } catch {
                throw InventoryError.invalidRecord(operation: "facts of blob \(blobID)", reason: "\(error)")
            }
        }
        try write("caching facts of \(facts.count) blobs") { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO blob_facts (blob_id, file_kind, extractor_version, facts) VALUES (?, ?, ?, ?)
                """)
            for (blobID, data) in encoded {
                try statement.execute(arguments: [blobID, kind, version, data])
            }
        }
    }

    /// The cached candidate list of a tree for a walker version (opaque JSON the crawler owns), if any.
    public func cachedTreeCandidates(treeID: String, version: Int) throws -> Data? {
        try read("reading cached tree \(treeID)") { db in
            try Data.fetchOne(db, sql: "SELECT entries FROM tree_candidates WHERE tree_id = ? AND walker_version = ?",
                              arguments: [treeID, version])
        }
    }

    /// Caches the candidate list of a tree for a walker version.
    public func storeTreeCandidates(treeID: String, version: Int, json: Data) throws {
        try write("caching tree \(treeID)") { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO tree_candidates (tree_id, walker_version, entries) VALUES (?, ?, ?)
                """, arguments: [treeID, version, json])
        }
    }
}
