import Extraction
import Foundation
import XCTest
import Inventory

/// The inventory's side of reusing an evaluation: the key of the current branches, the stored inputs and
/// decision, and carrying a run's findings to the next run by extending their spans.
final class AppDatabaseEvaluationReuseTests: XCTestCase {
    private static let inputs = EvaluationInputs(policyHash: "p", referencesKey: "r", catalogsKey: "c",
                                                 evaluatorVersion: "census 1.0, evaluator 1 (0)")

    private func crawl(_ fleet: Fleet, at date: Date, _ branches: [(String, String, [Reference]?)]) throws -> Int64 {
        let run = try fleet.database.startRun(at: date)
        for (branch, commit, references) in branches {
            if let references {
                try fleet.scanned(run, fleet.arcade, branch, commit, references, at: date)
            } else {
                try fleet.unchanged(run, fleet.arcade, branch, commit)
            }
        }
        try fleet.repositoryOK(run, fleet.arcade)
        return run
    }

    func testTheCurrentReferencesKeyChangesWithABranchCommitScanAndNothingElse() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        _ = try crawl(fleet, at: Fixtures.day1, [("main", Fixtures.commit("a"), [Fixtures.centos])])
        let first = try fleet.database.currentReferencesKey()
        _ = try crawl(fleet, at: Fixtures.day8, [("main", Fixtures.commit("a"), nil)])
        XCTAssertEqual(try fleet.database.currentReferencesKey(), first)
        _ = try crawl(fleet, at: Fixtures.day8, [("main", Fixtures.commit("a"), nil),
                                                 ("release/9.0", Fixtures.commit("b"), [Fixtures.centos])])
        let withRelease = try fleet.database.currentReferencesKey()
        XCTAssertNotEqual(withRelease, first)
        _ = try crawl(fleet, at: Fixtures.day15, [("main", Fixtures.commit("c"), [Fixtures.ubuntu]),
                                                  ("release/9.0", Fixtures.commit("b"), nil)])
        XCTAssertNotEqual(try fleet.database.currentReferencesKey(), withRelease)
    }

    func testAReusedEvaluationExtendsEverySpanInsteadOfStoringFindings() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let first = try crawl(fleet, at: Fixtures.day1, [("main", Fixtures.commit("a"), [Fixtures.centos, Fixtures.ubuntu])])
        let ids = try fleet.database.currentReferences().compactMap(\.referenceID)
        let findings = ids.map {
            FindingRecord(referenceID: $0, rule: "eol-os", severity: "error", message: "ended", suggestion: nil,
                          explanation: "no fixes")
        }
        let judged = EvaluationOutcome(inputs: Self.inputs, validUntil: Fixtures.day15, findings: 2, distinct: 2,
                                       decision: "judged: no earlier evaluation")
        try fleet.database.recordFindings(runID: first, policyHash: "p", evaluatedAt: Fixtures.day1, findings: findings,
                                          outcome: judged)
        let stored = try XCTUnwrap(try fleet.database.latestEvaluation())
        XCTAssertEqual(stored, StoredEvaluation(runID: first, evaluatedAt: Fixtures.day1, policyHash: "p", outcome: judged))

        let second = try crawl(fleet, at: Fixtures.day8, [("main", Fixtures.commit("a"), nil)])
        let reused = EvaluationOutcome(inputs: Self.inputs, validUntil: Fixtures.day15, findings: 2, distinct: 2,
                                       reusedFromRunID: first, decision: "reused from run 1")
        try fleet.database.reuseEvaluation(runID: second, previous: stored, evaluatedAt: Fixtures.day8,
                                           staleCatalogs: ["mcr.microsoft.com/x"], outcome: reused)
        XCTAssertEqual(try fleet.column("SELECT first_run_id || '-' || last_run_id FROM finding_span"), ["1-2", "1-2"])
        XCTAssertEqual(try fleet.column("SELECT run_id || ' ' || rule FROM finding ORDER BY run_id, reference_id"),
                       ["1 eol-os", "1 eol-os", "2 eol-os", "2 eol-os"])
        XCTAssertEqual(try fleet.database.evaluation(runID: second)?.outcome, reused)
        XCTAssertEqual(try fleet.database.evaluation(runID: second)?.judgedInRunID, first)
        XCTAssertEqual(try fleet.column("SELECT stale_catalogs FROM policy_evaluation WHERE run_id = 2"),
                       [#"["mcr.microsoft.com\/x"]"#])

        // Only the latest evaluation can be carried, and only to a later run.
        let third = try crawl(fleet, at: Fixtures.day15, [("main", Fixtures.commit("a"), nil)])
        XCTAssertThrowsError(try fleet.database.reuseEvaluation(runID: third, previous: stored, evaluatedAt: Fixtures.day15,
                                                                staleCatalogs: [], outcome: reused))
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM policy_evaluation"), ["2"])
    }

    func testAnEvaluationStoredWithoutAnOutcomeHasNone() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try crawl(fleet, at: Fixtures.day1, [("main", Fixtures.commit("a"), [Fixtures.centos])])
        try fleet.database.recordFindings(runID: run, policyHash: "p", evaluatedAt: Fixtures.day1, findings: [])
        XCTAssertEqual(try fleet.database.latestEvaluation(),
                       StoredEvaluation(runID: run, evaluatedAt: Fixtures.day1, policyHash: "p", outcome: nil))
    }
}
