import Foundation
import GRDB

extension Schema {
    /// The schema every migration together builds, as one script: `AppDatabase.migrate()` creates a new,
    /// empty database with it in one transaction and records every migration as applied, instead of
    /// running the migrations one by one (their `ALTER TABLE`s and views set aside and made again took
    /// about 20 ms, a cold bench crawl's start). Databases that hold anything are upgraded by the
    /// migrations as before.
    ///
    /// It must equal what the migrations build, statement for statement (`sqlite_master`); a test
    /// checks that and prints the script to put here when a new migration changes it.
    static let current = #"""
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        CREATE TABLE run (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          started_at DATETIME NOT NULL,
          finished_at DATETIME,
          status TEXT NOT NULL DEFAULT 'running'
            CHECK (status IN ('running', 'ok', 'partial', 'interrupted')),
          repositories_total INTEGER,
          repositories_failed INTEGER,
          census_version TEXT
        , shard TEXT);
        CREATE TABLE repository (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL UNIQUE CHECK (name <> ''),
          url TEXT NOT NULL,
          team TEXT,
          contact TEXT
        );
        CREATE TABLE branch (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          repository_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
          name TEXT NOT NULL CHECK (name <> ''),
          first_seen_run_id INTEGER NOT NULL REFERENCES run(id),
          last_seen_run_id INTEGER NOT NULL REFERENCES run(id),
          UNIQUE (repository_id, name)
        );
        CREATE TABLE commit_scan (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          repository_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
          commit_id TEXT NOT NULL
            CHECK (length(commit_id) IN (40, 64) AND commit_id NOT GLOB '*[^0-9a-f]*'),
          extraction_version TEXT NOT NULL,
          scanned_at DATETIME NOT NULL,
          reference_count INTEGER NOT NULL,
          warning_count INTEGER NOT NULL, base_commit_scan_id INTEGER REFERENCES commit_scan(id),
          UNIQUE (repository_id, commit_id, extraction_version)
        );
        CREATE TABLE branch_scan (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
          branch_id INTEGER NOT NULL REFERENCES branch(id) ON DELETE CASCADE,
          commit_id TEXT
            CHECK (commit_id IS NULL
                   OR (length(commit_id) IN (40, 64) AND commit_id NOT GLOB '*[^0-9a-f]*')),
          commit_scan_id INTEGER REFERENCES commit_scan(id),
          status TEXT NOT NULL CHECK (status IN ('ok', 'unchanged', 'failed')),
          error TEXT,
          scanned_at DATETIME NOT NULL,
          UNIQUE (run_id, branch_id),
          CHECK (status = 'failed'
                 OR (commit_id IS NOT NULL AND commit_scan_id IS NOT NULL AND error IS NULL)),
          CHECK (status <> 'failed' OR (error IS NOT NULL AND commit_scan_id IS NULL))
        );
        CREATE INDEX branch_scan_by_branch ON branch_scan(branch_id, run_id);
        CREATE INDEX branch_scan_by_commit_scan ON branch_scan(commit_scan_id);
        CREATE TABLE blob_facts (
          blob_id TEXT NOT NULL,
          file_kind TEXT NOT NULL,
          extractor_version INTEGER NOT NULL,
          facts BLOB NOT NULL,
          PRIMARY KEY (blob_id, file_kind, extractor_version)
        );
        CREATE TABLE tree_candidates (
          tree_id TEXT NOT NULL,
          walker_version INTEGER NOT NULL,
          entries BLOB NOT NULL,
          PRIMARY KEY (tree_id, walker_version)
        );
        CREATE TABLE catalog (
          repository TEXT PRIMARY KEY CHECK (repository <> ''),
          origin TEXT NOT NULL CHECK (origin IN ('manifest', 'registry')),
          source TEXT NOT NULL,
          fetched_at DATETIME NOT NULL,
          warnings TEXT NOT NULL DEFAULT '[]'
        , synced_commit TEXT, walk_state TEXT, warnings_since DATETIME);
        CREATE TABLE catalog_tag (
          repository TEXT NOT NULL REFERENCES catalog(repository) ON DELETE CASCADE,
          tag TEXT NOT NULL CHECK (tag <> ''),
          first_seen DATETIME,
          removed_at DATETIME,
          created DATETIME,
          digest TEXT,
          os TEXT,
          os_version TEXT,
          architecture TEXT,
          dockerfile TEXT, end_of_life DATETIME, end_of_life_referrer TEXT, end_of_life_annotation TEXT, lifecycle_lookup TEXT
          CHECK (lifecycle_lookup IN ('referrers-api', 'referrers-tag')), lifecycle_checked_at DATETIME,
          PRIMARY KEY (repository, tag)
        );
        CREATE TABLE catalog_sync (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          repository TEXT NOT NULL CHECK (repository <> ''),
          run_id INTEGER REFERENCES run(id) ON DELETE SET NULL,
          attempted_at DATETIME NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
          error TEXT,
          tag_count INTEGER, kind TEXT
          CHECK (kind IN ('full-walk', 'extended', 'tip-unchanged', 'fetched', 'not-due')), walked_commits INTEGER,
          CHECK ((status = 'failed') = (error IS NOT NULL))
        );
        CREATE INDEX catalog_sync_by_repository ON catalog_sync(repository, id);
        CREATE TABLE policy_evaluation (
          run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
          policy_hash TEXT NOT NULL,
          evaluated_at DATETIME NOT NULL,
          stale_catalogs TEXT NOT NULL DEFAULT '[]'
        , references_key TEXT, catalogs_key TEXT, evaluator_version TEXT, valid_until DATETIME, findings_count INTEGER, distinct_count INTEGER, reused_from_run_id INTEGER, decision TEXT);
        CREATE TABLE commit_codeowners (
          commit_scan_id INTEGER NOT NULL REFERENCES commit_scan(id) ON DELETE CASCADE,
          path TEXT NOT NULL,
          content TEXT NOT NULL,
          PRIMARY KEY (commit_scan_id, path)
        );
        CREATE TABLE file_scan (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL,
          digest TEXT NOT NULL,
          reference_count INTEGER NOT NULL,
          warning_count INTEGER NOT NULL,
          UNIQUE (path, digest)
        );
        CREATE TABLE file_reference (
          id INTEGER PRIMARY KEY,
          file_scan_id INTEGER NOT NULL REFERENCES file_scan(id) ON DELETE CASCADE,
          line INTEGER NOT NULL,
          kind TEXT NOT NULL,
          context TEXT,
          raw TEXT NOT NULL,
          image TEXT,
          resolved BOOLEAN NOT NULL,
          valid BOOLEAN NOT NULL,
          normalized TEXT,
          registry TEXT,
          repository TEXT,
          tag TEXT,
          digest TEXT,
          reason TEXT
        );
        CREATE INDEX file_reference_by_file_scan ON file_reference(file_scan_id, line);
        CREATE INDEX file_reference_by_normalized ON file_reference(normalized);
        CREATE INDEX file_reference_by_image_repository ON file_reference(repository, registry);
        CREATE TABLE file_warning (
          id INTEGER PRIMARY KEY,
          file_scan_id INTEGER NOT NULL REFERENCES file_scan(id) ON DELETE CASCADE,
          line INTEGER,
          message TEXT NOT NULL
        );
        CREATE INDEX file_warning_by_file_scan ON file_warning(file_scan_id);
        CREATE TABLE "repository_scan" (
          run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
          repository_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
          status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
          error TEXT,
          duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
          note TEXT,
          PRIMARY KEY (run_id, repository_id),
          CHECK ((status = 'ok') = (error IS NULL))
        );
        CREATE INDEX repository_scan_by_repository ON repository_scan(repository_id, status, run_id);
        CREATE TABLE migration_change (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          run_id INTEGER REFERENCES run(id),
          repository_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
          branch TEXT NOT NULL CHECK (branch <> ''),
          scanned_commit TEXT NOT NULL
            CHECK (length(scanned_commit) IN (40, 64) AND scanned_commit NOT GLOB '*[^0-9a-f]*'),
          new_commit TEXT NOT NULL
            CHECK (length(new_commit) IN (40, 64) AND new_commit NOT GLOB '*[^0-9a-f]*'),
          proposed_branch TEXT,
          pushed BOOLEAN NOT NULL DEFAULT 0,
          patch_file TEXT,
          created_at DATETIME NOT NULL,
          edits TEXT NOT NULL CHECK (json_valid(edits))
        );
        CREATE INDEX migration_change_by_branch ON migration_change (repository_id, branch, scanned_commit);
        CREATE TABLE inventory_identity (
          id TEXT NOT NULL PRIMARY KEY CHECK (id <> '')
        );
        CREATE TABLE merged_shard (
          inventory_id TEXT NOT NULL,
          shard_run_id INTEGER NOT NULL,
          run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
          shard TEXT,
          shard_status TEXT NOT NULL,
          merged_at DATETIME NOT NULL,
          PRIMARY KEY (inventory_id, shard_run_id)
        );
        CREATE INDEX merged_shard_by_run ON merged_shard(run_id);
        CREATE TABLE finding_span (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          reference_id INTEGER NOT NULL REFERENCES file_reference(id) ON DELETE CASCADE,
          rule TEXT NOT NULL,
          severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'note')),
          message TEXT NOT NULL,
          suggestion TEXT,
          explanation TEXT NOT NULL,
          policy_hash TEXT NOT NULL,
          first_run_id INTEGER NOT NULL,
          last_run_id INTEGER NOT NULL,
          CHECK (first_run_id <= last_run_id)
        );
        CREATE INDEX finding_span_by_reference ON finding_span(reference_id, first_run_id);
        CREATE INDEX finding_span_by_last_run ON finding_span(last_run_id);
        CREATE TABLE commit_file_entry (
          commit_scan_id INTEGER NOT NULL REFERENCES commit_scan(id) ON DELETE CASCADE,
          path TEXT NOT NULL,
          file_scan_id INTEGER REFERENCES file_scan(id),
          PRIMARY KEY (commit_scan_id, path)
        ) WITHOUT ROWID;
        CREATE INDEX commit_file_entry_by_file_scan ON commit_file_entry(file_scan_id);
        CREATE INDEX commit_scan_by_base ON commit_scan(base_commit_scan_id);
        CREATE VIEW commit_file AS
        SELECT c.id AS commit_scan_id, e.file_scan_id
        FROM commit_scan c
        JOIN commit_file_entry e ON e.commit_scan_id = c.id OR e.commit_scan_id = c.base_commit_scan_id
        WHERE e.file_scan_id IS NOT NULL
          AND (e.commit_scan_id = c.id
               OR NOT EXISTS (SELECT 1 FROM commit_file_entry o WHERE o.commit_scan_id = c.id AND o.path = e.path));
        CREATE VIEW finding AS
        SELECT s.id,
               e.run_id,
               s.reference_id,
               s.rule,
               s.severity,
               s.message,
               s.suggestion,
               s.explanation,
               s.policy_hash
        FROM finding_span s
        JOIN policy_evaluation e ON e.run_id BETWEEN s.first_run_id AND s.last_run_id;
        CREATE VIEW reference AS
        SELECT fr.id,
               cf.commit_scan_id,
               fs.path,
               fr.line,
               fr.kind,
               fr.context,
               fr.raw,
               fr.image,
               fr.resolved,
               fr.valid,
               fr.normalized,
               fr.registry,
               fr.repository,
               fr.tag,
               fr.digest,
               fr.reason
        FROM commit_file cf
        JOIN file_scan fs ON fs.id = cf.file_scan_id
        JOIN file_reference fr ON fr.file_scan_id = cf.file_scan_id;
        CREATE VIEW scan_warning AS
        SELECT fw.id,
               cf.commit_scan_id,
               fs.path,
               fw.line,
               fw.message
        FROM commit_file cf
        JOIN file_scan fs ON fs.id = cf.file_scan_id
        JOIN file_warning fw ON fw.file_scan_id = cf.file_scan_id;
        CREATE VIEW current_branches AS
        WITH latest_repository_run AS (
          SELECT repository_id, MAX(run_id) AS run_id
          FROM repository_scan
          WHERE status IN ('ok', 'partial')
          GROUP BY repository_id
        ),
        latest_attempt AS (
          SELECT repository_id, MAX(run_id) AS run_id
          FROM repository_scan
          GROUP BY repository_id
        ),
        live_branch AS (
          SELECT b.id AS branch_id, b.repository_id, b.name,
                 l.run_id AS latest_run_id, s.status AS latest_status, s.error AS latest_error
          FROM latest_repository_run l
          JOIN branch b ON b.repository_id = l.repository_id
          JOIN branch_scan s ON s.branch_id = b.id AND s.run_id = l.run_id
        )
        SELECT r.id AS repository_id,
               r.name AS repository,
               r.team,
               r.contact,
               lb.branch_id,
               lb.name AS branch,
               lb.latest_run_id,
               lb.latest_status,
               lb.latest_error,
               good.run_id AS run_id,
               good.commit_id,
               good.commit_scan_id,
               (good.run_id IS NOT la.run_id) AS stale
        FROM live_branch lb
        JOIN repository r ON r.id = lb.repository_id
        JOIN latest_attempt la ON la.repository_id = lb.repository_id
        LEFT JOIN branch_scan good ON good.id = (
          SELECT s.id
          FROM branch_scan s
          JOIN repository_scan rs
            ON rs.run_id = s.run_id AND rs.repository_id = lb.repository_id AND rs.status IN ('ok', 'partial')
          WHERE s.branch_id = lb.branch_id AND s.status IN ('ok', 'unchanged')
          ORDER BY s.run_id DESC
          LIMIT 1
        );
        CREATE VIEW current_references AS
        SELECT cb.repository,
               cb.team,
               cb.branch,
               cb.commit_id,
               ref.path,
               ref.line,
               ref.kind,
               ref.context,
               ref.raw,
               ref.image,
               ref.resolved,
               ref.valid,
               ref.normalized,
               ref.registry,
               ref.repository AS image_repository,
               ref.tag,
               ref.digest,
               ref.reason,
               cb.run_id,
               cb.stale,
               cb.contact,
               ref.id AS reference_id,
               ref.commit_scan_id
        FROM current_branches cb
        JOIN reference ref ON ref.commit_scan_id = cb.commit_scan_id;
        CREATE VIEW branch_history AS
        SELECT r.name AS repository,
               r.team,
               b.name AS branch,
               s.run_id,
               run.started_at AS run_started_at,
               run.finished_at AS run_finished_at,
               run.status AS run_status,
               s.commit_id,
               s.status,
               s.error,
               s.scanned_at,
               cs.reference_count,
               cs.warning_count,
               s.commit_scan_id
        FROM branch_scan s
        JOIN branch b ON b.id = s.branch_id
        JOIN repository r ON r.id = b.repository_id
        JOIN run ON run.id = s.run_id
        LEFT JOIN commit_scan cs ON cs.id = s.commit_scan_id;
        CREATE VIEW current_findings AS
        SELECT cr.repository,
               cr.team,
               cr.contact,
               cr.branch,
               cr.commit_id,
               cr.path,
               cr.line,
               cr.kind,
               cr.raw,
               cr.image,
               cr.normalized,
               f.rule,
               f.severity,
               f.message,
               f.suggestion,
               f.explanation,
               f.policy_hash,
               f.run_id,
               cr.stale,
               cr.reference_id
        FROM current_references cr
        JOIN finding f ON f.reference_id = cr.reference_id
        WHERE f.run_id = (SELECT MAX(run_id) FROM policy_evaluation);
        CREATE VIEW findings_by_run AS
        SELECT e.run_id,
               run.started_at AS run_started_at,
               e.policy_hash,
               rf.rule,
               rf.severity,
               COUNT(*) AS findings,
               COUNT(DISTINCT rf.reference_id) AS distinct_findings
        FROM policy_evaluation e
        JOIN run ON run.id = e.run_id
        JOIN run_findings rf ON rf.as_of_run_id = e.run_id
        GROUP BY e.run_id, rf.rule, rf.severity;
        CREATE VIEW run_week AS
        SELECT run_id, week, started_at, finished_at, status,
               (finished AND ROW_NUMBER() OVER (PARTITION BY week, finished ORDER BY run_id DESC) = 1)
                 AS last_of_week
        FROM (
          SELECT id AS run_id, (strftime('%Y', date(started_at, '-' || ((CAST(strftime('%w', started_at) AS INTEGER) + 6) % 7) || ' days', '+3 days')) || '-W' || printf('%02d', (CAST(strftime('%j', date(started_at, '-' || ((CAST(strftime('%w', started_at) AS INTEGER) + 6) % 7) || ' days', '+3 days')) AS INTEGER) - 1) / 7 + 1)) AS week, started_at, finished_at, status,
                 (status IN ('ok', 'partial')) AS finished
          FROM run
        );
        CREATE VIEW run_branches AS
        SELECT rs.run_id AS as_of_run_id,
               r.id AS repository_id,
               r.name AS repository,
               r.team,
               r.contact,
               r.url,
               rs.status AS repository_status,
               rs.error AS repository_error,
               b.id AS branch_id,
               b.name AS branch,
               s.run_id AS latest_run_id,
               s.status AS latest_status,
               s.error AS latest_error,
               good.run_id AS run_id,
               good.commit_id,
               good.commit_scan_id,
               (good.run_id IS NOT rs.run_id) AS stale
        FROM repository_scan rs
        JOIN repository r ON r.id = rs.repository_id
        JOIN branch_scan s ON s.run_id = (
          SELECT MAX(ok.run_id) FROM repository_scan ok
          WHERE ok.repository_id = rs.repository_id AND ok.status IN ('ok', 'partial') AND ok.run_id <= rs.run_id
        )
        JOIN branch b ON b.id = s.branch_id AND b.repository_id = rs.repository_id
        LEFT JOIN branch_scan good ON good.id = (
          SELECT g.id
          FROM branch_scan g
          JOIN repository_scan grs
            ON grs.run_id = g.run_id AND grs.repository_id = rs.repository_id AND grs.status IN ('ok', 'partial')
          WHERE g.branch_id = b.id AND g.status IN ('ok', 'unchanged') AND g.run_id <= s.run_id
          ORDER BY g.run_id DESC
          LIMIT 1
        );
        CREATE VIEW run_references AS
        SELECT rb.as_of_run_id,
               rb.repository,
               rb.team,
               rb.branch,
               rb.commit_id,
               ref.path,
               ref.line,
               ref.kind,
               ref.context,
               ref.raw,
               ref.image,
               ref.resolved,
               ref.valid,
               ref.normalized,
               ref.registry,
               ref.repository AS image_repository,
               ref.tag,
               ref.digest,
               ref.reason,
               rb.run_id,
               rb.stale,
               rb.contact,
               ref.id AS reference_id,
               ref.commit_scan_id
        FROM run_branches rb
        JOIN reference ref ON ref.commit_scan_id = rb.commit_scan_id;
        CREATE VIEW run_findings AS
        SELECT rr.as_of_run_id,
               rr.repository,
               rr.team,
               rr.contact,
               rr.branch,
               rr.commit_id,
               rr.path,
               rr.line,
               rr.kind,
               rr.raw,
               rr.image,
               rr.normalized,
               f.rule,
               f.severity,
               f.message,
               f.suggestion,
               f.explanation,
               f.policy_hash,
               rr.stale,
               rr.reference_id,
               rr.commit_scan_id
        FROM run_references rr
        CROSS JOIN finding f ON f.reference_id = rr.reference_id AND f.run_id = rr.as_of_run_id;
        CREATE VIEW weekly_trend AS
        WITH weekly AS (
          SELECT run_id, week, started_at, status FROM run_week WHERE last_of_week
        ),
        branch_totals AS (
          SELECT rb.as_of_run_id AS run_id,
                 COUNT(*) AS branches,
                 SUM(rb.latest_status = 'failed') AS branches_failed,
                 SUM(rb.stale) AS branches_stale,
                 COALESCE(SUM(cs.reference_count), 0) AS reference_count,
                 COALESCE(SUM(v.valid), 0) AS valid_references
          FROM run_branches rb
          LEFT JOIN commit_scan cs ON cs.id = rb.commit_scan_id
          LEFT JOIN (SELECT commit_scan_id, SUM(valid) AS valid FROM reference GROUP BY commit_scan_id) v
            ON v.commit_scan_id = rb.commit_scan_id
          WHERE rb.as_of_run_id IN (SELECT run_id FROM weekly)
          GROUP BY rb.as_of_run_id
        ),
        finding_totals AS (
          SELECT rf.as_of_run_id AS run_id,
                 COUNT(*) AS findings,
                 SUM(rf.severity = 'error') AS errors,
                 SUM(rf.severity = 'warning') AS warnings,
                 SUM(rf.severity = 'note') AS notes,
                 COUNT(DISTINCT CASE WHEN rf.rule IN ('non-standard-image', 'unapproved-base-image')
                                     THEN rf.reference_id || char(10) || rf.repository || char(10) || rf.branch END)
                   AS non_standard_references
          FROM run_findings rf
          WHERE rf.as_of_run_id IN (SELECT run_id FROM weekly)
          GROUP BY rf.as_of_run_id
        )
        SELECT w.week,
               w.run_id,
               w.started_at AS run_started_at,
               w.status AS run_status,
               (SELECT COUNT(*) FROM repository_scan rs WHERE rs.run_id = w.run_id) AS repositories,
               (SELECT COUNT(*) FROM repository_scan rs
                 WHERE rs.run_id = w.run_id AND rs.status IN ('failed', 'partial')) AS repositories_failed,
               COALESCE(t.branches, 0) AS branches,
               COALESCE(t.branches_failed, 0) AS branches_failed,
               COALESCE(t.branches_stale, 0) AS branches_stale,
               COALESCE(t.reference_count, 0) AS reference_count,
               COALESCE(t.valid_references, 0) AS valid_references,
               (e.run_id IS NOT NULL) AS policy_evaluated,
               e.policy_hash,
               CASE WHEN e.run_id IS NULL THEN NULL ELSE COALESCE(f.findings, 0) END AS findings,
               CASE WHEN e.run_id IS NULL THEN NULL ELSE COALESCE(f.errors, 0) END AS errors,
               CASE WHEN e.run_id IS NULL THEN NULL ELSE COALESCE(f.warnings, 0) END AS warnings,
               CASE WHEN e.run_id IS NULL THEN NULL ELSE COALESCE(f.notes, 0) END AS notes,
               CASE WHEN e.run_id IS NULL THEN NULL ELSE COALESCE(f.non_standard_references, 0) END
                 AS non_standard_references,
               CASE WHEN e.run_id IS NULL OR COALESCE(t.valid_references, 0) = 0 THEN NULL
                    ELSE 1.0 - COALESCE(f.non_standard_references, 0) * 1.0 / t.valid_references END
                 AS standard_share
        FROM weekly w
        LEFT JOIN branch_totals t ON t.run_id = w.run_id
        LEFT JOIN policy_evaluation e ON e.run_id = w.run_id
        LEFT JOIN finding_totals f ON f.run_id = w.run_id;
        CREATE VIEW weekly_findings AS
        SELECT w.week,
               w.run_id,
               rf.rule,
               rf.severity,
               COUNT(*) AS findings,
               COUNT(DISTINCT rf.repository) AS repositories,
               COUNT(DISTINCT rf.repository || char(10) || rf.branch) AS branches
        FROM run_week w
        JOIN run_findings rf ON rf.as_of_run_id = w.run_id
        WHERE w.last_of_week
        GROUP BY w.run_id, rf.rule, rf.severity;
        CREATE VIEW image_usage AS
        SELECT COALESCE(normalized, image, raw) AS image,
               MAX(registry) AS registry,
               MAX(image_repository) AS image_repository,
               MAX(tag) AS tag,
               MAX(digest) AS digest,
               MAX(resolved) AS resolved,
               MAX(valid) AS valid,
               COUNT(DISTINCT repository) AS repositories,
               COUNT(DISTINCT repository || char(10) || branch) AS branches,
               COUNT(*) AS usages,
               group_concat(DISTINCT team) AS teams
        FROM current_references
        WHERE kind NOT IN ('dockerfile/download', 'dockerfile/download-to-shell')
        GROUP BY COALESCE(normalized, image, raw);
        """#

    /// Creates `current` in the empty database `db`, inside the caller's transaction, with the rows
    /// the migrations insert (the inventory's identity) and every migration recorded as applied.
    static func createCurrent(_ db: Database, migrations: [String]) throws {
        try db.execute(sql: current)
        try db.execute(sql: "INSERT INTO inventory_identity (id) VALUES (?)", arguments: [UUID().uuidString.lowercased()])
        for identifier in migrations {
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier])
        }
    }
}
