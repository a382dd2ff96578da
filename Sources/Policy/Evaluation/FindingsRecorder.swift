import Foundation
import Inventory

/// Evaluates every current reference of the inventory and stores the findings for a run, with the
/// policy's hash, so week-over-week trends are plain SQL (`findings_by_run`, `current_findings`).
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

    /// Judges `current_references` as of `now` with `catalogs` and stores the findings under `runID`;
    /// returns how many there are, per branch and distinct.
    @discardableResult
    public func evaluateCurrentReferences(runID: Int64, catalogs: CatalogSnapshot, now: Date) throws -> Counts {
        var records: [FindingRecord] = []
        var perBranch = 0
        // The findings of each judged reference, for the branches that share its file.
        var byReference: [Int64: Int] = [:]
        // The same image written the same way gets the same findings wherever it is: judge it once.
        var memo: [[String]: [Finding]] = [:]
        // A reference row belongs to a file scan that every branch with that file shares, and a finding
        // judges the reference's content: one finding row per reference serves all those branches.
        var judged: Set<Int64> = []
        for stored in try database.currentReferences() {
            guard let referenceID = stored.referenceID else { continue }
            guard judged.insert(referenceID).inserted else {
                perBranch += byReference[referenceID] ?? 0
                continue
            }
            let reference = stored.reference
            let key = [reference.kind, reference.raw, reference.image ?? "", reference.reason ?? "",
                       "\(reference.resolved)", "\(reference.valid)"]
            let findings = memo[key] ?? evaluator.evaluate(reference: reference, catalogs: catalogs, now: now)
            memo[key] = findings
            byReference[referenceID] = findings.count
            perBranch += findings.count
            for finding in findings {
                records.append(FindingRecord(referenceID: referenceID, rule: finding.rule.rawValue,
                                             severity: finding.severity.rawValue, message: finding.message,
                                             suggestion: finding.suggestion, explanation: finding.explanation))
            }
        }
        let stale = catalogs.catalogs.values.filter(\.isStale).map(\.repository).sorted()
        try database.recordFindings(runID: runID, policyHash: evaluator.policy.hash, evaluatedAt: now,
                                    staleCatalogs: stale, findings: records)
        return Counts(findings: perBranch, distinct: records.count)
    }
}
