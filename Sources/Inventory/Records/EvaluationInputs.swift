import Foundation

/// Everything a policy evaluation's findings depend on besides the time: when two evaluations have equal
/// inputs, the later one may carry the earlier one's findings instead of judging again (while its
/// `valid_until` has not come).
public struct EvaluationInputs: Sendable, Hashable {
    /// The policy's hash (`PolicyDocument.hash`).
    public var policyHash: String
    /// Which commit scan every current branch stands at (`AppDatabase.currentReferencesKey()`).
    public var referencesKey: String
    /// The content of the catalog data the evaluation judged with (facts, not fetch times).
    public var catalogsKey: String
    /// The census version and the evaluator's own version (its rules and end-of-life table).
    public var evaluatorVersion: String

    /// Inputs of one evaluation.
    public init(policyHash: String, referencesKey: String, catalogsKey: String, evaluatorVersion: String) {
        self.policyHash = policyHash
        self.referencesKey = referencesKey
        self.catalogsKey = catalogsKey
        self.evaluatorVersion = evaluatorVersion
    }
}

/// How a run's evaluation was obtained and what it gave, stored with it (`policy_evaluation`).
public struct EvaluationOutcome: Sendable, Equatable {
    /// What it depended on; `nil` for an evaluation stored without them (before `v12-evaluation-reuse`,
    /// or carried by `census merge`), which is never reused.
    public var inputs: EvaluationInputs?
    /// The first instant at which a judgement could change only because time passed; `nil` when none can.
    public var validUntil: Date?
    /// Findings as reports count them (one per branch).
    public var findings: Int
    /// Distinct finding rows (a file shared by several branches counts once).
    public var distinct: Int
    /// The run whose judgement this is, when it was carried over rather than judged in this run.
    public var reusedFromRunID: Int64?
    /// Why it was judged or reused, in words.
    public var decision: String

    /// An outcome.
    public init(inputs: EvaluationInputs?, validUntil: Date?, findings: Int, distinct: Int,
                reusedFromRunID: Int64? = nil, decision: String) {
        self.inputs = inputs
        self.validUntil = validUntil
        self.findings = findings
        self.distinct = distinct
        self.reusedFromRunID = reusedFromRunID
        self.decision = decision
    }
}

/// One stored policy evaluation (`policy_evaluation`).
public struct StoredEvaluation: Sendable, Equatable {
    /// The evaluated run.
    public var runID: Int64
    /// Its "now".
    public var evaluatedAt: Date
    /// The policy's hash.
    public var policyHash: String
    /// What it depended on, its validity, counts and decision; `nil` for an evaluation stored before
    /// `v12-evaluation-reuse` or carried by `census merge`.
    public var outcome: EvaluationOutcome?

    /// A stored evaluation.
    public init(runID: Int64, evaluatedAt: Date, policyHash: String, outcome: EvaluationOutcome?) {
        self.runID = runID
        self.evaluatedAt = evaluatedAt
        self.policyHash = policyHash
        self.outcome = outcome
    }

    /// The run where these findings were last judged: this run, or the one it reused.
    public var judgedInRunID: Int64 { outcome?.reusedFromRunID ?? runID }
}
