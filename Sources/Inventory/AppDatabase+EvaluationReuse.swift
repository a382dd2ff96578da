import Foundation
import GRDB

extension AppDatabase {
    /// A key of which commit scan every current branch stands at (`current_branches`): equal keys mean
    /// equal `current_references`, since a commit scan's references never change once stored.
    public func currentReferencesKey() throws -> String {
        try read("reading the current branches") { db in
            var hasher = SHA256()
            let rows = try Row.fetchCursor(db, sql: """
                SELECT repository_id, branch_id, commit_scan_id FROM current_branches ORDER BY repository_id, branch_id
                """)
            while let row = try rows.next() {
                let scan = (row["commit_scan_id"] as Int64?).map(String.init) ?? "-"
                hasher.update(Array("\(row["repository_id"] as Int64):\(row["branch_id"] as Int64):\(scan)\n".utf8))
            }
            return hasher.finalizeHex()
        }
    }

    /// The latest evaluated run's evaluation, if any run was evaluated.
    public func latestEvaluation() throws -> StoredEvaluation? {
        try read("reading the latest policy evaluation") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM policy_evaluation ORDER BY run_id DESC LIMIT 1").map(Self.storedEvaluation)
        }
    }

    /// The evaluation of run `runID`, if it was evaluated.
    public func evaluation(runID: Int64) throws -> StoredEvaluation? {
        try read("reading the policy evaluation of run #\(runID)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM policy_evaluation WHERE run_id = ?", arguments: [runID])
                .map(Self.storedEvaluation)
        }
    }

    /// Gives run `runID` the findings of `previous`, the latest evaluated run, without judging again: one
    /// `policy_evaluation` row and one statement extending every finding span of `previous` to `runID`.
    /// Every view then reads `runID` exactly as if it had been judged with the same findings.
    ///
    /// Refused (nothing written) when `previous` is no longer the latest evaluation or `runID` was already
    /// evaluated: the caller then judges.
    public func reuseEvaluation(runID: Int64, previous: StoredEvaluation, evaluatedAt: Date,
                                staleCatalogs: [String], outcome: EvaluationOutcome) throws {
        try write("reusing the findings of run #\(previous.runID) for run #\(runID)") { db in
            let latest = try Int64.fetchOne(db, sql: "SELECT MAX(run_id) FROM policy_evaluation")
            guard latest == previous.runID, previous.runID < runID else {
                throw InventoryError.invalidRecord(
                    operation: "reusing the findings of run #\(previous.runID) for run #\(runID)",
                    reason: "run #\(latest.map(String.init) ?? "none") is the latest evaluated run")
            }
            let stale = String(decoding: try JSONEncoder().encode(staleCatalogs), as: UTF8.self)
            try Self.insertEvaluation(runID: runID, policyHash: previous.policyHash, evaluatedAt: evaluatedAt,
                                      stale: stale, outcome: outcome, db)
            try db.execute(sql: "UPDATE finding_span SET last_run_id = ? WHERE last_run_id = ?",
                           arguments: [runID, previous.runID])
        }
    }

    static func insertEvaluation(runID: Int64, policyHash: String, evaluatedAt: Date, stale: String,
                                 outcome: EvaluationOutcome?, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO policy_evaluation (run_id, policy_hash, evaluated_at, stale_catalogs, references_key,
                                           catalogs_key, evaluator_version, valid_until, findings_count,
                                           distinct_count, reused_from_run_id, decision)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [runID, policyHash, evaluatedAt, stale, outcome?.inputs?.referencesKey,
                             outcome?.inputs?.catalogsKey, outcome?.inputs?.evaluatorVersion, outcome?.validUntil,
                             outcome?.findings, outcome?.distinct, outcome?.reusedFromRunID, outcome?.decision])
    }

    private static func storedEvaluation(_ row: Row) -> StoredEvaluation {
        let policyHash: String = row["policy_hash"]
        var inputs: EvaluationInputs?
        if let references: String = row["references_key"], let catalogs: String = row["catalogs_key"],
           let version: String = row["evaluator_version"] {
            inputs = EvaluationInputs(policyHash: policyHash, referencesKey: references, catalogsKey: catalogs,
                                      evaluatorVersion: version)
        }
        var outcome: EvaluationOutcome?
        if let findings: Int = row["findings_count"], let distinct: Int = row["distinct_count"] {
            outcome = EvaluationOutcome(inputs: inputs, validUntil: row["valid_until"], findings: findings,
                                        distinct: distinct, reusedFromRunID: row["reused_from_run_id"],
                                        decision: row["decision"] ?? "")
        }
        return StoredEvaluation(runID: row["run_id"], evaluatedAt: row["evaluated_at"], policyHash: policyHash,
                                outcome: outcome)
    }
}
