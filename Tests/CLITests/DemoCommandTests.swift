import Foundation
import Inventory
import TestSupport
import XCTest

final class DemoCommandTests: XCTestCase {
    func testDemoRecordsSeveralWeeksWhoseCountsChange() throws {
        let scratch = try ScratchDirectory()
        let result = try CensusRunner.run(["demo", "--dir", scratch.path("demo")])
        XCTAssertEqual(result.status, 0, result.stderr)

        let database = try AppDatabase(path: scratch.path("demo/census.sqlite"))
        let runs = try database.weeklyRuns()
        XCTAssertGreaterThanOrEqual(runs.count, 3)
        XCTAssertEqual(Set(runs.map(\.week)).count, runs.count, "one run per week")
        let latest = try XCTUnwrap(runs.max { $0.runID < $1.runID })
        let trend = try database.weeklyTrend(upToRun: latest.runID, limit: 12)
        XCTAssertGreaterThanOrEqual(trend.count, 3)
        XCTAssertGreaterThan(Set(trend.map(\.repositories)).count, 1, "a repository joins")
        XCTAssertGreaterThan(Set(trend.compactMap(\.findings)).count, 1, "findings change from week to week")
        XCTAssertEqual(trend.compactMap(\.findings).count, trend.count, "every week is judged against the policy")

        // The demo's governance report shows the trend as a chart and the burndown as falling.
        let folder = scratch.path("demo/reports/\(latest.week)")
        let html = try String(contentsOfFile: folder + "/governance.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<svg"))
        XCTAssertFalse(html.contains("trend starts next week"))
        let migration = try String(contentsOfFile: folder + "/migration-centos-7-to-azurelinux-3.md", encoding: .utf8)
        XCTAssertTrue(migration.contains("gone since"), migration)
        // The rebuild impact follows the Azure Linux 3.0 base through the prereqs tags to their users.
        let impact = try String(contentsOfFile: folder + "/impact-azurelinux-3.0-base.md", encoding: .utf8)
        XCTAssertTrue(impact.contains("level 1, **rebuild** `src/azurelinux/3.0/net10.0/build/amd64/Dockerfile:1`"), impact)
        XCTAssertTrue(impact.contains("level 2, **rebuild** `src/installer/Dockerfile:1`"), impact)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/impact-azurelinux-3.0-base.csv"))
    }

    func testDemoLeavesADatabaseItDidNotBuildAlone() throws {
        let scratch = try ScratchDirectory()
        let folder = scratch.path("work")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let database = try AppDatabase(path: folder + "/census.sqlite")
        _ = try database.startRun(at: Date(timeIntervalSince1970: 1_790_000_000))
        let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/census.sqlite"))

        let result = try CensusRunner.run(["demo", "--dir", folder])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("was not built by census demo"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: folder + "/census.sqlite")), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/repos"))
    }

    func testDemoRunsAgainInItsOwnFolder() throws {
        let scratch = try ScratchDirectory()
        XCTAssertEqual(try CensusRunner.run(["demo", "--dir", scratch.path("demo")]).status, 0)
        let again = try CensusRunner.run(["demo", "--dir", scratch.path("demo")])
        XCTAssertEqual(again.status, 0, again.stderr)
        let runs = try AppDatabase(path: scratch.path("demo/census.sqlite")).weeklyRuns()
        XCTAssertEqual(runs.map(\.runID).sorted(), Array(1...Int64(runs.count)), "a second demo starts the database afresh")
    }
}
