import GRDB

extension Schema {
    /// The ISO 8601 week (`2026-W03`) of the datetime column `column`, in plain SQLite (3.40 has no
    /// `%V`): the week's Thursday decides the ISO year, and its day of the year the week number.
    static func isoWeek(of column: String) -> String {
        let thursday = "date(\(column), '-' || ((CAST(strftime('%w', \(column)) AS INTEGER) + 6) % 7) || ' days', '+3 days')"
        return "(strftime('%Y', \(thursday)) || '-W' || printf('%02d', (CAST(strftime('%j', \(thursday)) AS INTEGER) - 1) / 7 + 1))"
    }

    /// CODEOWNERS files per commit scan (for outreach owners), and the report views: `run_week`,
    /// `run_branches`, `run_references`, `run_findings`, `image_usage`, `weekly_trend` and
    /// `weekly_findings`. Comes after `v2-policy`, whose `finding` table it reads.
    static func v3ReportViews(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE commit_codeowners (
              commit_scan_id INTEGER NOT NULL REFERENCES commit_scan(id) ON DELETE CASCADE,
              path TEXT NOT NULL,
              content TEXT NOT NULL,
              PRIMARY KEY (commit_scan_id, path)
            );

            CREATE VIEW run_week AS
            SELECT run_id, week, started_at, finished_at, status,
                   (finished AND ROW_NUMBER() OVER (PARTITION BY week, finished ORDER BY run_id DESC) = 1)
                     AS last_of_week
            FROM (
              SELECT id AS run_id, \(isoWeek(of: "started_at")) AS week, started_at, finished_at, status,
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
              WHERE ok.repository_id = rs.repository_id AND ok.status = 'ok' AND ok.run_id <= rs.run_id
            )
            JOIN branch b ON b.id = s.branch_id AND b.repository_id = rs.repository_id
            LEFT JOIN branch_scan good ON good.id = (
              SELECT g.id
              FROM branch_scan g
              JOIN repository_scan grs
                ON grs.run_id = g.run_id AND grs.repository_id = rs.repository_id AND grs.status = 'ok'
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
            GROUP BY COALESCE(normalized, image, raw);

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
                   (SELECT COUNT(*) FROM repository_scan rs WHERE rs.run_id = w.run_id AND rs.status = 'failed')
                     AS repositories_failed,
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
            """)
    }
}
