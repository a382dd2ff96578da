import Foundation
import Inventory
import Reports
import XCTest

final class MigrationReportTests: XCTestCase {
    func testTheCentOSMigrationMatchesItsGoldenFilesInEveryFormat() throws {
        let fixture = try ReportFixture.make()
        // A change census migrate pushed for dotnet/runtime release/8.0 covers its Dockerfile's FROM (not ci.yml:12).
        let runtime = try XCTUnwrap(try fixture.database.currentBranches().first { $0.repository == "dotnet/runtime" && $0.branch == "release/8.0" })
        try fixture.database.recordMigrationChanges([MigrationChangeRecord(
            runID: runtime.runID, repository: "dotnet/runtime", branch: "release/8.0", scannedCommit: try XCTUnwrap(runtime.commitID),
            newCommit: String(repeating: "ab", count: 20), proposedBranch: "census/migrate/azurelinux-3.0/release/8.0", pushed: true,
            patchFile: nil, createdAt: Date(timeIntervalSince1970: 1_769_500_000),
            edits: [.init(file: "eng/docker/Dockerfile", line: 1, from: "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7",
                          to: "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0", usages: [.init(path: "eng/docker/Dockerfile", line: 1)])])])
        let report = try MigrationReport.load(from: fixture.database, fromPattern: "*prereqs:centos-7*",
                                              toPattern: "*prereqs:azurelinux-3.0*", run: try fixture.weeklyRun("2026-W05"))
        XCTAssertEqual(try report.files(formats: ReportFormat.allCases).map(\.name),
                       ["migration-prereqs-centos-7.md", "migration-prereqs-centos-7.html",
                        "migration-prereqs-centos-7.csv", "migration-prereqs-centos-7.json"])
        for file in try report.files(formats: ReportFormat.allCases) {
            Golden.assert(file.content, matches: "migration/\(file.name)")
        }
    }

    func testNamesFromRepositoriesAreEscapedInEveryFormat() throws {
        let fixture = try ReportFixture.make()
        let report = try MigrationReport.load(from: fixture.database, fromPattern: "ghcr.io/acme/*", toPattern: nil,
                                              run: try fixture.weeklyRun("2026-W05"), weeks: 1)
        let files = try report.files(formats: ReportFormat.allCases)
        for file in files {
            Golden.assert(file.content, matches: "migration/escaping/\(file.name)")
        }
        let html = try XCTUnwrap(files.first { $0.name.hasSuffix(".html") }).content
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertTrue(html.contains("acme/&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;|pipe"))
        let markdown = try XCTUnwrap(files.first { $0.name.hasSuffix(".md") }).content
        XCTAssertTrue(markdown.contains(#"### acme/\<script\>alert("x")\</script\>\|pipe — team \=SUM(1+1) \*bold\* \[x\](javascript:alert(1))"#),
                      markdown)
        let csv = try XCTUnwrap(files.first { $0.name.hasSuffix(".csv") }).content
        XCTAssertTrue(csv.contains("|pipe\",'=SUM(1+1) *bold* [x](javascript:alert(1)),feature/=cmd|' /C calc'!A0,"), csv)
    }

    func testTheBurndownCountsUsagesBranchesAndRepositoriesPerWeek() throws {
        let fixture = try ReportFixture.make()
        let report = try MigrationReport.load(from: fixture.database, fromPattern: "*prereqs:centos-7*",
                                              toPattern: "*prereqs:azurelinux-3.0*", run: try fixture.weeklyRun("2026-W05"))
        XCTAssertEqual(report.weeks.map { "\($0.week) \($0.fromUsages)/\($0.fromBranches)/\($0.fromRepositories) "
            + "\($0.toUsages ?? -1)/\($0.toBranches ?? -1)" }, [
            "2026-W02 4/3/2 1/1", "2026-W03 3/2/2 2/1", "2026-W04 3/2/2 2/1", "2026-W05 3/2/2 2/1",
        ])
        XCTAssertEqual(report.remaining.map { "\($0.repository) \($0.branch) \($0.path):\($0.line)" }, [
            "dnceng/internal-tools main eng/pipelines/build.yml:8",
            "dotnet/runtime release/8.0 eng/docker/Dockerfile:1",
            "dotnet/runtime release/8.0 eng/pipelines/ci.yml:12",
        ])
        XCTAssertEqual(report.progress, 0.25)
        XCTAssertEqual(report.remaining.first?.link,
                       "https://dev.azure.com/dnceng/internal/_git/internal-tools?path=/eng/pipelines/build.yml&version=GC"
                        + ReportFixture.commit("tools-1") + "&line=8&lineEnd=8&lineStartColumn=1")
    }

    func testTheBurndownStopsAtTheReportedWeekAndHonorsTheWeekCount() throws {
        let fixture = try ReportFixture.make()
        let report = try MigrationReport.load(from: fixture.database, fromPattern: "*centos-7", toPattern: nil,
                                              run: try fixture.weeklyRun("2026-W04"), weeks: 2)
        XCTAssertEqual(report.weeks.map(\.week), ["2026-W03", "2026-W04"])
        XCTAssertNil(report.weeks.first?.toUsages)
        XCTAssertEqual(report.remaining.map(\.stale), [true, true, true], "the failed branch and repository show their last good scan")
    }

    func testAFinishedMigrationSaysNothingRemains() throws {
        let fixture = try ReportFixture.make()
        let report = try MigrationReport.load(from: fixture.database, fromPattern: "docker.io/library/alpine:3.12",
                                              toPattern: nil, run: try fixture.weeklyRun("2026-W05"))
        XCTAssertEqual(report.weeks.map(\.fromUsages), [1, 1, 1, 0])
        XCTAssertEqual(report.progress, 1)
        XCTAssertTrue(MigrationMarkdownReporter.render(report).contains("Nothing matches `docker.io/library/alpine:3.12` any more."))
    }

    func testAPatternThatMatchesEverythingIsRefused() throws {
        let fixture = try ReportFixture.make()
        XCTAssertThrowsError(try MigrationReport.load(from: fixture.database, fromPattern: "**", toPattern: nil,
                                                      run: try fixture.weeklyRun("2026-W05"))) { error in
            XCTAssertEqual(error as? ReportsError, .invalidMigrationPattern("**"))
        }
    }

    func testSlugsComeFromTheLastSegmentOfThePattern() {
        XCTAssertEqual(MigrationReport.slug(for: "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7*"), "prereqs-centos-7")
        XCTAssertEqual(MigrationReport.slug(for: "*ubuntu:18.04*"), "ubuntu-18.04")
        XCTAssertEqual(MigrationReport.slug(for: "../../etc/passwd"), "passwd")
        XCTAssertEqual(MigrationReport.slug(for: "*"), "images")
    }
}
