import Foundation
import GRDB

extension AppDatabase {
    /// Replaces the stored catalog of `catalog.repository` with a freshly fetched one and records the
    /// successful refresh (in `runID`, when the refresh is part of a crawl).
    /// `kind` says what the refresh did and `walkedCommits` how many manifest commits it read.
    public func storeCatalog(_ catalog: CatalogRecord, runID: Int64? = nil, at date: Date,
                             kind: CatalogSyncKind = .fetched, walkedCommits: Int? = nil) throws {
        try write("storing the catalog of \(catalog.repository)") { db in
            let warnings = String(decoding: try JSONEncoder().encode(catalog.warnings), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO catalog (repository, origin, source, fetched_at, warnings, synced_commit, walk_state,
                                     warnings_since)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(repository) DO UPDATE SET origin = excluded.origin, source = excluded.source,
                  fetched_at = excluded.fetched_at, warnings = excluded.warnings,
                  synced_commit = excluded.synced_commit, walk_state = excluded.walk_state,
                  warnings_since = excluded.warnings_since
                """, arguments: [catalog.repository, catalog.origin, catalog.source, catalog.fetchedAt, warnings,
                                 catalog.syncedCommit, catalog.walkState, catalog.warningsSince])
            try db.execute(sql: "DELETE FROM catalog_tag WHERE repository = ?", arguments: [catalog.repository])
            let insert = try db.makeStatement(sql: """
                INSERT INTO catalog_tag (repository, tag, first_seen, removed_at, created, digest, os, os_version,
                                         architecture, dockerfile, end_of_life, end_of_life_referrer,
                                         end_of_life_annotation, lifecycle_lookup, lifecycle_checked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for tag in catalog.tags {
                try insert.execute(arguments: [catalog.repository, tag.tag, tag.firstSeen, tag.removedAt, tag.created,
                                               tag.digest, tag.os, tag.osVersion, tag.architecture, tag.dockerfile,
                                               tag.endOfLife, tag.endOfLifeReferrer, tag.endOfLifeAnnotation,
                                               tag.lifecycleLookup, tag.lifecycleCheckedAt])
            }
            try db.execute(sql: """
                INSERT INTO catalog_sync (repository, run_id, attempted_at, status, error, tag_count, kind, walked_commits)
                VALUES (?, ?, ?, 'ok', NULL, ?, ?, ?)
                """, arguments: [catalog.repository, runID, date, catalog.tags.count, kind.rawValue, walkedCommits])
        }
    }

    /// Records a refresh that found nothing to read again (`kind` `tip-unchanged` or `not-due`); a
    /// confirmed manifest tip also moves `fetched_at` to `date`, since its facts were just checked.
    public func recordCatalogUnchanged(repository: String, runID: Int64? = nil, at date: Date, kind: CatalogSyncKind) throws {
        try write("recording the unchanged catalog of \(repository)") { db in
            if kind == .tipUnchanged {
                try db.execute(sql: "UPDATE catalog SET fetched_at = ? WHERE repository = ?", arguments: [date, repository])
            }
            try db.execute(sql: """
                INSERT INTO catalog_sync (repository, run_id, attempted_at, status, error, tag_count, kind, walked_commits)
                VALUES (?, ?, ?, 'ok', NULL, (SELECT COUNT(*) FROM catalog_tag WHERE repository = ?), ?, ?)
                """, arguments: [repository, runID, date, repository, kind.rawValue, kind == .tipUnchanged ? 0 : nil])
        }
    }

    /// Every refresh attempt of the catalog of `repository`, oldest first.
    public func catalogSyncAttempts(repository: String) throws -> [CatalogSyncAttempt] {
        try read("reading the refreshes of the catalog of \(repository)") { db in
            try Row.fetchAll(db, sql: """
                SELECT attempted_at, status, kind, walked_commits, run_id FROM catalog_sync WHERE repository = ? ORDER BY id
                """, arguments: [repository]).map { row in
                CatalogSyncAttempt(attemptedAt: row["attempted_at"], status: row["status"],
                                   kind: (row["kind"] as String?).flatMap(CatalogSyncKind.init(rawValue:)),
                                   walkedCommits: row["walked_commits"], runID: row["run_id"])
            }
        }
    }

    /// Records that refreshing the catalog of `repository` failed; its last good facts stay stored.
    public func recordCatalogSyncFailure(repository: String, runID: Int64? = nil, at date: Date, error: String) throws {
        try write("recording the failed refresh of the catalog of \(repository)") { db in
            try db.execute(sql: """
                INSERT INTO catalog_sync (repository, run_id, attempted_at, status, error, tag_count)
                VALUES (?, ?, ?, 'failed', ?, NULL)
                """, arguments: [repository, runID, date, error])
        }
    }

    /// The stored catalog of `repository`, or `nil` when it was never fetched successfully.
    public func catalog(repository: String) throws -> CatalogRecord? {
        try read("reading the catalog of \(repository)") { db in
            try Self.fetchCatalogs(db, repository: repository).first
        }
    }

    /// Every stored catalog, by repository name.
    public func catalogs() throws -> [CatalogRecord] {
        try read("reading catalogs") { db in try Self.fetchCatalogs(db, repository: nil) }
    }

    /// Stores the findings of evaluating the policy (`policyHash`) over run `runID`'s references, in one
    /// transaction; a run evaluated again replaces its earlier findings.
    ///
    /// A finding the previous evaluated run already had (same reference, rule, severity, texts and
    /// policy hash) is not stored again: its span (`finding_span`) is extended to this run. Only new or
    /// changed findings add rows, so an unchanged re-crawl adds none. `outcome` (what the evaluation
    /// depended on, until when it holds, its counts and why it was judged) is stored with it, so a later
    /// crawl can reuse it (`reuseEvaluation`).
    public func recordFindings(runID: Int64, policyHash: String, evaluatedAt: Date, staleCatalogs: [String] = [],
                               findings: [FindingRecord], outcome: EvaluationOutcome? = nil) throws {
        try write("storing the findings of run #\(runID)") { db in
            let stale = String(decoding: try JSONEncoder().encode(staleCatalogs), as: UTF8.self)
            let previous = try Int64.fetchOne(db, sql: "SELECT MAX(run_id) FROM policy_evaluation WHERE run_id < ?",
                                              arguments: [runID])
            try Self.removeEvaluation(runID: runID, previous: previous, db)
            try Self.insertEvaluation(runID: runID, policyHash: policyHash, evaluatedAt: evaluatedAt, stale: stale,
                                      outcome: outcome, db)
            try db.execute(sql: """
                CREATE TEMP TABLE evaluated_finding (
                  reference_id INTEGER NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL,
                  suggestion TEXT, explanation TEXT NOT NULL, PRIMARY KEY (reference_id, rule))
                """)
            defer { try? db.execute(sql: "DROP TABLE temp.evaluated_finding") }
            let insert = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO temp.evaluated_finding (reference_id, rule, severity, message, suggestion,
                                                               explanation)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            for finding in findings {
                try insert.execute(arguments: [finding.referenceID, finding.rule, finding.severity, finding.message,
                                               finding.suggestion, finding.explanation])
            }
            if let previous {
                try db.execute(sql: """
                    UPDATE finding_span SET last_run_id = :run
                    WHERE last_run_id = :previous AND policy_hash = :hash
                      AND EXISTS (SELECT 1 FROM temp.evaluated_finding n
                                  WHERE n.reference_id = finding_span.reference_id AND n.rule = finding_span.rule
                                    AND n.severity = finding_span.severity AND n.message = finding_span.message
                                    AND n.suggestion IS finding_span.suggestion
                                    AND n.explanation = finding_span.explanation)
                    """, arguments: ["run": runID, "previous": previous, "hash": policyHash])
            }
            try db.execute(sql: """
                INSERT INTO finding_span (reference_id, rule, severity, message, suggestion, explanation, policy_hash,
                                          first_run_id, last_run_id)
                SELECT n.reference_id, n.rule, n.severity, n.message, n.suggestion, n.explanation, :hash, :run, :run
                FROM temp.evaluated_finding n
                WHERE NOT EXISTS (SELECT 1 FROM finding_span s
                                  WHERE s.reference_id = n.reference_id AND s.rule = n.rule AND s.last_run_id = :run)
                ORDER BY n.rowid
                """, arguments: ["run": runID, "hash": policyHash])
        }
    }

    /// Takes run `runID` out of every finding span that covers it, before it is evaluated again: a span
    /// that goes on past it keeps its later runs, one that began before it keeps its earlier runs.
    private static func removeEvaluation(runID: Int64, previous: Int64?, _ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM policy_evaluation WHERE run_id = ?)",
                                arguments: [runID]) == true else { return }
        let next = try Int64.fetchOne(db, sql: "SELECT MIN(run_id) FROM policy_evaluation WHERE run_id > ?",
                                      arguments: [runID])
        if let next {
            try db.execute(sql: """
                INSERT INTO finding_span (reference_id, rule, severity, message, suggestion, explanation, policy_hash,
                                          first_run_id, last_run_id)
                SELECT reference_id, rule, severity, message, suggestion, explanation, policy_hash, :next, last_run_id
                FROM finding_span WHERE first_run_id <= :run AND last_run_id >= :next
                ORDER BY id
                """, arguments: ["run": runID, "next": next])
        }
        if let previous {
            try db.execute(sql: """
                UPDATE finding_span SET last_run_id = :previous WHERE first_run_id < :run AND last_run_id >= :run
                """, arguments: ["run": runID, "previous": previous])
        }
        try db.execute(sql: "DELETE FROM finding_span WHERE first_run_id = ?", arguments: [runID])
        try db.execute(sql: "DELETE FROM policy_evaluation WHERE run_id = ?", arguments: [runID])
    }

    /// The rows of `current_findings`, ordered by repository, branch, path, line and rule.
    public func currentFindings() throws -> [StoredFinding] {
        try read("reading current findings") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM current_findings ORDER BY repository, branch, path, line, rule
                """).map { row in
                StoredFinding(repository: row["repository"], team: row["team"], contact: row["contact"],
                              branch: row["branch"], commitID: row["commit_id"], path: row["path"], line: row["line"],
                              kind: row["kind"], raw: row["raw"], image: row["image"], normalized: row["normalized"],
                              rule: row["rule"], severity: row["severity"], message: row["message"],
                              suggestion: row["suggestion"], explanation: row["explanation"],
                              policyHash: row["policy_hash"], runID: row["run_id"], stale: row["stale"],
                              referenceID: row["reference_id"])
            }
        }
    }

    private static func fetchCatalogs(_ db: Database, repository: String?) throws -> [CatalogRecord] {
        let filter = repository == nil ? "" : "WHERE c.repository = ?"
        let arguments: StatementArguments = repository.map { [$0] } ?? []
        let rows = try Row.fetchAll(db, sql: """
            SELECT c.*, s.status AS sync_status, s.error AS sync_error, s.attempted_at AS sync_attempted_at
            FROM catalog c
            LEFT JOIN catalog_sync s ON s.id = (
              SELECT MAX(id) FROM catalog_sync WHERE repository = c.repository
            )
            \(filter)
            ORDER BY c.repository
            """, arguments: arguments)
        return try rows.map { row in
            let name: String = row["repository"]
            let tags = try Row.fetchAll(db, sql: "SELECT * FROM catalog_tag WHERE repository = ? ORDER BY tag",
                                        arguments: [name]).map { tag in
                CatalogTagRecord(tag: tag["tag"], firstSeen: tag["first_seen"], removedAt: tag["removed_at"],
                                 created: tag["created"], digest: tag["digest"], os: tag["os"], osVersion: tag["os_version"],
                                 architecture: tag["architecture"], dockerfile: tag["dockerfile"],
                                 endOfLife: tag["end_of_life"], endOfLifeReferrer: tag["end_of_life_referrer"],
                                 endOfLifeAnnotation: tag["end_of_life_annotation"], lifecycleLookup: tag["lifecycle_lookup"],
                                 lifecycleCheckedAt: tag["lifecycle_checked_at"])
            }
            let warningsText: String = row["warnings"]
            let warnings = (try? JSONDecoder().decode([String].self, from: Data(warningsText.utf8))) ?? []
            let failed = (row["sync_status"] as String?) == "failed"
            return CatalogRecord(repository: name, origin: row["origin"], source: row["source"], fetchedAt: row["fetched_at"],
                                 warnings: warnings, tags: tags,
                                 lastSyncError: failed ? row["sync_error"] : nil,
                                 lastSyncAttemptedAt: failed ? row["sync_attempted_at"] : nil,
                                 syncedCommit: row["synced_commit"], walkState: row["walk_state"],
                                 warningsSince: row["warnings_since"])
        }
    }
}
