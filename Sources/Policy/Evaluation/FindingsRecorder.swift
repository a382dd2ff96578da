import Foundation
import Inventory

/// Evaluates every current reference of the inventory and stores the findings for a run, with the
/// policy's hash, so week-over-week trends are plain SQL (`findings_by_run`, `current_findings`).
///
/// When nothing the previous evaluation depended on changed (`EvaluationReuse`), its findings are carried
/// to the run without judging again; every view reads the run the same either way.
public struct FindingsRecorder: Sendable {
    /// The evaluator applied.
    public let evaluator: PolicyEvaluator
    /// The inventory read and written.
    public let database: AppDatabase

    /// A recorder for `policy` over `database`.
    public init(policy: PolicyDocument, database: AppDatabase) {
        self.evaluator = PolicyEvaluator(policy: policy)
        self.database = database
    }

    /// How many findings an evaluation gave.
    public struct Counts: Sendable, Equatable {
        /// Findings as every report and view counts them: a usage at a file and line on a branch,
        /// judged by one rule. A file shared by three branches counts three times.
        public var findings: Int
        /// Finding rows of the run (`finding`): a file shared by several branches counts once.
        public var distinct: Int
    }

    /// What an evaluation gave and how it was obtained.
    public struct Evaluation: Sendable, Equatable {
        /// Its counts.
        public var counts: Counts
        /// The run whose findings were carried over, when they were not judged in this run.
        public var reusedFromRunID: Int64?
        /// Why it was judged or reused, in words (also stored: `policy_evaluation.decision`).
        public var decision: String
        /// Until when its time-dependent judgements hold; `nil` when none depends on the time.
        public var validUntil: Date?
    }

    /// Judges `current_references` as of `now` with `catalogs` and stores the findings under `runID`, or
    /// carries the previous evaluation's findings when nothing they depend on changed (unless `reuse` is
    /// off); returns how many there are, per branch and distinct, and which it was.
    @discardableResult
    public func evaluateCurrentReferences(runID: Int64, catalogs: CatalogSnapshot, now: Date,
                                          reuse: Bool = true) throws -> Evaluation {
        let census = try database.run(id: runID)?.censusVersion ?? "unknown"
        let inputs = EvaluationInputs(policyHash: evaluator.policy.hash, referencesKey: try database.currentReferencesKey(),
                                      catalogsKey: catalogs.contentKey,
                                      evaluatorVersion: "census \(census), \(PolicyEvaluator.version)")
        let stale = catalogs.catalogs.values.filter(\.isStale).map(\.repository).sorted()
        let reason: String
        let latest = try database.latestEvaluation()
        if !reuse {
            reason = "asked to judge again"
        } else if let latest, latest.runID >= runID {
            reason = "run \(latest.runID) was evaluated after it"
        } else {
            switch EvaluationReuse.decide(previous: latest, inputs: inputs, now: now) {
            case .reuse(let previous, let why):
                if let carried = try carry(previous, to: runID, inputs: inputs, stale: stale, now: now, reason: why) {
                    return carried
                }
                reason = "run \(previous.runID) is no longer the latest evaluation"
            case .judge(let why):
                reason = why
            }
        }
        return try judge(runID: runID, catalogs: catalogs, now: now, inputs: inputs, stale: stale,
                         decision: "judged: \(reason)")
    }

    /// Gives `runID` the findings of `previous`; `nil` when the inventory refuses (another evaluation came
    /// in between).
    private func carry(_ previous: StoredEvaluation, to runID: Int64, inputs: EvaluationInputs, stale: [String],
                       now: Date, reason: String) throws -> Evaluation? {
        guard let before = previous.outcome else { return nil }
        let decision = "reused from run \(previous.runID): \(reason)"
        let outcome = EvaluationOutcome(inputs: inputs, validUntil: before.validUntil, findings: before.findings,
                                        distinct: before.distinct, reusedFromRunID: previous.judgedInRunID,
                                        decision: decision)
        do {
            try database.reuseEvaluation(runID: runID, previous: previous, evaluatedAt: now, staleCatalogs: stale,
                                         outcome: outcome)
        } catch InventoryError.invalidRecord {
            return nil
        }
        return Evaluation(counts: Counts(findings: before.findings, distinct: before.distinct),
                          reusedFromRunID: previous.runID, decision: decision, validUntil: before.validUntil)
    }

    private func judge(runID: Int64, catalogs: CatalogSnapshot, now: Date, inputs: EvaluationInputs,
                       stale: [String], decision: String) throws -> Evaluation {
        var records: [FindingRecord] = []
        var perBranch = 0
        var horizon = EvaluationHorizon(now: now, catalogs: catalogs)
        // The findings of each judged reference, for the branches that share its file.
        var byReference: [Int64: Int] = [:]
        // The same image written the same way gets the same findings wherever it is: judge it once.
        var memo: [[String]: [Finding]] = [:]
        // A reference row belongs to a file scan that every branch with that file shares, and a finding
        // judges the reference's content: one finding row per reference serves all those branches.
        var judged: Set<Int64> = []
        // One reference at a time: a fleet's references (46,040 rows on a real fleet of 13 repositories)
        // are not held in memory at once, only the findings.
        try database.forEachCurrentReference { stored in
            guard let referenceID = stored.referenceID else { return }
            guard judged.insert(referenceID).inserted else {
                perBranch += byReference[referenceID] ?? 0
                return
            }
            let reference = stored.reference
            let key = [reference.kind, reference.raw, reference.image ?? "", reference.reason ?? "",
                       "\(reference.resolved)", "\(reference.valid)"]
            let findings: [Finding]
            if let known = memo[key] {
                findings = known
            } else {
                let judgement = evaluator.evaluateWithChange(reference: reference, catalogs: catalogs, now: now)
                horizon.include(judgement.changesAt)
                findings = judgement.findings
                memo[key] = findings
            }
            byReference[referenceID] = findings.count
            perBranch += findings.count
            for finding in findings {
                records.append(FindingRecord(referenceID: referenceID, rule: finding.rule.rawValue,
                                             severity: finding.severity.rawValue, message: finding.message,
                                             suggestion: finding.suggestion, explanation: finding.explanation))
            }
        }
        let outcome = EvaluationOutcome(inputs: inputs, validUntil: horizon.validUntil, findings: perBranch,
                                        distinct: records.count, decision: decision)
        try database.recordFindings(runID: runID, policyHash: evaluator.policy.hash, evaluatedAt: now,
                                    staleCatalogs: stale, findings: records, outcome: outcome)
        return Evaluation(counts: Counts(findings: perBranch, distinct: records.count), reusedFromRunID: nil,
                          decision: decision, validUntil: horizon.validUntil)
    }
}
