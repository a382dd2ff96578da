import Foundation
import Inventory
import XCTest

final class AppDatabaseRunsTests: XCTestCase {
    func testARunIsRunningUntilFinishedWithItsCounts() throws {
        let database = try AppDatabase.inMemory()
        let run = try database.startRun(at: Fixtures.day1, censusVersion: "1.0.0")
        XCTAssertEqual(try database.latestRuns(limit: 1), [RunSummary(
            id: run, startedAt: Fixtures.day1, finishedAt: nil, status: .running,
            repositoriesTotal: nil, repositoriesFailed: nil, censusVersion: "1.0.0")])

        try database.finishRun(run, at: Fixtures.day1.addingTimeInterval(90), repositoriesTotal: 12,
                               repositoriesFailed: 2, status: .partial)
        XCTAssertEqual(try database.latestRuns(limit: 1), [RunSummary(
            id: run, startedAt: Fixtures.day1, finishedAt: Fixtures.day1.addingTimeInterval(90), status: .partial,
            repositoriesTotal: 12, repositoriesFailed: 2, censusVersion: "1.0.0")])
    }

    func testLatestRunsListsNewestFirstUpToTheLimit() throws {
        let database = try AppDatabase.inMemory()
        let first = try database.startRun(at: Fixtures.day1)
        let second = try database.startRun(at: Fixtures.day8)
        let third = try database.startRun(at: Fixtures.day15)
        XCTAssertEqual(try database.latestRuns(limit: 2).map(\.id), [third, second])
        XCTAssertEqual(try database.latestRuns(limit: 10).map(\.id), [third, second, first])
    }

    func testFinishingAnUnknownRunIsAnError() throws {
        let database = try AppDatabase.inMemory()
        XCTAssertThrowsError(try database.finishRun(42, at: Fixtures.day1, repositoriesTotal: 0,
                                                    repositoriesFailed: 0, status: .ok)) { error in
            XCTAssertEqual(error as? InventoryError,
                           .invalidRecord(operation: "the end of run #42", reason: "there is no run #42"))
        }
    }

    func testUnfinishedRunsAreMarkedInterruptedAndFinishedOnesAreLeftAlone() throws {
        let database = try AppDatabase.inMemory()
        let finished = try database.startRun(at: Fixtures.day1)
        try database.finishRun(finished, at: Fixtures.day1, repositoriesTotal: 1, repositoriesFailed: 0, status: .ok)
        let died = try database.startRun(at: Fixtures.day8)
        XCTAssertEqual(try database.markUnfinishedRunsInterrupted(at: Fixtures.day15), [died])
        let runs = try database.latestRuns(limit: 5)
        XCTAssertEqual(runs.map(\.status), [.interrupted, .ok])
        XCTAssertEqual(runs.first?.finishedAt, Fixtures.day15)
    }

    func testFailedRepositoriesAndBranchesOfARunAreNamedWithTheirErrors() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.database.recordRepositoryScan(runID: run, repositoryID: fleet.runtime, status: .failed,
                                                error: "fetch failed: connection refused", duration: .seconds(3))
        try fleet.repositoryOK(run, fleet.arcade)
        try fleet.failed(run, fleet.arcade, "release/9.0", "tree walk failed: object not found")

        let repositories = try fleet.database.failedRepositories(runID: run)
        XCTAssertEqual(repositories.map(\.name), ["dotnet/runtime"])
        XCTAssertEqual(repositories.map(\.error), ["fetch failed: connection refused"])
        let branches = try fleet.database.failedBranches(runID: run)
        XCTAssertEqual(branches.map { "\($0.repository) \($0.branch): \($0.error)" },
                       ["dotnet/arcade release/9.0: tree walk failed: object not found"])
    }
}
