import GRDB

extension Schema {
    /// Findings shared between runs: a finding is stored once as a span of evaluated runs
    /// (`finding_span`, from `first_run_id` to `last_run_id`) instead of once per run. A run whose
    /// evaluation gives a reference the same finding as the previous evaluated run (same rule, severity,
    /// texts and policy hash) extends that span; only findings that changed are stored anew. `finding`
    /// becomes a view with the old table's columns, one row per evaluated run a span covers, so every
    /// view, report and query reads as before.
    ///
    /// Stored findings move over whole: the per-run rows of one finding in consecutive evaluated runs
    /// become one span.
    static func v11SharedFindings(_ db: Database) throws {
        try settingViewsAside(db) {
            try db.execute(sql: """
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

                INSERT INTO finding_span (reference_id, rule, severity, message, suggestion, explanation, policy_hash,
                                          first_run_id, last_run_id)
                WITH evaluation AS (
                  SELECT run_id, ROW_NUMBER() OVER (ORDER BY run_id) AS position FROM policy_evaluation
                ),
                island AS (
                  SELECT f.*,
                         e.position - ROW_NUMBER() OVER (
                           PARTITION BY f.reference_id, f.rule, f.severity, f.message, f.suggestion, f.explanation,
                                        f.policy_hash
                           ORDER BY f.run_id) AS island
                  FROM finding f JOIN evaluation e ON e.run_id = f.run_id
                )
                SELECT reference_id, rule, severity, message, suggestion, explanation, policy_hash,
                       MIN(run_id), MAX(run_id)
                FROM island
                GROUP BY reference_id, rule, severity, message, suggestion, explanation, policy_hash, island
                ORDER BY MIN(id);

                DROP TABLE finding;

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
                """)
        }
    }
}