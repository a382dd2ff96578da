@testable import census_bench
import Foundation
import Git
import XCTest

final class ManyRepositoriesTests: XCTestCase {
    func testSmallRepositoriesHoldTwoBranchesAndAreReusedWhileTheirNumberHolds() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("census-test-many-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        GitLibrary.initialize()

        XCTAssertTrue(try SmallRepositories(count: 3, root: root).prepare(log: { _ in }))
        XCTAssertFalse(try SmallRepositories(count: 3, root: root).prepare(log: { _ in }), "the same number is reused")
        let names = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".git") }.sorted()
        XCTAssertEqual(names, ["small-00000.git", "small-00001.git", "small-00002.git"])
        let branches = try Repository.open(at: root + "/small-00001.git").localBranches()
        XCTAssertEqual(Set(branches.keys), ["main", "release/1"])

        XCTAssertTrue(try SmallRepositories(count: 2, root: root).prepare(log: { _ in }), "another number is generated")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".git") }.count, 2)
    }

    func testTheRowsGiveTheTimePerRepositoryAndHowItGrowsWithTheFleet() {
        func run(_ seconds: Double, _ megabytes: Int) -> ChildProcess.Result {
            ChildProcess.Result(status: 0, seconds: seconds, maxResidentBytes: megabytes << 20, command: ["census"])
        }
        var results = ManyRepositoriesResults(repositories: 400, overHTTP: true)
        results.sizes = [
            .init(repositories: 100, cold: [run(1.0, 50)], noChange: [run(0.2, 40)], governance: [run(0.1, 40)]),
            .init(repositories: 400, cold: [run(4.0, 60)], noChange: [run(1.6, 45)], governance: [run(0.8, 50)]),
        ]
        let text = results.markdown().joined(separator: "\n")
        XCTAssertTrue(text.contains("| 400 | re-crawl, nothing changed | 1 | 1.60 s | 4.00 ms | 45 MB |"), text)
        XCTAssertTrue(text.contains("cold 1.00×, unchanged 2.00×, governance report 2.00×, outreach –"), text)
    }
}
