import GRDB

extension Schema {
    /// Catalogs of standard tags with their lifecycle, catalog refresh attempts, policy evaluations and
    /// findings per run, and the `current_findings` and `findings_by_run` views.
    static func v2Policy(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE catalog (
              repository TEXT PRIMARY KEY CHECK (repository <> ''),
              origin TEXT NOT NULL CHECK (origin IN ('manifest', 'registry')),
              source TEXT NOT NULL,
              fetched_at DATETIME NOT NULL,
              warnings TEXT NOT NULL DEFAULT '[]'
            );

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
              dockerfile TEXT,
              PRIMARY KEY (repository, tag)
            );

            CREATE TABLE catalog_sync (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              repository TEXT NOT NULL CHECK (repository <> ''),
              run_id INTEGER REFERENCES run(id) ON DELETE SET NULL,
              attempted_at DATETIME NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
              error TEXT,
              tag_count INTEGER,
              CHECK ((status = 'failed') = (error IS NOT NULL))
            );
            CREATE INDEX catalog_sync_by_repository ON catalog_sync(repository, id);

            CREATE TABLE policy_evaluation (
              run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
              policy_hash TEXT NOT NULL,
              evaluated_at DATETIME NOT NULL,
              stale_catalogs TEXT NOT NULL DEFAULT '[]'
            );

            CREATE TABLE finding (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              run_id INTEGER NOT NULL REFERENCES policy_evaluation(run_id) ON DELETE CASCADE,
              reference_id INTEGER NOT NULL REFERENCES reference(id) ON DELETE CASCADE,
              rule TEXT NOT NULL,
              severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'note')),
              message TEXT NOT NULL,
              suggestion TEXT,
              explanation TEXT NOT NULL,
              policy_hash TEXT NOT NULL,
              UNIQUE (run_id, reference_id, rule)
            );
            CREATE INDEX finding_by_reference ON finding(reference_id, run_id);

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
                   f.rule,
                   f.severity,
                   COUNT(*) AS findings
            FROM policy_evaluation e
            JOIN run ON run.id = e.run_id
            JOIN finding f ON f.run_id = e.run_id
            GROUP BY e.run_id, f.rule, f.severity;
            """)
    }
}
