import Extraction
import Foundation
import Inventory
import XCTest

final class AppDatabaseRunHistoryTests: XCTestCase {
    func finish(_ fleet: Fleet, _ run: Int64, at date: Date, failed: Int = 0) throws {
        try fleet.database.finishRun(run, at: date, repositoriesTotal: 2, repositoriesFailed: failed,
                                     status: failed == 0 ? .ok : .partial)
    }

    func testRunWeeksFollowISO8601AcrossYearBoundaries() throws {
        let database = try AppDatabase.inMemory()
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var expected: [String] = []
        // Every day from 2024-12-20 to 2027-01-10 crosses both a 52- and a 53-week year.
        var date = Date(timeIntervalSince1970: 1_734_652_800)
        while date < Date(timeIntervalSince1970: 1_799_539_200) {
            _ = try database.startRun(at: date.addingTimeInterval(23 * 3600 + 59 * 60))
            let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            expected.append(String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0))
            date = date.addingTimeInterval(86_400)
        }
        XCTAssertEqual(try database.readOnlyQuery(sql: "SELECT week FROM run_week ORDER BY run_id").rows
            .map { $0.first?.text ?? "" }, expected)
        XCTAssertTrue(expected.contains("2026-W53"))
        XCTAssertTrue(expected.contains("2025-W01"))
    }

    func testTheLastFinishedRunOfEachWeekStandsForIt() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let monday = try fleet.database.startRun(at: Fixtures.day1)
        try finish(fleet, monday, at: Fixtures.day1)
        let friday = try fleet.database.startRun(at: Fixtures.day1.addingTimeInterval(86_400))
        try finish(fleet, friday, at: Fixtures.day1.addingTimeInterval(86_400), failed: 1)
        let interrupted = try fleet.database.startRun(at: Fixtures.day1.addingTimeInterval(2 * 86_400))
        try fleet.database.markUnfinishedRunsInterrupted(at: Fixtures.day8)
        let nextWeek = try fleet.database.startRun(at: Fixtures.day8)
        try finish(fleet, nextWeek, at: Fixtures.day8)
        _ = try fleet.database.startRun(at: Fixtures.day15)

        XCTAssertEqual(try fleet.database.weeklyRuns().map { "\($0.week) #\($0.runID) \($0.status)" },
                       ["2026-W02 #\(nextWeek) ok", "2026-W01 #\(friday) partial"])
        XCTAssertEqual(try fleet.database.weeklyRun(week: "2026-W01")?.runID, friday)
        XCTAssertNil(try fleet.database.weeklyRun(week: "2026-W03"))
        XCTAssertNotEqual(interrupted, friday)
    }

    func testBranchStatesCarryAFailedRepositorysLastKnownStateMarkedStale() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        try fleet.repositoryOK(week1, fleet.arcade)
        try fleet.scanned(week1, fleet.runtime, "main", Fixtures.commit("b"), [Fixtures.centos])
        try fleet.repositoryOK(week1, fleet.runtime)
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.unchanged(week2, fleet.arcade, "main", Fixtures.commit("a"))
        try fleet.repositoryOK(week2, fleet.arcade)
        try fleet.database.recordRepositoryScan(runID: week2, repositoryID: fleet.runtime, status: .failed,
                                                error: "fetch timed out", duration: .seconds(30))

        let states = try fleet.database.branchStates(asOfRun: week2)
        XCTAssertEqual(states.map { "\($0.repository) \($0.branch) \($0.commitID ?? "-") stale=\($0.stale)" }, [
            "dotnet/arcade main \(Fixtures.commit("a")) stale=false",
            "dotnet/runtime main \(Fixtures.commit("b")) stale=true",
        ])
        XCTAssertEqual(states.map(\.repositoryURL), ["https://github.com/dotnet/arcade", "https://github.com/dotnet/runtime"])
        XCTAssertEqual(try fleet.database.references(asOfRun: week2).map(\.reference), [Fixtures.prereqs, Fixtures.centos])
        XCTAssertEqual(try fleet.database.references(asOfRun: week2).map(\.stale), [false, true])
    }

    func testReferencesAsOfARunDoNotSeeLaterRuns() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.centos])
        try fleet.repositoryOK(week1, fleet.arcade)
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.scanned(week2, fleet.arcade, "main", Fixtures.commit("b"), [Fixtures.prereqs, Fixtures.ubuntu])
        try fleet.scanned(week2, fleet.arcade, "release/9.0", Fixtures.commit("c"), [Fixtures.centos])
        try fleet.repositoryOK(week2, fleet.arcade)

        XCTAssertEqual(try fleet.database.references(asOfRun: week1).map(\.reference), [Fixtures.centos])
        XCTAssertEqual(try fleet.database.references(asOfRun: week2).map(\.reference),
                       try fleet.database.currentReferences().map(\.reference))
        XCTAssertEqual(try fleet.database.references(asOfRun: week2, ReferenceFilter(branch: "release/*"))
            .map { "\($0.branch) \($0.reference.tag ?? "")" }, ["release/9.0 centos-7"])
        XCTAssertEqual(try fleet.database.references(asOfRun: week2, ReferenceFilter(image: "*ubuntu*")).count, 1)
    }

    func testARepositoryLeftOutOfARunIsNotPartOfIt() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.runtime, "main", Fixtures.commit("b"), [Fixtures.centos])
        try fleet.repositoryOK(week1, fleet.runtime)
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.scanned(week2, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        try fleet.repositoryOK(week2, fleet.arcade)

        XCTAssertEqual(try fleet.database.branchStates(asOfRun: week2).map(\.repository), ["dotnet/arcade"])
    }

    func testTheWeeklyTrendCountsEachWeeksRunOldestFirst() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.centos, Fixtures.ubuntu])
        try fleet.repositoryOK(week1, fleet.arcade)
        try fleet.scanned(week1, fleet.runtime, "main", Fixtures.commit("b"), [Fixtures.centos])
        try fleet.repositoryOK(week1, fleet.runtime)
        try finish(fleet, week1, at: Fixtures.day1)
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.scanned(week2, fleet.arcade, "main", Fixtures.commit("c"), [Fixtures.prereqs])
        try fleet.failed(week2, fleet.arcade, "release/9.0", "tree walk failed")
        try fleet.repositoryOK(week2, fleet.arcade)
        try fleet.database.recordRepositoryScan(runID: week2, repositoryID: fleet.runtime, status: .failed,
                                                error: "fetch timed out", duration: .seconds(30))
        try finish(fleet, week2, at: Fixtures.day8, failed: 1)

        let trend = try fleet.database.weeklyTrend(upToRun: week2, limit: 12)
        XCTAssertEqual(trend.map {
            "\($0.week) repos=\($0.repositories) failed=\($0.repositoriesFailed) branches=\($0.branches) "
                + "branchFailed=\($0.branchesFailed) stale=\($0.branchesStale) refs=\($0.references)"
        }, [
            "2026-W01 repos=2 failed=0 branches=2 branchFailed=0 stale=0 refs=3",
            "2026-W02 repos=2 failed=1 branches=3 branchFailed=1 stale=2 refs=2",
        ])
        XCTAssertEqual(try fleet.database.weeklyTrend(upToRun: week1, limit: 12).map(\.runID), [week1])
        XCTAssertEqual(try fleet.database.weeklyTrend(upToRun: week2, limit: 1).map(\.runID), [week2])
    }

    func testImageUsageCountsRepositoriesBranchesAndUsesPerImage() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        var second = Fixtures.centos
        second.path = "eng/other.Dockerfile"
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.centos, second])
        try fleet.scanned(week1, fleet.arcade, "release/9.0", Fixtures.commit("b"), [Fixtures.centos])
        try fleet.repositoryOK(week1, fleet.arcade)
        // A Dockerfile's unchecked download is stored as a reference (its finding needs a line), but is no image.
        var download = Fixtures.centos
        download.kind = "dockerfile/download-to-shell"
        download.raw = "https://dot.net/v1/dotnet-install.sh"
        download.image = download.raw
        download.normalized = nil
        try fleet.scanned(week1, fleet.runtime, "main", Fixtures.commit("c"), [Fixtures.centos, Fixtures.runtimeMacro, download])
        try fleet.repositoryOK(week1, fleet.runtime)
        XCTAssertEqual(try fleet.database.readOnlyQuery(sql: "SELECT count(*) FROM current_references").rows.first?.first?.text, "6")

        let rows = try fleet.database.readOnlyQuery(sql: """
            SELECT image, tag, resolved, repositories, branches, usages, teams FROM image_usage ORDER BY image
            """).rows.map { $0.map { $0.text ?? "NULL" } }
        XCTAssertEqual(rows, [
            ["$(BuildImage)", "NULL", "0", "1", "1", "1", "runtime"],
            ["mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7", "centos-7", "1", "2", "3", "4", "dnceng,runtime"],
        ])
    }
}
