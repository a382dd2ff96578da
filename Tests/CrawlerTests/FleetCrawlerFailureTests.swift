import Foundation
import GRDB
import Inventory
import TestSupport
import XCTest
@testable import Crawler

/// A branch that cannot be scanned or recorded is a failure everywhere: the repository and the run are
/// `partial`, the summary names the branch and its error, and the views mark its data stale.
final class FleetCrawlerFailureTests: XCTestCase {
    var scratch: ScratchDirectory!
    var database: AppDatabase!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        database = try AppDatabase(path: scratch.path("census.sqlite"))
    }

    func crawler() -> FleetCrawler {
        FleetCrawler(database: database, cacheDirectory: scratch.path("mirrors"), jobs: 2, credentials: .anonymous)
    }

    /// `tools` tracks main and release/1.0; both moved since the first crawl.
    func crawledTwiceReady() async throws -> (fixture: GitFixture, specs: [RepositorySpec]) {
        let tools = try GitFixture(in: scratch, named: "tools")
        try tools.commit(texts: ["Dockerfile": "FROM ubuntu:22.04\n"], on: "main")
        try tools.commit(texts: ["Dockerfile": "FROM centos:7\n"], on: "release/1.0")
        try tools.setDefaultBranch("main")
        let specs = try RepoList.parse("\(tools.path) branches=main,release/*\n")
        let first = try await crawler().crawl(specs)
        XCTAssertTrue(first.failures.isEmpty, "\(first.failures)")
        try tools.commit(texts: ["Dockerfile": "FROM ubuntu:24.04\n"], on: "main")
        try tools.commit(texts: ["Dockerfile": "FROM centos:8\n"], on: "release/1.0")
        return (tools, specs)
    }

    /// Makes the database refuse branch scans of `branch` as SQLite does on a full disk; `alsoFailures`
    /// refuses even the row that records the failure.
    func refuseBranchScans(of branch: String, alsoFailures: Bool) throws {
        let queue = try DatabaseQueue(path: scratch.path("census.sqlite"))
        let condition = alsoFailures ? "" : "AND NEW.status <> 'failed'"
        try queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_branch BEFORE INSERT ON branch_scan
                WHEN (SELECT name FROM branch WHERE id = NEW.branch_id) = '\(branch)' \(condition)
                BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END
                """)
        }
    }

    func value(_ sql: String) throws -> QueryValue? {
        try database.readOnlyQuery(sql: sql).rows.first?.first
    }

    func testBranchThatCannotBeRecordedMakesRepositoryAndRunPartial() async throws {
        let fleet = try await crawledTwiceReady()
        try refuseBranchScans(of: "release/1.0", alsoFailures: false)
        let summary = try await crawler().crawl(fleet.specs)

        let tools = try XCTUnwrap(summary.outcomes.first)
        XCTAssertEqual(tools.status, .partial)
        XCTAssertEqual(summary.failures.map(\.name), ["tools"])
        XCTAssertEqual(tools.branchesFailed, 1)
        XCTAssertEqual(tools.branchErrors.count, 1)
        XCTAssertTrue(tools.branchErrors[0].hasPrefix("release/1.0: "), tools.branchErrors[0])
        XCTAssertTrue(tools.branchErrors[0].contains("database or disk is full"), tools.branchErrors[0])
        XCTAssertTrue(CrawlProgressPrinter.describe(tools).hasPrefix("PARTIAL tools: 2 branches (1 failed)"),
                      CrawlProgressPrinter.describe(tools))

        let run = try XCTUnwrap(database.latestRuns(limit: 1).first)
        XCTAssertEqual(run.status, .partial)
        XCTAssertEqual(run.repositoriesFailed, 1)
        XCTAssertEqual(try value("SELECT status || ': ' || error FROM repository_scan WHERE run_id = \(summary.runID)"),
                       .text("partial: 1 of 2 branches failed: release/1.0"))
        XCTAssertEqual(try database.failedBranches(runID: summary.runID).map(\.branch), ["release/1.0"])

        // release/1.0 keeps its earlier references, marked stale; main is current.
        let current = try database.currentReferences()
        XCTAssertEqual(current.map { "\($0.branch) \($0.reference.image ?? "-") stale=\($0.stale)" }.sorted(), [
            "main ubuntu:24.04 stale=false",
            "release/1.0 centos:7 stale=true",
        ])
        XCTAssertEqual(try value("SELECT repositories_failed FROM weekly_trend WHERE run_id = \(summary.runID)"),
                       .integer(1))
    }

    func testBranchWhoseFailureCannotBeRecordedFailsTheRepositoryAndKeepsItsLastCrawlStale() async throws {
        let fleet = try await crawledTwiceReady()
        try refuseBranchScans(of: "release/1.0", alsoFailures: true)
        let summary = try await crawler().crawl(fleet.specs)

        let tools = try XCTUnwrap(summary.outcomes.first)
        XCTAssertEqual(tools.status, .failed)
        let error = try XCTUnwrap(tools.error)
        XCTAssertTrue(error.hasPrefix("branch release/1.0 could not be recorded: "), error)
        XCTAssertTrue(error.contains("database or disk is full"), error)
        XCTAssertEqual(try database.latestRuns(limit: 1).first?.status, .partial)
        XCTAssertEqual(try database.failedRepositories(runID: summary.runID).map(\.name), ["tools"])

        // Neither branch reads as deleted: both keep the first crawl's references, marked stale.
        let current = try database.currentReferences()
        XCTAssertEqual(current.map { "\($0.branch) \($0.reference.image ?? "-") stale=\($0.stale)" }.sorted(), [
            "main ubuntu:22.04 stale=true",
            "release/1.0 centos:7 stale=true",
        ])
    }

    func testRepositoryThatFailsWholeMarksItsBranchesStale() async throws {
        let fleet = try await crawledTwiceReady()
        try FileManager.default.removeItem(atPath: fleet.fixture.path)
        let summary = try await crawler().crawl(fleet.specs)

        XCTAssertEqual(summary.outcomes.first?.status, .failed)
        let current = try database.currentReferences()
        XCTAssertEqual(current.map { "\($0.branch) stale=\($0.stale)" }.sorted(),
                       ["main stale=true", "release/1.0 stale=true"])
    }

    func testBranchesScannedFromABaseThatCannotBeRecordedAreRecordedWhole() async throws {
        // The release branches are scanned as differences from main while main is recorded; main's record
        // fails, so they have nothing to be stored as differences from and are scanned again whole.
        let app = try GitFixture(in: scratch, named: "app")
        let base = try app.commit(texts: ["Dockerfile": "FROM ubuntu:24.04\n", "ci/Dockerfile": "FROM alpine:3.20\n"], on: "main")
        try app.setDefaultBranch("main")
        for version in 1...3 {
            try app.commit(["Dockerfile": .text("FROM ubuntu:24.04\n"), "ci/Dockerfile": .text("FROM alpine:3.\(version)\n")],
                           on: "release/\(version).0", parents: [base])
        }
        try refuseBranchScans(of: "main", alsoFailures: false)
        let summary = try await crawler().crawl(try RepoList.parse("\(app.path) branches=main,release/*\n"))

        let outcome = try XCTUnwrap(summary.outcomes.first)
        XCTAssertEqual(outcome.branchesFailed, 1)
        XCTAssertTrue(outcome.branchErrors.first?.hasPrefix("main: ") == true, "\(outcome.branchErrors)")
        XCTAssertEqual(try database.currentReferences().filter { $0.branch != "main" }
            .map { "\($0.branch) \($0.reference.path) \($0.reference.image ?? "-")" }.sorted(), [
            "release/1.0 Dockerfile ubuntu:24.04", "release/1.0 ci/Dockerfile alpine:3.1",
            "release/2.0 Dockerfile ubuntu:24.04", "release/2.0 ci/Dockerfile alpine:3.2",
            "release/3.0 Dockerfile ubuntu:24.04", "release/3.0 ci/Dockerfile alpine:3.3",
        ])
        // Stored whole: no commit scan has a base.
        XCTAssertEqual(try value("SELECT count(*) FROM commit_scan WHERE base_commit_scan_id IS NOT NULL"), .integer(0))
        XCTAssertEqual(try value("SELECT count(*) FROM commit_scan"), .integer(3))
    }
}
