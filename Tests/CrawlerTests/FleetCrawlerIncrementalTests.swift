import Foundation
import Git
import Inventory
import TestSupport
import XCTest
@testable import Crawler

/// Re-crawls cost little more than what changed: unchanged repositories are not read again and
/// stored commits are not scanned again (here a repository on this machine, read in place).
final class FleetCrawlerIncrementalTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var fixture: GitFixture!
    private var database: AppDatabase!
    private var main: ObjectID!
    private var release: ObjectID!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        fixture = try GitFixture(in: scratch, named: "app.git")
        main = try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.20\n", "src/a.cs": "a\n"])
        release = try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.19\n", "src/a.cs": "a\n"],
                                     on: "release/1.0", parents: [main])
        database = try AppDatabase.inMemory()
    }

    private func crawl(_ patterns: [String] = ["main", "release/*"]) async throws -> CrawlSummary {
        let crawler = FleetCrawler(database: database, cacheDirectory: scratch.path("mirrors"), jobs: 2, scanJobs: 2,
                                   credentials: .anonymous)
        let spec = RepositorySpec(url: fixture.path, branches: patterns.compactMap(BranchPattern.init), name: "app")
        return try await crawler.crawl([spec])
    }

    private func rows(_ sql: String, _ arguments: [QueryValue] = []) throws -> [[QueryValue]] {
        try database.readOnlyQuery(sql: sql, arguments: arguments).rows
    }

    private func branchScans(run: Int64) throws -> [[QueryValue]] {
        try rows("""
            SELECT b.name, s.status, s.commit_id, s.commit_scan_id FROM branch_scan s JOIN branch b ON b.id = s.branch_id
            WHERE s.run_id = ? ORDER BY b.name
            """, [.integer(run)])
    }

    func testAnUnchangedRepositoryIsNeitherFetchedNorScannedAndSharesItsStoredCommits() async throws {
        let first = try await crawl()
        let second = try await crawl()

        XCTAssertEqual(second.outcomes.map(\.fetchSkipped), [true])
        XCTAssertEqual(second.outcomes.map(\.branchesReused), [2])
        let before = try branchScans(run: first.runID)
        let after = try branchScans(run: second.runID)
        XCTAssertEqual(before.map { [$0[0], $0[1], $0[2]] }, [
            [.text("main"), .text("ok"), .text(main.hex)], [.text("release/1.0"), .text("ok"), .text(release.hex)],
        ])
        XCTAssertEqual(after.map { [$0[0], $0[1], $0[2]] }, [
            [.text("main"), .text("unchanged"), .text(main.hex)],
            [.text("release/1.0"), .text("unchanged"), .text(release.hex)],
        ])
        XCTAssertEqual(after.map { $0[3] }, before.map { $0[3] })
        XCTAssertEqual(try rows("SELECT count(*) FROM commit_scan"), [[.integer(2)]])
    }

    func testOneNewCommitIsTheOnlyThingScannedAgain() async throws {
        _ = try await crawl()
        let moved = try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.21\n", "src/a.cs": "a\n"], on: "release/1.0")

        let summary = try await crawl()

        XCTAssertEqual(summary.outcomes.map(\.branchesReused), [1])
        XCTAssertEqual(try branchScans(run: summary.runID).map { [$0[0], $0[1], $0[2]] }, [
            [.text("main"), .text("unchanged"), .text(main.hex)], [.text("release/1.0"), .text("ok"), .text(moved.hex)],
        ])
        XCTAssertEqual(try rows("SELECT count(*) FROM commit_scan"), [[.integer(3)]])
    }

    func testBranchesAtOneCommitAreScannedOnceAndShareItsReferences() async throws {
        try fixture.repository.setReference("refs/heads/release/2.0", to: main)

        let summary = try await crawl()

        let scans = try branchScans(run: summary.runID)
        XCTAssertEqual(scans.map { $0[0] }, [.text("main"), .text("release/1.0"), .text("release/2.0")])
        XCTAssertEqual(scans[0][3], scans[2][3])
        XCTAssertEqual(try rows("SELECT count(*) FROM commit_scan"), [[.integer(2)]])
    }

    func testNarrowingTheTrackedBranchesRecordsOnlyTheTrackedOnes() async throws {
        _ = try await crawl()
        let summary = try await crawl(["main"])

        XCTAssertEqual(summary.outcomes.map(\.branches), [1])
        XCTAssertEqual(try branchScans(run: summary.runID).map { $0[0] }, [.text("main")])
    }

    func testTreeListingsAndFactsAreCachedInTheInventory() async throws {
        _ = try await crawl()

        // Trees: main's root and src. release/1.0 is scanned as its difference from main (only its
        // root differs), which lists no trees.
        XCTAssertEqual(try rows("SELECT count(*) FROM tree_candidates"), [[.integer(2)]])
        XCTAssertEqual(try rows("SELECT count(DISTINCT blob_id) FROM blob_facts WHERE file_kind = 'dockerfile'"),
                       [[.integer(2)]])
    }
}
