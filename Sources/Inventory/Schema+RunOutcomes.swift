import GRDB

extension Schema {
    /// A repository some of whose branches failed is `partial` (it was reached, and its other branches
    /// are current), and a repository scan can carry a `note` (a mirror that was repaired). The views
    /// that pick a repository's latest reached run take `partial` like `ok`, and `weekly_trend` counts a
    /// repository that failed whole or in part in `repositories_failed`, as the run row does.
    /// `findings_by_run` counts findings as every other view and report does, once per branch, with
    /// the stored rows (a file shared by several branches once) as `distinct_findings`.
    static func v5RunOutcomes(_ db: Database) throws {
        // Views over a rebuilt table must go first (SQLite 3.40 checks them on rename); the ones that
        // change are created anew, the others again from their stored text, in their order.
        let changed = ["current_branches": currentBranchesV5, "run_branches": runBranchesV5,
                       "weekly_trend": weeklyTrendV5, "findings_by_run": findingsByRunV5]
        try settingViewsAside(db, replacing: changed) {
            try db.execute(sql: """
                CREATE TABLE repository_scan_v5 (
                  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                  repository_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                  status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
                  error TEXT,
                  duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
                  note TEXT,
                  PRIMARY KEY (run_id, repository_id),
                  CHECK ((status = 'ok') = (error IS NULL))
                );
                INSERT INTO repository_scan_v5 (run_id, repository_id, status, error, duration_ms)
                SELECT run_id, repository_id, status, error, duration_ms FROM repository_scan;
                DROP TABLE repository_scan;
                ALTER TABLE repository_scan_v5 RENAME TO repository_scan;
                CREATE INDEX repository_scan_by_repository ON repository_scan(repository_id, status, run_id);
                """)
        }
    }

    /// `current_branches`: as in v1, with a `partial` repository scan counting as reached, and a branch
    /// `stale` whenever its references are older than its repository's latest crawl, also when that
    /// crawl failed as a whole (as `run_branches` has always marked it).
    private static let currentBranchesV5 = """
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
        )
        """

    /// `run_branches`: as in v3, with a `partial` repository scan counting as reached.
    private static let runBranchesV5 = """
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
        )
        """

    /// `weekly_trend`: as in v3, with `repositories_failed` counting repositories that failed whole or
    /// in part.
    private static let weeklyTrendV5 = """
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
        LEFT JOIN finding_totals f ON f.run_id = w.run_id
        """

    /// `findings_by_run`: per evaluated run, rule and severity, findings once per branch (a usage at a
    /// file and line on a branch, judged by one rule) and `distinct_findings` once per stored file.
    private static let findingsByRunV5 = """
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
        GROUP BY e.run_id, rf.rule, rf.severity
        """
}
