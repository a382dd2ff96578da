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

    /// Judges `current_references` as of `now` with `catalogs` and stores the findings under `runID`;
    /// returns how many were stored.
    @discardableResult
    public func evaluateCurrentReferences(runID: Int64, catalogs: CatalogSnapshot, now: Date) throws -> Int {
        var records: [FindingRecord] = []
        // The same image written the same way gets the same findings wherever it is: judge it once.
        var memo: [[String]: [Finding]] = [:]
        // A reference row belongs to a file scan that every branch with that file shares, and a finding
        // judges the reference's content: one finding row per reference serves all those branches.
        var judged: Set<Int64> = []
        for stored in try database.currentReferences() {
            guard let referenceID = stored.referenceID, judged.insert(referenceID).inserted else { continue }
            let reference = stored.reference
            let key = [reference.kind, reference.raw, reference.image ?? "", reference.reason ?? "",
                       "\(reference.resolved)", "\(reference.valid)"]
            let findings = memo[key] ?? evaluator.evaluate(reference: reference, catalogs: catalogs, now: now)
            memo[key] = findings
            for finding in findings {
                records.append(FindingRecord(referenceID: referenceID, rule: finding.rule.rawValue,
                                             severity: finding.severity.rawValue, message: finding.message,
                                             suggestion: finding.suggestion, explanation: finding.explanation))
            }
        }
        let stale = catalogs.catalogs.values.filter(\.isStale).map(\.repository).sorted()
        try database.recordFindings(runID: runID, policyHash: evaluator.policy.hash, evaluatedAt: now,
                                    staleCatalogs: stale, findings: records)
        return records.count
    }
}
