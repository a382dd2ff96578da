import Extraction
import Foundation
@testable import Inventory
import XCTest

final class AppDatabaseMergeTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try Fixtures.scratchDirectory(for: self)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A shard inventory whose one run crawled `repositories`, each with `main` at `commit` naming `references`.
    @discardableResult
    private func shard(_ name: String, version: String? = "1.0.0", shard: String? = nil, repositories: [String],
                       references: [Reference] = [Fixtures.ubuntu], finished: Bool = true) throws -> String {
        let database = try AppDatabase(path: path(name))
        let run = try database.startRun(at: Fixtures.day1, censusVersion: version, shard: shard)
        for (number, repository) in repositories.enumerated() {
            let id = try database.upsertRepository(RepositoryInfo(name: repository, url: "https://example.com/\(repository)"))
            try database.recordBranchScan(BranchScanRecord(
                runID: run, repositoryID: id, branch: "main", commit: Fixtures.commit(Character("\(number % 10)")),
                status: .ok, references: references, scannedAt: Fixtures.day1))
            try database.recordRepositoryScan(runID: run, repositoryID: id, status: .ok, error: nil,
                                              duration: .milliseconds(10))
        }
        if finished {
            try database.finishRun(run, at: Fixtures.day1, repositoriesTotal: repositories.count, repositoriesFailed: 0,
                                   status: .ok)
        }
        return path(name)
    }

    private func refusal(_ shards: [String], version: String = "1.0.0") throws -> String {
        let central = try AppDatabase(path: path("central.sqlite"))
        do {
            _ = try central.merge(shards: shards, censusVersion: version, carryFindings: true, at: Fixtures.day8)
            XCTFail("merged \(shards)")
            return ""
        } catch let error as InventoryError {
            guard case .mergeRefused = error else { throw error }
            XCTAssertEqual(try central.column("SELECT COUNT(*) FROM run"), ["0"], "nothing was merged")
            return error.description
        }
    }

    func testShardsFromAnotherCensusVersionAreRefused() throws {
        let first = try shard("a.sqlite", shard: "0/2", repositories: ["a"])
        let second = try shard("b.sqlite", version: "0.9.0", shard: "1/2", repositories: ["b"])
        XCTAssertEqual(try refusal([first, second]), "cannot merge: \(second) was crawled by census 0.9.0 and this is "
                       + "census 1.0.0: crawl every shard with the census version that merges them")
    }

    func testAShardStillCrawlingIsRefused() throws {
        let running = try shard("a.sqlite", shard: "0/1", repositories: ["a"], finished: false)
        XCTAssertTrue(try refusal([running]).contains("the latest run #1 of \(running) is still running"))
    }

    func testARepositoryInTwoShardsIsRefused() throws {
        let first = try shard("a.sqlite", shard: "0/2", repositories: ["a", "both"])
        let second = try shard("b.sqlite", shard: "1/2", repositories: ["both"])
        XCTAssertTrue(try refusal([first, second]).contains("repository both is in both \(first) and \(second)"))
    }

    func testTwoCrawlsOfOneShardOrShardsOfDifferentSplitsAreRefused() throws {
        let first = try shard("a.sqlite", shard: "0/2", repositories: ["a"])
        let again = try shard("b.sqlite", shard: "0/2", repositories: ["b"])
        let other = try shard("c.sqlite", shard: "1/3", repositories: ["c"])
        XCTAssertTrue(try refusal([first, again]).contains("\(first) and \(again) are both shard 0/2"))
        XCTAssertTrue(try refusal([first, other]).contains("the shards split the fleet differently (0/2, 1/3)"))
    }

    func testTheCentralInventoryCannotBeItsOwnShard() throws {
        let central = try shard("central.sqlite", repositories: ["a"])
        let database = try AppDatabase(path: central)
        XCTAssertThrowsError(try database.merge(shards: [central], censusVersion: "1.0.0", carryFindings: true,
                                                at: Fixtures.day8)) { error in
            XCTAssertEqual((error as? InventoryError)?.description, "cannot merge: \(central) is the central inventory \(central) itself")
        }
    }

    func testAFileTwoShardsShareIsStoredOnceWithItsReferences() throws {
        let first = try shard("a.sqlite", shard: "0/2", repositories: ["a"], references: [Fixtures.ubuntu, Fixtures.prereqs])
        let second = try shard("b.sqlite", shard: "1/2", repositories: ["b"], references: [Fixtures.ubuntu])
        let central = try AppDatabase(path: path("central.sqlite"))
        let summary = try central.merge(shards: [first, second], censusVersion: "1.0.0", carryFindings: true,
                                        at: Fixtures.day8)
        XCTAssertEqual(summary.status, .ok)
        XCTAssertEqual(summary.repositories, 2)
        XCTAssertNil(summary.findingsCarried, "neither shard was judged")
        // The Ubuntu Dockerfile is one file scan in both shards' commits; prereqs' file is the other.
        XCTAssertEqual(try central.column("SELECT COUNT(*) FROM file_scan"), ["2"])
        XCTAssertEqual(try central.column("SELECT COUNT(*) FROM file_reference"), ["2"])
        XCTAssertEqual(try central.column("SELECT COUNT(*) FROM commit_file"), ["3"])
        XCTAssertEqual(try central.column("SELECT repository || ' ' || path FROM current_references ORDER BY 1"),
                       ["a docker/build.Dockerfile", "a eng/Dockerfile", "b docker/build.Dockerfile"])
        XCTAssertEqual(try central.column("SELECT shard FROM merged_shard ORDER BY shard"), ["0/2", "1/2"])
    }
}
