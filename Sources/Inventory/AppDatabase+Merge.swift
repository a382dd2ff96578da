import Foundation
import GRDB

extension AppDatabase {
    /// Folds the latest run of each shard inventory at `paths` into one new run of this (central)
    /// inventory (`census merge`, docs/scale.md).
    ///
    /// Repositories are matched by name and branches by repository and name; commit scans by their key
    /// (repository, commit, extraction version) and file scans by their content key (path, digest), so
    /// what the central inventory already holds is shared, not copied; the caches (`blob_facts`,
    /// `tree_candidates`) by their primary keys; catalogs keep the most recently fetched facts. Every
    /// id is the central inventory's own. Findings are carried with their policy hash when
    /// `carryFindings` is set (all shards must share one hash, or none have an evaluation).
    ///
    /// A shard run already merged (by the inventory's identity and the shard's run id) is skipped, so
    /// merging the same shards twice changes nothing. Shards from another census version than
    /// `censusVersion`, judged by different policies, still running, or sharing a repository are
    /// refused before anything is written. Each shard is written in its own transaction: a merge that
    /// stops half-way leaves its run `running` (the next writer marks it `interrupted`) and merging
    /// again brings in the shards it had not reached.
    public func merge(shards paths: [String], censusVersion: String, carryFindings: Bool,
                      at date: Date) throws -> MergeSummary {
        let ownIdentity = try inventoryIdentity()
        var shards: [ShardRun] = []
        for path in paths {
            let shard = try Self.shardRun(at: path)
            guard shard.inventoryID != ownIdentity else {
                throw InventoryError.mergeRefused(reason: "\(path) is the central inventory \(self.path) itself")
            }
            // The same inventory given twice (a path and a copy of it) is merged once.
            if !shards.contains(where: { $0.inventoryID == shard.inventoryID }) { shards.append(shard) }
        }
        let earlier = try read("reading the merged shards") { db in
            try Dictionary(Row.fetchAll(db, sql: "SELECT inventory_id, shard_run_id, run_id FROM merged_shard").map { row in
                (ShardKey(inventoryID: row["inventory_id"], runID: row["shard_run_id"]), row["run_id"] as Int64)
            }, uniquingKeysWith: { first, _ in first })
        }
        let alreadyMerged = shards.compactMap { shard in
            earlier[shard.key].map { shard.merged(into: $0) }
        }
        let pending = shards.filter { earlier[$0.key] == nil }
        var summary = MergeSummary(runID: nil, status: nil, merged: [], alreadyMerged: alreadyMerged,
                                   missingShards: [], repositories: 0, repositoriesFailed: 0)
        guard !pending.isEmpty else { return summary }
        try Self.checkMergeable(pending, censusVersion: censusVersion, carryFindings: carryFindings)
        summary.missingShards = Self.missingShards(pending)
        let evaluation = carryFindings ? Self.mergedEvaluation(pending) : nil

        let runID = try write("starting the merged run") { db -> Int64 in
            try db.execute(sql: """
                INSERT INTO run (started_at, status, census_version) VALUES (?, 'running', ?)
                """, arguments: [pending.map(\.startedAt).min() ?? date, censusVersion])
            let runID = db.lastInsertedRowID
            if let evaluation {
                try db.execute(sql: """
                    INSERT INTO policy_evaluation (run_id, policy_hash, evaluated_at, stale_catalogs) VALUES (?, ?, ?, ?)
                    """, arguments: [runID, evaluation.policyHash, evaluation.evaluatedAt, evaluation.staleCatalogs])
            }
            return runID
        }
        summary.runID = runID
        for shard in pending {
            try mergeShard(shard, into: runID, carryFindings: evaluation != nil, at: date)
            summary.merged.append(shard.merged(into: runID))
        }
        let partial = pending.contains { $0.status != .ok } || !summary.missingShards.isEmpty
        let status: RunStatus = partial ? .partial : .ok
        let finishedAt = pending.compactMap(\.finishedAt).max() ?? date
        try write("finishing the merged run #\(runID)") { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM repository_scan WHERE run_id = ?",
                                         arguments: [runID]) ?? 0
            let failed = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM repository_scan WHERE run_id = ? AND status <> 'ok'
                """, arguments: [runID]) ?? 0
            try db.execute(sql: """
                UPDATE run SET finished_at = ?, status = ?, repositories_total = ?, repositories_failed = ? WHERE id = ?
                """, arguments: [max(finishedAt, pending.map(\.startedAt).min() ?? finishedAt), status.rawValue,
                                 total, failed, runID])
            summary.repositories = total
            summary.repositoriesFailed = failed
            if evaluation != nil {
                summary.findingsCarried = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finding WHERE run_id = ?",
                                                           arguments: [runID])
            }
        }
        summary.status = status
        summary.policyHash = evaluation?.policyHash
        return summary
    }

    /// This inventory's identity (`inventory_identity`), made once by the `v9-shards` migration.
    public func inventoryIdentity() throws -> String {
        try read("reading the inventory's identity") { db in
            try String.fetchOne(db, sql: "SELECT id FROM inventory_identity") ?? ""
        }
    }

    // MARK: Reading the shards

    /// The latest run of one shard inventory, read before anything is written.
    struct ShardRun {
        var path: String
        var inventoryID: String
        var runID: Int64
        var status: RunStatus
        var shard: String?
        var censusVersion: String?
        var startedAt: Date
        var finishedAt: Date?
        var policyHash: String?
        var evaluatedAt: Date?
        var staleCatalogs: [String]
        var repositories: Set<String>

        var key: ShardKey { ShardKey(inventoryID: inventoryID, runID: runID) }

        func merged(into runID: Int64) -> MergedShard {
            MergedShard(path: path, shardRunID: self.runID, shard: shard, status: status, runID: runID)
        }
    }

    struct ShardKey: Hashable {
        var inventoryID: String
        var runID: Int64
    }

    static func shardRun(at path: String) throws -> ShardRun {
        let shard = try openForReading(path: path)
        return try shard.read("reading shard \(path)") { db in
            guard let identity = try String.fetchOne(db, sql: "SELECT id FROM inventory_identity"),
                  let run = try Row.fetchOne(db, sql: """
                      SELECT id, status, shard, census_version, started_at, finished_at FROM run ORDER BY id DESC LIMIT 1
                      """) else {
                throw InventoryError.mergeRefused(reason: "\(path) holds no crawl; crawl the shard first")
            }
            let runID: Int64 = run["id"]
            let statusText: String = run["status"]
            guard let status = RunStatus(rawValue: statusText) else {
                throw InventoryError.mergeRefused(reason: "\(path): run #\(runID) has an unknown status \(statusText)")
            }
            let evaluation = try Row.fetchOne(db, sql: """
                SELECT policy_hash, evaluated_at, stale_catalogs FROM policy_evaluation WHERE run_id = ?
                """, arguments: [runID])
            let staleText: String = evaluation?["stale_catalogs"] ?? "[]"
            let stale = (try? JSONDecoder().decode([String].self, from: Data(staleText.utf8))) ?? []
            let repositories = try String.fetchAll(db, sql: """
                SELECT r.name FROM repository_scan s JOIN repository r ON r.id = s.repository_id WHERE s.run_id = ?
                """, arguments: [runID])
            return ShardRun(path: path, inventoryID: identity, runID: runID, status: status, shard: run["shard"],
                            censusVersion: run["census_version"], startedAt: run["started_at"],
                            finishedAt: run["finished_at"], policyHash: evaluation?["policy_hash"],
                            evaluatedAt: evaluation?["evaluated_at"], staleCatalogs: stale,
                            repositories: Set(repositories))
        }
    }

    /// Refuses shards that cannot make one run: a run still going, another census version, mixed
    /// policies, two crawls of one shard, shards of different splits, or a repository in two shards.
    static func checkMergeable(_ shards: [ShardRun], censusVersion: String, carryFindings: Bool) throws {
        for shard in shards where shard.status == .running {
            throw InventoryError.mergeRefused(reason: "the latest run #\(shard.runID) of \(shard.path) is still running "
                + "(or its census stopped without ending it): wait for the shard's crawl to end, or crawl it again")
        }
        for shard in shards where shard.censusVersion != censusVersion {
            throw InventoryError.mergeRefused(reason: "\(shard.path) was crawled by census "
                + "\(shard.censusVersion ?? "(unknown version)") and this is census \(censusVersion): crawl every "
                + "shard with the census version that merges them")
        }
        if carryFindings, let first = shards.first,
           let other = shards.first(where: { $0.policyHash != first.policyHash }) {
            func judged(_ shard: ShardRun) -> String {
                shard.policyHash.map { "was judged by policy \($0)" } ?? "has no policy evaluation"
            }
            throw InventoryError.mergeRefused(reason: "\(first.path) \(judged(first)) but \(other.path) \(judged(other)): "
                + "crawl every shard with the same policy.yml, or pass --policy to judge the merged run anew")
        }
        var byShard: [String: String] = [:]
        var counts: Set<Int> = []
        for shard in shards {
            guard let name = shard.shard else { continue }
            if let earlier = byShard[name] {
                throw InventoryError.mergeRefused(reason: "\(earlier) and \(shard.path) are both shard \(name): "
                    + "merge one crawl of each shard")
            }
            byShard[name] = shard.path
            if let count = name.split(separator: "/").last.flatMap({ Int($0) }) { counts.insert(count) }
        }
        if counts.count > 1 {
            throw InventoryError.mergeRefused(reason: "the shards split the fleet differently ("
                + byShard.keys.sorted().joined(separator: ", ") + "): merge the shards of one split")
        }
        var owner: [String: String] = [:]
        for shard in shards {
            for repository in shard.repositories.sorted() {
                if let earlier = owner[repository] {
                    throw InventoryError.mergeRefused(reason: "repository \(repository) is in both \(earlier) and "
                        + "\(shard.path): merge shards of one split, each repository in one of them")
                }
                owner[repository] = shard.path
            }
        }
    }

    /// The shards (`I/N`) of the split that no given inventory crawled.
    static func missingShards(_ shards: [ShardRun]) -> [String] {
        let names = Set(shards.compactMap(\.shard))
        guard let count = names.first?.split(separator: "/").last.flatMap({ Int($0) }) else { return [] }
        return (0..<count).map { "\($0)/\(count)" }.filter { !names.contains($0) }
    }

    /// The evaluation the merged run carries: the shards' one policy hash, judged as of the earliest
    /// shard's evaluation, with every catalog any shard judged stale.
    static func mergedEvaluation(_ shards: [ShardRun]) -> (policyHash: String, evaluatedAt: Date, staleCatalogs: String)? {
        guard let hash = shards.first?.policyHash else { return nil }
        let evaluatedAt = shards.compactMap(\.evaluatedAt).min() ?? Date()
        let stale = Set(shards.flatMap(\.staleCatalogs)).sorted()
        let json = (try? JSONEncoder().encode(stale)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return (hash, evaluatedAt, json)
    }

    // MARK: Writing one shard

    /// Copies one shard run into `runID`, in one transaction with the shard attached as `shard`.
    func mergeShard(_ shard: ShardRun, into runID: Int64, carryFindings: Bool, at date: Date) throws {
        let operation = "merging \(shard.path)"
        do {
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [shard.path])
                defer { try? db.execute(sql: "DETACH DATABASE shard") }
                try db.inTransaction(.immediate) {
                    try Self.copyShard(db, shardRunID: shard.runID, into: runID, carryFindings: carryFindings)
                    try db.execute(sql: """
                        INSERT INTO main.merged_shard (inventory_id, shard_run_id, run_id, shard, shard_status, merged_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [shard.inventoryID, shard.runID, runID, shard.shard, shard.status.rawValue, date])
                    return .commit
                }
                try Self.dropMergeMaps(db)
            }
        } catch let error as DatabaseError {
            throw InventoryError.storage(path: path, operation: operation, reason: Self.describe(error, at: path))
        }
    }

    private static func dropMergeMaps(_ db: Database) throws {
        for table in ["merge_repository", "merge_branch", "merge_commit_scan", "merge_base", "merge_file_scan",
                      "merge_file_pair", "merge_reference", "merge_catalog"] {
            try db.execute(sql: "DROP TABLE IF EXISTS temp.\(table)")
        }
    }

    /// The statements of one shard's merge; `shard` is attached, ids are mapped through temp tables.
    private static func copyShard(_ db: Database, shardRunID: Int64, into runID: Int64, carryFindings: Bool) throws {
        try dropMergeMaps(db)
        let arguments: StatementArguments = ["shardRun": shardRunID, "run": runID]
        // Repositories by name; their url, team and contact as the shard crawl read them.
        try db.execute(sql: """
            INSERT INTO main.repository (name, url, team, contact)
            SELECT r.name, r.url, r.team, r.contact
            FROM shard.repository r JOIN shard.repository_scan s ON s.repository_id = r.id
            WHERE s.run_id = :shardRun
            ON CONFLICT (name) DO UPDATE SET url = excluded.url, team = excluded.team, contact = excluded.contact;

            CREATE TEMP TABLE merge_repository (shard_id INTEGER PRIMARY KEY, central_id INTEGER NOT NULL);
            INSERT INTO temp.merge_repository
            SELECT r.id, c.id
            FROM shard.repository r
            JOIN shard.repository_scan s ON s.repository_id = r.id
            JOIN main.repository c ON c.name = r.name
            WHERE s.run_id = :shardRun;

            INSERT INTO main.repository_scan (run_id, repository_id, status, error, duration_ms, note)
            SELECT :run, m.central_id, s.status, s.error, s.duration_ms, s.note
            FROM shard.repository_scan s JOIN temp.merge_repository m ON m.shard_id = s.repository_id
            WHERE s.run_id = :shardRun;

            INSERT INTO main.branch (repository_id, name, first_seen_run_id, last_seen_run_id)
            SELECT m.central_id, b.name, :run, :run
            FROM shard.branch_scan s
            JOIN shard.branch b ON b.id = s.branch_id
            JOIN temp.merge_repository m ON m.shard_id = b.repository_id
            WHERE s.run_id = :shardRun
            ON CONFLICT (repository_id, name) DO UPDATE SET last_seen_run_id = excluded.last_seen_run_id;

            CREATE TEMP TABLE merge_branch (shard_id INTEGER PRIMARY KEY, central_id INTEGER NOT NULL);
            INSERT INTO temp.merge_branch
            SELECT b.id, c.id
            FROM shard.branch_scan s
            JOIN shard.branch b ON b.id = s.branch_id
            JOIN temp.merge_repository m ON m.shard_id = b.repository_id
            JOIN main.branch c ON c.repository_id = m.central_id AND c.name = b.name
            WHERE s.run_id = :shardRun;
            """, arguments: arguments)

        // Commit scans by (repository, commit, extraction version): only new ones bring their files.
        try db.execute(sql: """
            CREATE TEMP TABLE merge_commit_scan (shard_id INTEGER PRIMARY KEY, central_id INTEGER, is_new BOOLEAN NOT NULL);
            INSERT INTO temp.merge_commit_scan
            SELECT c.id, existing.id, existing.id IS NULL
            FROM shard.commit_scan c
            JOIN temp.merge_repository m ON m.shard_id = c.repository_id
            LEFT JOIN main.commit_scan existing
              ON existing.repository_id = m.central_id AND existing.commit_id = c.commit_id
             AND existing.extraction_version = c.extraction_version
            WHERE c.id IN (SELECT commit_scan_id FROM shard.branch_scan WHERE run_id = :shardRun);

            INSERT INTO main.commit_scan (repository_id, commit_id, extraction_version, scanned_at, reference_count,
                                          warning_count)
            SELECT m.central_id, c.commit_id, c.extraction_version, c.scanned_at, c.reference_count, c.warning_count
            FROM shard.commit_scan c
            JOIN temp.merge_commit_scan n ON n.shard_id = c.id AND n.is_new
            JOIN temp.merge_repository m ON m.shard_id = c.repository_id
            ORDER BY c.id;

            UPDATE temp.merge_commit_scan SET central_id = (
              SELECT existing.id
              FROM shard.commit_scan c
              JOIN temp.merge_repository m ON m.shard_id = c.repository_id
              JOIN main.commit_scan existing
                ON existing.repository_id = m.central_id AND existing.commit_id = c.commit_id
               AND existing.extraction_version = c.extraction_version
              WHERE c.id = temp.merge_commit_scan.shard_id)
            WHERE is_new;

            -- A new commit scan stored as a difference keeps its base when the base is among the merged
            -- commit scans and its central commit scan is stored whole (as a shard's bases are).
            CREATE TEMP TABLE merge_base (shard_id INTEGER PRIMARY KEY, central_base INTEGER NOT NULL);
            INSERT INTO temp.merge_base
            SELECT n.shard_id, nb.central_id
            FROM temp.merge_commit_scan n
            JOIN shard.commit_scan c ON c.id = n.shard_id
            JOIN temp.merge_commit_scan nb ON nb.shard_id = c.base_commit_scan_id
            JOIN main.commit_scan cb ON cb.id = nb.central_id AND cb.base_commit_scan_id IS NULL
            WHERE n.is_new;
            UPDATE main.commit_scan SET base_commit_scan_id = (
              SELECT b.central_base FROM temp.merge_base b JOIN temp.merge_commit_scan n ON n.shard_id = b.shard_id
              WHERE n.central_id = main.commit_scan.id)
            WHERE id IN (SELECT n.central_id FROM temp.merge_commit_scan n
                         JOIN temp.merge_base b ON b.shard_id = n.shard_id);
            """, arguments: arguments)

        // File scans by (path, digest). A digest `v3:<commit scan id>` (results moved over by
        // v4-file-scans) names the shard's own id, so it takes the central id of its commit scan. A new
        // commit scan keeping its base brings its own entries, any other new one an entry per file.
        try db.execute(sql: """
            CREATE TEMP TABLE merge_file_scan (shard_id INTEGER PRIMARY KEY, path TEXT NOT NULL, digest TEXT NOT NULL,
                                               central_id INTEGER, is_new BOOLEAN NOT NULL DEFAULT 0);
            INSERT OR IGNORE INTO temp.merge_file_scan (shard_id, path, digest)
            SELECT f.id, f.path,
                   CASE WHEN f.digest GLOB 'v3:*' THEN 'v3:' || n.central_id ELSE f.digest END
            FROM shard.commit_file cf
            JOIN temp.merge_commit_scan n ON n.shard_id = cf.commit_scan_id AND n.is_new
            JOIN shard.file_scan f ON f.id = cf.file_scan_id;

            UPDATE temp.merge_file_scan SET central_id = (
              SELECT id FROM main.file_scan WHERE path = temp.merge_file_scan.path AND digest = temp.merge_file_scan.digest);
            UPDATE temp.merge_file_scan SET is_new = 1 WHERE central_id IS NULL;

            INSERT INTO main.file_scan (path, digest, reference_count, warning_count)
            SELECT m.path, m.digest, f.reference_count, f.warning_count
            FROM temp.merge_file_scan m JOIN shard.file_scan f ON f.id = m.shard_id
            WHERE m.is_new
            ORDER BY f.id;

            UPDATE temp.merge_file_scan SET central_id = (
              SELECT id FROM main.file_scan WHERE path = temp.merge_file_scan.path AND digest = temp.merge_file_scan.digest)
            WHERE is_new;

            INSERT INTO main.file_reference (file_scan_id, line, kind, context, raw, image, resolved, valid, normalized,
                                             registry, repository, tag, digest, reason)
            SELECT m.central_id, r.line, r.kind, r.context, r.raw, r.image, r.resolved, r.valid, r.normalized,
                   r.registry, r.repository, r.tag, r.digest, r.reason
            FROM shard.file_reference r JOIN temp.merge_file_scan m ON m.shard_id = r.file_scan_id AND m.is_new
            ORDER BY r.id;

            INSERT INTO main.file_warning (file_scan_id, line, message)
            SELECT m.central_id, w.line, w.message
            FROM shard.file_warning w JOIN temp.merge_file_scan m ON m.shard_id = w.file_scan_id AND m.is_new
            ORDER BY w.id;

            INSERT INTO main.commit_file_entry (commit_scan_id, path, file_scan_id)
            SELECT n.central_id, e.path, m.central_id
            FROM shard.commit_file_entry e
            JOIN temp.merge_base b ON b.shard_id = e.commit_scan_id
            JOIN temp.merge_commit_scan n ON n.shard_id = e.commit_scan_id
            LEFT JOIN temp.merge_file_scan m ON m.shard_id = e.file_scan_id;

            INSERT INTO main.commit_file_entry (commit_scan_id, path, file_scan_id)
            SELECT n.central_id, m.path, m.central_id
            FROM shard.commit_file cf
            JOIN temp.merge_commit_scan n ON n.shard_id = cf.commit_scan_id AND n.is_new
            JOIN temp.merge_file_scan m ON m.shard_id = cf.file_scan_id
            WHERE cf.commit_scan_id NOT IN (SELECT shard_id FROM temp.merge_base);

            INSERT INTO main.commit_codeowners (commit_scan_id, path, content)
            SELECT n.central_id, o.path, o.content
            FROM shard.commit_codeowners o JOIN temp.merge_commit_scan n ON n.shard_id = o.commit_scan_id AND n.is_new;

            INSERT INTO main.branch_scan (run_id, branch_id, commit_id, commit_scan_id, status, error, scanned_at)
            SELECT :run, b.central_id, s.commit_id, n.central_id, s.status, s.error, s.scanned_at
            FROM shard.branch_scan s
            JOIN temp.merge_branch b ON b.shard_id = s.branch_id
            LEFT JOIN temp.merge_commit_scan n ON n.shard_id = s.commit_scan_id
            WHERE s.run_id = :shardRun
            ORDER BY s.id;
            """, arguments: arguments)

        if carryFindings { try carryFindingsOfShard(db, arguments: arguments) }

        // Caches by their content keys; catalogs keep whichever facts were fetched last.
        try db.execute(sql: """
            INSERT OR IGNORE INTO main.blob_facts (blob_id, file_kind, extractor_version, facts)
            SELECT blob_id, file_kind, extractor_version, facts FROM shard.blob_facts;
            INSERT OR IGNORE INTO main.tree_candidates (tree_id, walker_version, entries)
            SELECT tree_id, walker_version, entries FROM shard.tree_candidates;

            CREATE TEMP TABLE merge_catalog (repository TEXT PRIMARY KEY);
            INSERT INTO temp.merge_catalog
            SELECT c.repository FROM shard.catalog c LEFT JOIN main.catalog m ON m.repository = c.repository
            WHERE m.repository IS NULL OR c.fetched_at > m.fetched_at;
            DELETE FROM main.catalog_tag WHERE repository IN (SELECT repository FROM temp.merge_catalog);
            INSERT INTO main.catalog (repository, origin, source, fetched_at, warnings, synced_commit, walk_state,
                                      warnings_since)
            SELECT repository, origin, source, fetched_at, warnings, synced_commit, walk_state, warnings_since
            FROM shard.catalog
            WHERE repository IN (SELECT repository FROM temp.merge_catalog)
            ON CONFLICT (repository) DO UPDATE SET origin = excluded.origin, source = excluded.source,
              fetched_at = excluded.fetched_at, warnings = excluded.warnings, synced_commit = excluded.synced_commit,
              walk_state = excluded.walk_state, warnings_since = excluded.warnings_since;
            INSERT INTO main.catalog_tag (repository, tag, first_seen, removed_at, created, digest, os, os_version,
                                          architecture, dockerfile, end_of_life, end_of_life_referrer,
                                          end_of_life_annotation, lifecycle_lookup, lifecycle_checked_at)
            SELECT repository, tag, first_seen, removed_at, created, digest, os, os_version, architecture, dockerfile,
                   end_of_life, end_of_life_referrer, end_of_life_annotation, lifecycle_lookup, lifecycle_checked_at
            FROM shard.catalog_tag WHERE repository IN (SELECT repository FROM temp.merge_catalog);
            INSERT INTO main.catalog_sync (repository, run_id, attempted_at, status, error, tag_count, kind, walked_commits)
            SELECT repository, :run, attempted_at, status, error, tag_count, kind, walked_commits FROM shard.catalog_sync
            WHERE run_id = :shardRun ORDER BY id;
            """, arguments: arguments)
    }

    /// Carries the shard run's findings: each finding's reference is found in the central inventory
    /// through its file scan — by content key (path, digest), or, for a `v3:` digest, through its
    /// commit scan and path (a commit has one result per path) — and its place among that file's
    /// references, which a file scan's digest fixes. By content key, the findings of a repository the
    /// shard could not reach this time (its last good references, judged again) are carried too, as a
    /// crawl of the whole fleet would judge them. A finding the central inventory's previous evaluated
    /// run already had extends that run's span (`finding_span`) instead of being stored again.
    private static func carryFindingsOfShard(_ db: Database, arguments: StatementArguments) throws {
        try db.execute(sql: """
            CREATE TEMP TABLE merge_file_pair (shard_id INTEGER PRIMARY KEY, central_id INTEGER NOT NULL);
            INSERT OR IGNORE INTO temp.merge_file_pair
            SELECT f.id, c.id
            FROM shard.file_scan f
            JOIN main.file_scan c ON c.path = f.path AND c.digest = f.digest
            WHERE f.digest NOT GLOB 'v3:*'
              AND f.id IN (SELECT r.file_scan_id FROM shard.finding d JOIN shard.file_reference r ON r.id = d.reference_id
                           WHERE d.run_id = :shardRun);
            INSERT OR IGNORE INTO temp.merge_file_pair
            SELECT cf.file_scan_id, ccf.file_scan_id
            FROM shard.commit_file cf
            JOIN shard.file_scan f ON f.id = cf.file_scan_id AND f.digest GLOB 'v3:*'
            JOIN temp.merge_commit_scan n ON n.shard_id = cf.commit_scan_id
            JOIN main.commit_file ccf ON ccf.commit_scan_id = n.central_id
            JOIN main.file_scan c ON c.id = ccf.file_scan_id AND c.path = f.path;
            """, arguments: arguments)
        let mismatched = try String.fetchOne(db, sql: """
            SELECT f.path FROM temp.merge_file_pair p
            JOIN shard.file_scan f ON f.id = p.shard_id JOIN main.file_scan c ON c.id = p.central_id
            WHERE f.reference_count <> c.reference_count LIMIT 1
            """)
        if let mismatched {
            throw InventoryError.mergeRefused(reason: "the shard's references of \(mismatched) differ from the central "
                + "inventory's for the same commit and extraction version; pass --policy to judge the merged run anew")
        }
        try db.execute(sql: """
            CREATE TEMP TABLE merge_reference (shard_id INTEGER PRIMARY KEY, central_id INTEGER NOT NULL);
            WITH shard_rank AS (
              SELECT r.id, p.central_id AS file_scan_id,
                     ROW_NUMBER() OVER (PARTITION BY r.file_scan_id ORDER BY r.id) AS position
              FROM shard.file_reference r JOIN temp.merge_file_pair p ON p.shard_id = r.file_scan_id
            ),
            central_rank AS (
              SELECT r.id, r.file_scan_id, ROW_NUMBER() OVER (PARTITION BY r.file_scan_id ORDER BY r.id) AS position
              FROM main.file_reference r WHERE r.file_scan_id IN (SELECT central_id FROM temp.merge_file_pair)
            )
            INSERT OR IGNORE INTO temp.merge_reference
            SELECT s.id, c.id FROM shard_rank s
            JOIN central_rank c ON c.file_scan_id = s.file_scan_id AND c.position = s.position;

            UPDATE main.finding_span SET last_run_id = :run
            WHERE last_run_id = (SELECT MAX(run_id) FROM main.policy_evaluation WHERE run_id < :run)
              AND EXISTS (SELECT 1 FROM shard.finding f JOIN temp.merge_reference m ON m.shard_id = f.reference_id
                          WHERE f.run_id = :shardRun AND m.central_id = main.finding_span.reference_id
                            AND f.rule = main.finding_span.rule AND f.severity = main.finding_span.severity
                            AND f.message = main.finding_span.message
                            AND f.suggestion IS main.finding_span.suggestion
                            AND f.explanation = main.finding_span.explanation
                            AND f.policy_hash = main.finding_span.policy_hash);

            INSERT INTO main.finding_span (reference_id, rule, severity, message, suggestion, explanation, policy_hash,
                                           first_run_id, last_run_id)
            SELECT reference_id, rule, severity, message, suggestion, explanation, policy_hash, :run, :run
            FROM (
              SELECT m.central_id AS reference_id, f.rule, f.severity, f.message, f.suggestion, f.explanation,
                     f.policy_hash, MIN(f.id) AS shard_order
              FROM shard.finding f JOIN temp.merge_reference m ON m.shard_id = f.reference_id
              WHERE f.run_id = :shardRun
                AND NOT EXISTS (SELECT 1 FROM main.finding_span s
                                WHERE s.reference_id = m.central_id AND s.rule = f.rule
                                  AND :run BETWEEN s.first_run_id AND s.last_run_id)
              GROUP BY m.central_id, f.rule
            )
            ORDER BY shard_order;
            """, arguments: arguments)
    }
}
