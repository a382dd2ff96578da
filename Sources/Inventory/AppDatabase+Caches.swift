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
                    if let facts = FactsJSON.decode(data) {
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
        try storeFacts(Dictionary(uniqueKeysWithValues: facts.map { blobID, value in
            (BlobFactsKey(blobID: blobID, scope: kind, version: version), value)
        }))
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

// MARK: Batched lookups for the crawler (one query per branch, whatever the number of files)

extension AppDatabase {
    /// How many keys go into one batched facts lookup (three bound values each).
    static let factsBatchSize = 300

    /// The sizes batched lookups are padded to, so each size's statement is prepared once per connection.
    static func paddedCount(_ count: Int, limit: Int) -> Int {
        for size in [8, 64] where count <= size && size < limit { return size }
        return limit
    }

    /// Cached facts for many (blob, scope, version) keys at once, in one read transaction and one query
    /// per `factsBatchSize` keys. Keys not cached (or cached in an unreadable form) are absent.
    public func cachedFacts(_ keys: [BlobFactsKey]) throws -> [BlobFactsKey: FileFacts] {
        let unique = Array(Set(keys))
        guard let filler = unique.first else { return [:] }
        return try read("reading cached facts of \(unique.count.counted("file"))") { db in
            var found: [BlobFactsKey: FileFacts] = [:]
            var start = unique.startIndex
            while start < unique.endIndex {
                let end = min(start + Self.factsBatchSize, unique.endIndex)
                let batch = unique[start..<end]
                let size = Self.paddedCount(batch.count, limit: Self.factsBatchSize)
                let values = Array(repeating: "(?, ?, ?)", count: size).joined(separator: ", ")
                // The CTE drives the loop; each key is one probe of blob_facts' primary key. Padding
                // repeats a key, and its repeated rows land on the same dictionary entry.
                let statement = try db.cachedStatement(sql: """
                    WITH wanted(blob_id, file_kind, extractor_version) AS (VALUES \(values))
                    SELECT f.blob_id, f.file_kind, f.extractor_version, f.facts
                    FROM wanted w CROSS JOIN blob_facts f
                      ON f.blob_id = w.blob_id AND f.file_kind = w.file_kind
                     AND f.extractor_version = w.extractor_version
                    """)
                var arguments = StatementArguments()
                for key in batch { arguments += [key.blobID, key.scope, key.version] }
                for _ in batch.count..<size { arguments += [filler.blobID, filler.scope, filler.version] }
                statement.arguments = arguments
                let rows = try Row.fetchCursor(statement)
                while let row = try rows.next() {
                    let data: Data = row["facts"]
                    // An entry that no longer decodes is a miss: the blob is simply extracted again.
                    if let facts = FactsJSON.decode(data) {
                        found[BlobFactsKey(blobID: row["blob_id"], scope: row["file_kind"],
                                           version: row["extractor_version"])] = facts
                    }
                }
                start = end
            }
            return found
        }
    }

    /// Caches facts under their keys (any mix of scopes and versions) in one transaction.
    public func storeFacts(_ facts: [BlobFactsKey: FileFacts]) throws {
        if facts.isEmpty { return }
        let encoded = Self.encoded(facts)
        try write("caching facts of \(facts.count.counted("file"))") { db in try Self.insertFacts(db, encoded) }
    }

    /// `storeFacts(_:)` queued on the writer, the caller not waiting: for a crawl's scan threads, to
    /// which a failed cache write only means extracting those files again. Any later write of this
    /// database (`storeFacts(_:)`, `waitForQueuedWrites()`) runs after it.
    public func storeFactsInBackground(_ facts: [BlobFactsKey: FileFacts]) {
        if facts.isEmpty { return }
        let encoded = Self.encoded(facts)
        writeInBackground { db in try Self.insertFacts(db, encoded) }
    }

    /// The facts' stored JSON. Most files name no image: their (equal) facts are encoded once.
    private static func encoded(_ facts: [BlobFactsKey: FileFacts]) -> [(BlobFactsKey, Data)] {
        let emptyEncoding = FactsJSON.encode(.empty)
        return facts.map { key, value in (key, value == .empty ? emptyEncoding : FactsJSON.encode(value)) }
    }

    private static func insertFacts(_ db: Database, _ encoded: [(BlobFactsKey, Data)]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO blob_facts (blob_id, file_kind, extractor_version, facts) VALUES (?, ?, ?, ?)
            """)
        for (key, data) in encoded {
            try statement.execute(arguments: [key.blobID, key.scope, key.version, data])
        }
    }

    /// Cached candidate lists of many trees for one walker version, by tree id, in one query per
    /// `lookupBatchSize` ids. Trees not cached are absent.
    public func cachedTreeCandidates(treeIDs: [String], version: Int) throws -> [String: Data] {
        let unique = Array(Set(treeIDs))
        guard let filler = unique.first else { return [:] }
        return try read("reading cached candidates of \(unique.count.counted("tree"))") { db in
            var found: [String: Data] = [:]
            var start = unique.startIndex
            while start < unique.endIndex {
                let end = min(start + Self.lookupBatchSize, unique.endIndex)
                let batch = unique[start..<end]
                let size = Self.paddedCount(batch.count, limit: Self.lookupBatchSize)
                let placeholders = Array(repeating: "?", count: size).joined(separator: ", ")
                let statement = try db.cachedStatement(sql: """
                    SELECT tree_id, entries FROM tree_candidates
                    WHERE walker_version = ? AND tree_id IN (\(placeholders))
                    """)
                var arguments: StatementArguments = [version]
                arguments += StatementArguments(Array(batch) + Array(repeating: filler, count: size - batch.count))
                statement.arguments = arguments
                let rows = try Row.fetchCursor(statement)
                while let row = try rows.next() { found[row["tree_id"]] = row["entries"] }
                start = end
            }
            return found
        }
    }

    /// Caches the candidate lists of many trees for one walker version, in one transaction.
    public func storeTreeCandidates(_ entries: [String: Data], version: Int) throws {
        if entries.isEmpty { return }
        try write("caching candidates of \(entries.count.counted("tree"))") { db in
            try Self.insertTreeCandidates(db, entries, version: version)
        }
    }

    /// `storeTreeCandidates(_:version:)` queued on the writer, the caller not waiting (see
    /// `storeFactsInBackground(_:)`).
    public func storeTreeCandidatesInBackground(_ entries: [String: Data], version: Int) {
        if entries.isEmpty { return }
        writeInBackground { db in try Self.insertTreeCandidates(db, entries, version: version) }
    }

    private static func insertTreeCandidates(_ db: Database, _ entries: [String: Data], version: Int) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO tree_candidates (tree_id, walker_version, entries) VALUES (?, ?, ?)
            """)
        for (treeID, data) in entries {
            try statement.execute(arguments: [treeID, version, data])
        }
    }

    /// The stored scans of any of `commits` in a repository made by `extractionVersion`, by commit id,
    /// in one query: the commits a crawl need not read again.
    public func storedCommitScans(repository repositoryID: Int64, commits: [String],
                                  extractionVersion: String = AppDatabase.extractionVersion)
        throws -> [String: StoredCommitScan] {
        let unique = Array(Set(try commits.map { try Self.checkedCommit($0, operation: "a commit lookup") }))
        if unique.isEmpty { return [:] }
        return try read("looking up \(unique.count.counted("commit")) of repository #\(repositoryID)") { db in
            var found: [String: StoredCommitScan] = [:]
            var start = unique.startIndex
            while start < unique.endIndex {
                let end = min(start + Self.lookupBatchSize, unique.endIndex)
                let batch = unique[start..<end]
                // A few statement sizes, each compiled once per connection, padded with a repeated id.
                let size = Self.paddedCount(batch.count, limit: Self.lookupBatchSize)
                let placeholders = Array(repeating: "?", count: size).joined(separator: ", ")
                let statement = try db.cachedStatement(sql: """
                    SELECT commit_id, id, reference_count FROM commit_scan
                    WHERE repository_id = ? AND extraction_version = ? AND commit_id IN (\(placeholders))
                    """)
                var arguments: StatementArguments = [repositoryID, extractionVersion]
                arguments += StatementArguments(Array(batch) + Array(repeating: batch[batch.startIndex], count: size - batch.count))
                statement.arguments = arguments
                let rows = try Row.fetchCursor(statement)
                while let row = try rows.next() {
                    found[row["commit_id"]] = StoredCommitScan(id: row["id"], referenceCount: row["reference_count"])
                }
                start = end
            }
            return found
        }
    }
}

extension AppDatabase {
    /// Whether any facts are cached at all: a crawler starting on an empty cache need not look up each file.
    public func hasCachedFacts() throws -> Bool {
        try read("checking the facts cache") { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM blob_facts)") ?? false
        }
    }

    /// Whether any tree candidate lists of a walker version are cached.
    public func hasCachedTreeCandidates(version: Int) throws -> Bool {
        try read("checking the tree cache") { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tree_candidates WHERE walker_version = ?)",
                              arguments: [version]) ?? false
        }
    }
}
