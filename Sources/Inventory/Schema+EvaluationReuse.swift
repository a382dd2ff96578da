import GRDB

extension Schema {
    /// Evaluations reused between runs: `policy_evaluation` records what each evaluation depended on (the
    /// current branches' commit scans, the policy, the catalog data, the evaluator and census version),
    /// until when its time-dependent judgements hold, its counts, and whether it was judged in its run or
    /// carried over from an earlier one (`reused_from_run_id`) and why (`decision`). A crawl whose inputs all
    /// match the previous evaluation's, before its `valid_until`, extends that evaluation's finding spans
    /// instead of judging again.
    ///
    /// Columns only: nothing is rebuilt, views keep their text. Evaluations stored before have no inputs,
    /// so the next crawl judges.
    static func v12EvaluationReuse(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE policy_evaluation ADD COLUMN references_key TEXT;
            ALTER TABLE policy_evaluation ADD COLUMN catalogs_key TEXT;
            ALTER TABLE policy_evaluation ADD COLUMN evaluator_version TEXT;
            ALTER TABLE policy_evaluation ADD COLUMN valid_until DATETIME;
            ALTER TABLE policy_evaluation ADD COLUMN findings_count INTEGER;
            ALTER TABLE policy_evaluation ADD COLUMN distinct_count INTEGER;
            ALTER TABLE policy_evaluation ADD COLUMN reused_from_run_id INTEGER;
            ALTER TABLE policy_evaluation ADD COLUMN decision TEXT;
            """)
    }
}
