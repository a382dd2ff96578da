import Extraction
import Foundation
import Inventory
import TestSupport
import XCTest
@testable import Policy

/// A crawl reuses the previous evaluation only while nothing its findings depend on changed: each input
/// that changes (branches, policy, catalog data, census version, the date across a threshold) makes it
/// judge again, and a reused run reads in every view exactly as a judged one.
final class EvaluationReuseTests: XCTestCase {
    private static let main = String(repeating: "a", count: 40)
    private static let moved = String(repeating: "b", count: 40)
    private static let release = String(repeating: "c", count: 40)

    private static let references = [
        RuleFixture.usage("\(RuleFixture.prereqs):ubuntu-18.04-cross-arm64", path: "eng/pipelines/ci.yml", line: 40),
        RuleFixture.usage("\(RuleFixture.prereqs):ubuntu-22.04-cross-arm64", path: "eng/pipelines/ci.yml", line: 52),
        RuleFixture.usage("contoso.azurecr.io/build/tools:base-20260601120000-abc1234", path: "eng/build.yml", line: 3),
    ]

    /// One repository crawled into an in-memory inventory, run by run.
    private struct Fleet {
        let database: AppDatabase
        let repositoryID: Int64

        init() throws {
            database = try AppDatabase.inMemory()
            repositoryID = try database.upsertRepository(RepositoryInfo(name: "dotnet/runtime", url: "/srv/runtime.git",
                                                                        team: "runtime"))
        }

        /// A run at `date` that finds `branches` (name → commit, with the references of a commit not seen
        /// before; `nil` for a branch still at the commit it had).
        func crawl(at date: Date, census: String = "1.0",
                   _ branches: [(name: String, commit: String, references: [Reference]?)]) throws -> Int64 {
            let run = try database.startRun(at: date, censusVersion: census)
            for branch in branches {
                try database.recordBranchScan(BranchScanRecord(
                    runID: run, repositoryID: repositoryID, branch: branch.name, commit: branch.commit,
                    status: branch.references == nil ? .unchanged : .ok, references: branch.references, scannedAt: date))
            }
            try database.recordRepositoryScan(runID: run, repositoryID: repositoryID, status: .ok, error: nil,
                                              duration: .seconds(1))
            try database.finishRun(run, at: date, repositoriesTotal: 1, repositoriesFailed: 0, status: .ok)
            return run
        }

        @discardableResult
        func evaluate(_ run: Int64, at date: Date, policy: PolicyDocument = RuleFixture.policy,
                      catalogs: CatalogSnapshot = RuleFixture.catalogs,
                      reuse: Bool = true) throws -> FindingsRecorder.Evaluation {
            try FindingsRecorder(policy: policy, database: database)
                .evaluateCurrentReferences(runID: run, catalogs: catalogs, now: date, reuse: reuse)
        }

        /// Every finding of the current findings, in words.
        func current() throws -> [String] {
            try database.currentFindings().map { "\($0.branch) \($0.line) \($0.rule): \($0.message)" }
        }

        /// The rows of every view that reads findings, as text.
        func views() throws -> [String] {
            let queries = [
                "SELECT * FROM finding ORDER BY run_id, reference_id, rule",
                "SELECT * FROM current_findings ORDER BY repository, branch, path, line, rule",
                "SELECT * FROM run_findings ORDER BY as_of_run_id, repository, branch, path, line, rule",
                "SELECT * FROM findings_by_run ORDER BY run_id, rule, severity",
                "SELECT * FROM weekly_trend ORDER BY week",
                "SELECT * FROM weekly_findings ORDER BY week, rule",
                "SELECT run_id, policy_hash, evaluated_at, stale_catalogs, findings_count, distinct_count FROM policy_evaluation ORDER BY run_id",
            ]
            return try queries.map { "\(try database.readOnlyQuery(sql: $0).rows)" }
        }

        func storedDecision(_ run: Int64) throws -> String {
            try XCTUnwrap(try database.evaluation(runID: run)?.outcome?.decision)
        }
    }

    private static func at(_ text: String) -> Date {
        // "2026-11-29 11:00" in UTC.
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        return CalendarDay.date(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4])!
    }

    private func firstCrawl(_ fleet: Fleet, at date: Date = at("2026-11-22 08:00"),
                            references: [Reference] = references) throws -> Int64 {
        let run = try fleet.crawl(at: date, [("main", Self.main, references)])
        let evaluation = try fleet.evaluate(run, at: date)
        XCTAssertNil(evaluation.reusedFromRunID)
        XCTAssertEqual(try fleet.storedDecision(run), "judged: no earlier evaluation")
        return run
    }

    // MARK: - Reuse

    func testUnchangedRecrawlReusesTheEvaluationAndReadsAsAJudgedOne() throws {
        let reused = try Fleet(), judged = try Fleet()
        var evaluations: [FindingsRecorder.Evaluation] = []
        for (fleet, reuse) in [(reused, true), (judged, false)] {
            let first = try firstCrawl(fleet)
            for hour in [9, 10] {
                let date = Self.at("2026-11-22 \(hour):00")
                let run = try fleet.crawl(at: date, [("main", Self.main, nil)])
                evaluations.append(try fleet.evaluate(run, at: date, reuse: reuse))
                XCTAssertEqual(run, first + Int64(hour - 8))
            }
        }
        XCTAssertEqual(evaluations[0].reusedFromRunID, 1)
        XCTAssertEqual(evaluations[1].reusedFromRunID, 2)
        XCTAssertNil(evaluations[2].reusedFromRunID)
        XCTAssertEqual(evaluations.map(\.counts), Array(repeating: evaluations[2].counts, count: 4))
        XCTAssertEqual(try reused.storedDecision(2), "reused from run 1: nothing it depends on changed since run 1, "
                       + "valid until 2026-11-23 00:00:00 UTC")
        XCTAssertEqual(try reused.storedDecision(3), "reused from run 2: nothing it depends on changed since run 2, "
                       + "judged in run 1, valid until 2026-11-23 00:00:00 UTC")
        XCTAssertEqual(try reused.database.evaluation(runID: 3)?.outcome?.reusedFromRunID, 1)
        XCTAssertEqual(try judged.storedDecision(3), "judged: asked to judge again")
        XCTAssertEqual(try reused.views(), try judged.views())
        // ubuntu-18.04-cross-arm64 is removed, outdated and end of life; the timestamped tag is non-standard.
        XCTAssertEqual(try reused.current().count, 4)
        // Shared, not copied: one stored span per finding however many runs reuse it.
        XCTAssertEqual(try reused.database.readOnlyQuery(sql: "SELECT count(*), max(last_run_id) FROM finding_span").rows,
                       [[.integer(4), .integer(3)]])
    }

    func testAnEvaluationIsReusedUntilTheInstantAnAgeCrossesTheLimitAndThenJudgedAgain() throws {
        // The timestamped tag was built 2026-06-01 12:00 UTC: 180 days old (the limit) until 2026-11-29 12:00.
        let fleet = try Fleet()
        _ = try firstCrawl(fleet, references: [Self.references[2]])
        let within = try fleet.crawl(at: Self.at("2026-11-29 11:00"), [("main", Self.main, nil)])
        XCTAssertEqual(try fleet.evaluate(within, at: Self.at("2026-11-29 11:00")).reusedFromRunID, 1)
        XCTAssertFalse(try fleet.current().contains { $0.contains("outdated-tag") && $0.contains("build/tools") })

        // Two hours later on the same day the tag is 181 days old: judged, and the finding appears.
        let past = try fleet.crawl(at: Self.at("2026-11-29 13:00"), [("main", Self.main, nil)])
        let evaluation = try fleet.evaluate(past, at: Self.at("2026-11-29 13:00"))
        XCTAssertNil(evaluation.reusedFromRunID)
        XCTAssertEqual(evaluation.decision, "judged: a judgement of run 2 depends on the date and may have changed at "
                       + "2026-11-29 12:00:00 UTC")
        XCTAssertTrue(try fleet.current().contains {
            $0.hasPrefix("main 3 outdated-tag: 'contoso.azurecr.io/build/tools:base-20260601120000-abc1234' is 181 days old")
        })
        // Its message counts the days, so the next day's crawl judges again and says 182.
        XCTAssertEqual(evaluation.validUntil, Self.at("2026-11-30 12:00"))
        let nextDay = try fleet.crawl(at: Self.at("2026-11-30 12:30"), [("main", Self.main, nil)])
        XCTAssertNil(try fleet.evaluate(nextDay, at: Self.at("2026-11-30 12:30")).reusedFromRunID)
        XCTAssertTrue(try fleet.current().contains { $0.contains("is 182 days old") })
    }

    func testAnOperatingSystemsEndOfLifeDayEndsTheReuse() throws {
        // Ubuntu 25.10 ends on 2026-07-09 (census's table); nothing else here depends on the date.
        let fleet = try Fleet()
        let references = [RuleFixture.usage("ubuntu:25.10", path: "eng/ci.yml", line: 7)]
        let policy = PolicyDocument(maxAgeDays: 180)
        let first = try fleet.crawl(at: Self.at("2026-07-08 22:00"), [("main", Self.main, references)])
        let judged = try fleet.evaluate(first, at: Self.at("2026-07-08 22:00"), policy: policy, catalogs: .empty)
        XCTAssertEqual(judged.validUntil, Self.at("2026-07-09 00:00"))
        XCTAssertFalse(try fleet.current().contains { $0.contains("eol-os") })
        let before = try fleet.crawl(at: Self.at("2026-07-08 23:59"), [("main", Self.main, nil)])
        XCTAssertEqual(try fleet.evaluate(before, at: Self.at("2026-07-08 23:59"), policy: policy, catalogs: .empty)
            .reusedFromRunID, first)

        let after = try fleet.crawl(at: Self.at("2026-07-09 00:30"), [("main", Self.main, nil)])
        XCTAssertNil(try fleet.evaluate(after, at: Self.at("2026-07-09 00:30"), policy: policy, catalogs: .empty)
            .reusedFromRunID)
        XCTAssertTrue(try fleet.current().contains { $0.hasPrefix("main 7 eol-os: 'ubuntu:25.10' is built on Ubuntu 25.10") })
    }

    func testTheEndOfLifeWarningWindowAndItsDayCountEndTheReuse() throws {
        // 30 days before 2026-07-09 is 2026-06-09: the warning starts at 00:00 UTC that day.
        let fleet = try Fleet()
        let references = [RuleFixture.usage("ubuntu:25.10", path: "eng/ci.yml", line: 7)]
        let policy = PolicyDocument(maxAgeDays: 180, warnBeforeEolDays: 30)
        let first = try fleet.crawl(at: Self.at("2026-06-08 23:00"), [("main", Self.main, references)])
        XCTAssertEqual(try fleet.evaluate(first, at: Self.at("2026-06-08 23:00"), policy: policy, catalogs: .empty)
            .validUntil, Self.at("2026-06-09 00:00"))
        XCTAssertEqual(try fleet.current(), [])

        let inside = try fleet.crawl(at: Self.at("2026-06-09 01:00"), [("main", Self.main, nil)])
        let warned = try fleet.evaluate(inside, at: Self.at("2026-06-09 01:00"), policy: policy, catalogs: .empty)
        XCTAssertNil(warned.reusedFromRunID)
        XCTAssertTrue(try fleet.current().contains { $0.contains("eol-soon") && $0.contains("in 30 days") })
        // "in 30 days" holds for the rest of the day only.
        XCTAssertEqual(warned.validUntil, Self.at("2026-06-10 00:00"))
        let later = try fleet.crawl(at: Self.at("2026-06-09 23:00"), [("main", Self.main, nil)])
        XCTAssertEqual(try fleet.evaluate(later, at: Self.at("2026-06-09 23:00"), policy: policy, catalogs: .empty)
            .reusedFromRunID, inside)
        let nextDay = try fleet.crawl(at: Self.at("2026-06-10 01:00"), [("main", Self.main, nil)])
        XCTAssertNil(try fleet.evaluate(nextDay, at: Self.at("2026-06-10 01:00"), policy: policy, catalogs: .empty)
            .reusedFromRunID)
        XCTAssertTrue(try fleet.current().contains { $0.contains("eol-soon") && $0.contains("in 29 days") })
    }

    func testARegistryLifecycleEndOfLifeEndsTheReuse() throws {
        let fleet = try Fleet()
        var catalog = RuleFixture.registryCatalog
        let end = Self.at("2026-11-25 15:30")
        catalog.tags[0].digest = "sha256:" + String(repeating: "d", count: 64)
        catalog.tags[0].lifecycle = ImageLifecycle(endOfLife: end, referrer: "sha256:" + String(repeating: "e", count: 64),
                                                   annotation: "2026-11-25T15:30:00Z", lookup: .api,
                                                   checkedAt: Self.at("2026-11-21 00:00"))
        let catalogs = CatalogSnapshot([catalog])
        let references = [RuleFixture.usage("registry.example.com/team/base:1.0", path: "eng/ci.yml", line: 9)]
        let policy = PolicyDocument(maxAgeDays: 3650)
        let first = try fleet.crawl(at: Self.at("2026-11-25 15:00"), [("main", Self.main, references)])
        XCTAssertEqual(try fleet.evaluate(first, at: Self.at("2026-11-25 15:00"), policy: policy, catalogs: catalogs)
            .validUntil, end)
        XCTAssertFalse(try fleet.current().contains { $0.contains("eol-image") })
        let after = try fleet.crawl(at: Self.at("2026-11-25 16:00"), [("main", Self.main, nil)])
        XCTAssertNil(try fleet.evaluate(after, at: Self.at("2026-11-25 16:00"), policy: policy, catalogs: catalogs)
            .reusedFromRunID)
        XCTAssertTrue(try fleet.current().contains { $0.contains("eol-image") })
    }

    // MARK: - Inputs that changed

    func testAMovedBranchIsJudged() throws {
        let fleet = try Fleet()
        _ = try firstCrawl(fleet)
        let changed = [RuleFixture.usage("\(RuleFixture.prereqs):ubuntu-24.04-helix-amd64", path: "eng/pipelines/ci.yml", line: 40)]
        let run = try fleet.crawl(at: Self.at("2026-11-22 09:00"), [("main", Self.moved, changed)])
        let evaluation = try fleet.evaluate(run, at: Self.at("2026-11-22 09:00"))
        XCTAssertNil(evaluation.reusedFromRunID)
        XCTAssertEqual(try fleet.storedDecision(run), "judged: branches moved, appeared or went away since run 1")
        XCTAssertEqual(try fleet.current(), [])
    }

    func testANewBranchAndARemovedBranchAreJudged() throws {
        let fleet = try Fleet()
        _ = try firstCrawl(fleet)
        let added = try fleet.crawl(at: Self.at("2026-11-22 09:00"),
                                    [("main", Self.main, nil), ("release/9.0", Self.release, Array(Self.references.prefix(1)))])
        XCTAssertNil(try fleet.evaluate(added, at: Self.at("2026-11-22 09:00")).reusedFromRunID)
        XCTAssertEqual(try fleet.current().filter { $0.hasPrefix("release/9.0") }.count, 3)

        let removed = try fleet.crawl(at: Self.at("2026-11-22 10:00"), [("main", Self.main, nil)])
        let evaluation = try fleet.evaluate(removed, at: Self.at("2026-11-22 10:00"))
        XCTAssertNil(evaluation.reusedFromRunID)
        XCTAssertEqual(evaluation.decision, "judged: branches moved, appeared or went away since run 2")
        XCTAssertEqual(try fleet.current().filter { $0.hasPrefix("release/9.0") }, [])
        XCTAssertEqual(evaluation.counts.findings, 4)
    }

    func testAChangedPolicyIsJudged() throws {
        let fleet = try Fleet()
        _ = try firstCrawl(fleet)
        var relaxed = RuleFixture.policy
        relaxed.severities = [.outdatedTag: Severity?.none]
        let run = try fleet.crawl(at: Self.at("2026-11-22 09:00"), [("main", Self.main, nil)])
        let evaluation = try fleet.evaluate(run, at: Self.at("2026-11-22 09:00"), policy: relaxed)
        XCTAssertNil(evaluation.reusedFromRunID)
        XCTAssertEqual(evaluation.decision, "judged: the policy changed since run 1 (\(RuleFixture.policy.hash) → \(relaxed.hash))")
        XCTAssertFalse(try fleet.current().contains { $0.contains("outdated-tag") })
    }

    func testChangedCatalogDataIsJudgedButARefreshWithTheSameFactsIsNot() throws {
        let fleet = try Fleet()
        _ = try firstCrawl(fleet)
        // Confirmed later, same facts: reused.
        var confirmed = RuleFixture.prereqsCatalog
        confirmed.fetchedAt = Self.at("2026-11-22 09:00")
        confirmed.warnings = ["a warning no rule reads"]
        let same = try fleet.crawl(at: Self.at("2026-11-22 09:00"), [("main", Self.main, nil)])
        XCTAssertEqual(try fleet.evaluate(same, at: Self.at("2026-11-22 09:00"),
                                          catalogs: CatalogSnapshot([confirmed, RuleFixture.registryCatalog])).reusedFromRunID, 1)

        // The manifest removed ubuntu-22.04-cross-arm64: judged, and the usage of it is now a removed tag.
        var moved = confirmed
        let index = try XCTUnwrap(moved.tags.firstIndex { $0.tag == "ubuntu-22.04-cross-arm64" })
        moved.tags[index].removedAt = Self.at("2026-11-22 09:30")
        let run = try fleet.crawl(at: Self.at("2026-11-22 10:00"), [("main", Self.main, nil)])
        let evaluation = try fleet.evaluate(run, at: Self.at("2026-11-22 10:00"),
                                            catalogs: CatalogSnapshot([moved, RuleFixture.registryCatalog]))
        XCTAssertNil(evaluation.reusedFromRunID)
        XCTAssertEqual(evaluation.decision, "judged: the catalog data changed since run 2")
        XCTAssertTrue(try fleet.current().contains { $0.hasPrefix("main 52 removed-tag") })
    }

    func testAStaleCatalogIsJudged() throws {
        let fleet = try Fleet()
        _ = try firstCrawl(fleet)
        var stale = RuleFixture.prereqsCatalog
        stale.staleReason = "refresh on 2026-11-22 failed: unreachable"
        let run = try fleet.crawl(at: Self.at("2026-11-22 09:00"), [("main", Self.main, nil)])
        XCTAssertEqual(try fleet.evaluate(run, at: Self.at("2026-11-22 09:00"),
                                          catalogs: CatalogSnapshot([stale, RuleFixture.registryCatalog])).decision,
                       "judged: the catalog data changed since run 1")
        XCTAssertTrue(try fleet.current().contains { $0.contains("removed-tag") && $0.contains("ubuntu-18.04") })
        let stored = try fleet.database.readOnlyQuery(sql: "SELECT stale_catalogs FROM policy_evaluation WHERE run_id = 2").rows
        XCTAssertEqual(stored.count, 1)
        XCTAssertTrue("\(stored)".contains("dotnet-buildtools"), "\(stored)")
    }

    func testAnotherCensusVersionIsJudged() throws {
        let fleet = try Fleet()
        _ = try firstCrawl(fleet)
        let run = try fleet.crawl(at: Self.at("2026-11-22 09:00"), census: "1.1", [("main", Self.main, nil)])
        let evaluation = try fleet.evaluate(run, at: Self.at("2026-11-22 09:00"))
        XCTAssertNil(evaluation.reusedFromRunID)
        XCTAssertEqual(evaluation.decision, "judged: census or its evaluator changed since run 1 "
                       + "(census 1.0, \(PolicyEvaluator.version) → census 1.1, \(PolicyEvaluator.version))")
    }

    func testAnotherEvaluatorVersionIsJudged() throws {
        let previous = StoredEvaluation(runID: 4, evaluatedAt: Self.at("2026-11-22 08:00"), policyHash: "p", outcome: EvaluationOutcome(
            inputs: EvaluationInputs(policyHash: "p", referencesKey: "r", catalogsKey: "c", evaluatorVersion: "census 1.0, evaluator 1 (0)"),
            validUntil: nil, findings: 3, distinct: 3, decision: "judged: no earlier evaluation"))
        var inputs = try XCTUnwrap(previous.outcome?.inputs)
        guard case .reuse = EvaluationReuse.decide(previous: previous, inputs: inputs, now: Self.at("2026-11-22 09:00")) else {
            return XCTFail("the same inputs should be reused")
        }
        inputs.evaluatorVersion = "census 1.0, evaluator 2 (1)"
        XCTAssertEqual(EvaluationReuse.decide(previous: previous, inputs: inputs, now: Self.at("2026-11-22 09:00")),
                       .judge(reason: "census or its evaluator changed since run 4 (census 1.0, evaluator 1 (0) → census 1.0, evaluator 2 (1))"))
    }

    func testAnEarlierDateThanThePreviousEvaluationIsJudged() throws {
        let fleet = try Fleet()
        _ = try firstCrawl(fleet, at: Self.at("2026-11-29 13:00"))
        XCTAssertTrue(try fleet.current().contains { $0.contains("outdated-tag") && $0.contains("build/tools") })
        // Backdated (as the demo's weeks are): judged as of its own date, where the tag was not yet too old.
        let run = try fleet.crawl(at: Self.at("2026-11-29 11:00"), [("main", Self.main, nil)])
        XCTAssertEqual(try fleet.evaluate(run, at: Self.at("2026-11-29 11:00")).decision,
                       "judged: this evaluation's date is before run 1's")
        XCTAssertFalse(try fleet.current().contains { $0.contains("outdated-tag") && $0.contains("build/tools") })
    }

    func testAnEvaluationStoredWithoutItsInputsIsJudged() throws {
        let fleet = try Fleet()
        let run = try fleet.crawl(at: Self.at("2026-11-22 08:00"), [("main", Self.main, Self.references)])
        try fleet.database.recordFindings(runID: run, policyHash: RuleFixture.policy.hash,
                                          evaluatedAt: Self.at("2026-11-22 08:00"), findings: [])
        let next = try fleet.crawl(at: Self.at("2026-11-22 09:00"), [("main", Self.main, nil)])
        XCTAssertEqual(try fleet.evaluate(next, at: Self.at("2026-11-22 09:00")).decision,
                       "judged: run 1's evaluation recorded nothing it depended on (stored by an older census or by census merge)")
        XCTAssertEqual(try fleet.current().count, 4)
    }

    func testTheCatalogKeyIgnoresWhenFreshFactsWereConfirmedButNotWhenStaleOnesWereFetched() {
        var later = RuleFixture.prereqsCatalog
        later.fetchedAt = Self.at("2026-11-22 09:00")
        XCTAssertEqual(CatalogSnapshot([later]).contentKey, CatalogSnapshot([RuleFixture.prereqsCatalog]).contentKey)
        // A stale catalog's explanations name the day of its last good facts.
        var stale = RuleFixture.prereqsCatalog
        stale.staleReason = "refresh on 2026-11-22 failed: unreachable"
        var staleLater = stale
        staleLater.fetchedAt = Self.at("2026-11-21 09:00")
        XCTAssertNotEqual(CatalogSnapshot([staleLater]).contentKey, CatalogSnapshot([stale]).contentKey)
        var removed = RuleFixture.prereqsCatalog
        removed.tags.removeLast()
        XCTAssertNotEqual(CatalogSnapshot([removed]).contentKey, CatalogSnapshot([RuleFixture.prereqsCatalog]).contentKey)
    }

    func testARunEvaluatedAgainAfterALaterOneIsJudgedAndTheInventoryRefusesToCarryOntoIt() throws {
        let fleet = try Fleet()
        let first = try firstCrawl(fleet)
        let second = try fleet.crawl(at: Self.at("2026-11-22 09:00"), [("main", Self.main, nil)])
        try fleet.evaluate(second, at: Self.at("2026-11-22 09:00"))
        XCTAssertEqual(try fleet.evaluate(first, at: Self.at("2026-11-22 08:00")).decision, "judged: run 2 was evaluated after it")
        let latest = try XCTUnwrap(try fleet.database.evaluation(runID: second))
        XCTAssertThrowsError(try fleet.database.reuseEvaluation(runID: first, previous: latest, evaluatedAt: Self.at("2026-11-22 08:00"),
                                                                staleCatalogs: [], outcome: try XCTUnwrap(latest.outcome)))
        XCTAssertEqual(try fleet.current().count, 4)
    }
}
