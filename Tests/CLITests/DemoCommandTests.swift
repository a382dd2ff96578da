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
    }
}
