import Extraction
import Foundation
import Inventory
import XCTest

final class AppDatabaseCurrentReferencesTests: XCTestCase {
    func testCurrentReferencesShowTheLatestScanOfEachBranch() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.centos])
        try fleet.repositoryOK(week1, fleet.arcade)
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.scanned(week2, fleet.arcade, "main", Fixtures.commit("b"), [Fixtures.prereqs, Fixtures.ubuntu])
        try fleet.repositoryOK(week2, fleet.arcade)

        let current = try fleet.database.currentReferences()
        XCTAssertEqual(current.map(\.reference), [Fixtures.ubuntu, Fixtures.prereqs])
        XCTAssertEqual(current.map(\.commitID), [Fixtures.commit("b"), Fixtures.commit("b")])
        XCTAssertEqual(current.map(\.runID), [week2, week2])
        XCTAssertEqual(current.map(\.stale), [false, false])
        XCTAssertEqual(current.first?.team, "dnceng")
        XCTAssertEqual(current.first?.contact, "dnceng@example.com")
    }

    func testABranchNotSeenInItsRepositorysLatestRunIsGone() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        try fleet.scanned(week1, fleet.arcade, "release/8.0", Fixtures.commit("b"), [Fixtures.centos])
        try fleet.repositoryOK(week1, fleet.arcade)
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.unchanged(week2, fleet.arcade, "main", Fixtures.commit("a"))
        try fleet.repositoryOK(week2, fleet.arcade)

        XCTAssertEqual(try fleet.current(), [
            "dotnet/arcade main eng/Dockerfile:1 mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0",
        ])
    }

    func testAFailedBranchKeepsItsLastGoodReferencesMarkedStale() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs])
        try fleet.repositoryOK(week1, fleet.arcade)
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.failed(week2, fleet.arcade, "main", "tree walk failed: object not found")
        try fleet.repositoryOK(week2, fleet.arcade)

        let current = try fleet.database.currentReferences()
        XCTAssertEqual(current.map(\.reference), [Fixtures.prereqs])
        XCTAssertEqual(current.map(\.runID), [week1])
        XCTAssertEqual(current.map(\.stale), [true])
        let branches = try fleet.database.readOnlyQuery(sql: """
            SELECT branch, latest_run_id, latest_status, latest_error, run_id, stale FROM current_branches
            """).rows
        XCTAssertEqual(branches, [[.text("main"), .integer(week2), .text("failed"),
                                   .text("tree walk failed: object not found"), .integer(week1), .integer(1)]])
    }

    func testABranchThatNeverScannedSuccessfullyHasNoCurrentReferences() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.failed(run, fleet.arcade, "main", "fetch failed")
        try fleet.repositoryOK(run, fleet.arcade)
        XCTAssertEqual(try fleet.current(), [])
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM current_branches WHERE commit_id IS NULL"), ["1"])
    }

    func testARepositoryThatFailedInTheLatestRunKeepsItsPreviousStateMarkedStale() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.runtime, "main", Fixtures.commit("a"), [Fixtures.ubuntu])
        try fleet.repositoryOK(week1, fleet.runtime)
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.database.recordRepositoryScan(runID: week2, repositoryID: fleet.runtime, status: .failed,
                                                error: "fetch failed: host unreachable", duration: .seconds(30))
        let current = try fleet.database.currentReferences()
        XCTAssertEqual(current.map(\.reference), [Fixtures.ubuntu])
        XCTAssertEqual(current.map(\.stale), [true])
        XCTAssertEqual(current.map(\.runID), [week1])
    }

    func testBranchScansOfARunInProgressShowOnceTheRepositoryIsRecorded() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let week1 = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(week1, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.centos])
        try fleet.repositoryOK(week1, fleet.arcade)
        let week2 = try fleet.database.startRun(at: Fixtures.day8)
        try fleet.scanned(week2, fleet.arcade, "main", Fixtures.commit("b"), [Fixtures.prereqs])
        XCTAssertEqual(try fleet.database.currentReferences().map(\.reference), [Fixtures.centos])
        try fleet.repositoryOK(week2, fleet.arcade)
        XCTAssertEqual(try fleet.database.currentReferences().map(\.reference), [Fixtures.prereqs])
    }

    func testResultsAreSortedByRepositoryBranchPathAndLine() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        var later = Fixtures.prereqs
        later.line = 9
        try fleet.scanned(run, fleet.runtime, "main", Fixtures.commit("c"), [Fixtures.ubuntu])
        try fleet.scanned(run, fleet.arcade, "release/9.0", Fixtures.commit("b"), [Fixtures.centos])
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), [later, Fixtures.prereqs, Fixtures.ubuntu])
        try fleet.repositoryOK(run, fleet.runtime)
        try fleet.repositoryOK(run, fleet.arcade)
        XCTAssertEqual(try fleet.current(), [
            "dotnet/arcade main docker/build.Dockerfile:3 docker.io/library/ubuntu:22.04",
            "dotnet/arcade main eng/Dockerfile:1 mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0",
            "dotnet/arcade main eng/Dockerfile:9 mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0",
            "dotnet/arcade release/9.0 eng/Dockerfile:1 mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7",
            "dotnet/runtime main docker/build.Dockerfile:3 docker.io/library/ubuntu:22.04",
        ])
    }

    func testFiltersNarrowByRepositoryTeamBranchGlobAndImageGlob() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.prereqs, Fixtures.ubuntu])
        try fleet.scanned(run, fleet.arcade, "release/9.0", Fixtures.commit("b"), [Fixtures.centos, Fixtures.runtimeMacro])
        try fleet.scanned(run, fleet.runtime, "main", Fixtures.commit("c"), [Fixtures.centos])
        try fleet.repositoryOK(run, fleet.arcade)
        try fleet.repositoryOK(run, fleet.runtime)

        XCTAssertEqual(try fleet.current(ReferenceFilter(image: "*prereqs:centos-*")), [
            "dotnet/arcade release/9.0 eng/Dockerfile:1 mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7",
            "dotnet/runtime main eng/Dockerfile:1 mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7",
        ])
        XCTAssertEqual(try fleet.current(ReferenceFilter(repository: "dotnet/arcade", branch: "release/*")), [
            "dotnet/arcade release/9.0 eng/Dockerfile:1 mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7",
            "dotnet/arcade release/9.0 eng/pipelines/ci.yml:12 nil",
        ])
        XCTAssertEqual(try fleet.current(ReferenceFilter(image: "docker.io/library/ubuntu:2?.04", team: "dnceng")), [
            "dotnet/arcade main docker/build.Dockerfile:3 docker.io/library/ubuntu:22.04",
        ])
        XCTAssertEqual(try fleet.current(ReferenceFilter(image: "*PREREQS*")), [], "GLOB is case-sensitive")
    }

    func testAnImageGlobMatchesEitherTheNormalizedOrTheResolvedImage() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        var short = Fixtures.reference("Dockerfile", line: 1, image: "ubuntu:22.04", registry: "docker.io",
                                       repository: "library/ubuntu", tag: "22.04")
        short.normalized = "docker.io/library/ubuntu:22.04"
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), [short, Fixtures.prereqs])
        try fleet.repositoryOK(run, fleet.arcade)
        XCTAssertEqual(try fleet.database.currentReferences(ReferenceFilter(image: "ubuntu:*")).map(\.reference), [short])
        XCTAssertEqual(try fleet.database.currentReferences(ReferenceFilter(image: "docker.io/library/ubuntu:*"))
            .map(\.reference), [short])
    }

    func testAnImageGlobMatchesTheResolvedImageWhenItDoesNotNormalize() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        let run = try fleet.database.startRun(at: Fixtures.day1)
        var invalid = Fixtures.reference("Dockerfile", line: 2, image: "Registry.Example.com/Team/App:1",
                                         repository: "", tag: nil)
        invalid.valid = false
        invalid.normalized = nil
        invalid.registry = nil
        invalid.repository = nil
        invalid.reason = "repository name must be lowercase"
        try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), [invalid])
        try fleet.repositoryOK(run, fleet.arcade)
        XCTAssertEqual(try fleet.database.currentReferences(ReferenceFilter(image: "Registry.Example.com/*"))
            .map(\.reference), [invalid])
    }
}
