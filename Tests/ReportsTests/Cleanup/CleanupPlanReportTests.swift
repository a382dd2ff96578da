import Foundation
import Inventory
import Policy
import Reports
import XCTest

/// Clean-up plans built from the report fixture's four weeks, and their Markdown, CSV and JSON files.
final class CleanupPlanReportTests: XCTestCase {
    private static let prereqs = "mcr.microsoft.com/dotnet-buildtools/prereqs"

    /// The fixture with a stored prereqs catalog: the fixture's two tags plus an old removed one nobody uses.
    private func fixture() throws -> ReportFixture {
        let fixture = try ReportFixture.make()
        var catalog = try XCTUnwrap(ReportFixture.catalogs.catalog(for: Self.prereqs))
        catalog.tags.append(CatalogTag(tag: "ubuntu-18.04-helix-amd64", firstSeen: ReportFixture.day("2019-01-01"),
                                       removedAt: ReportFixture.day("2025-01-15")))
        try fixture.database.storeCatalog(catalog.record, at: ReportFixture.day("2026-01-01"))
        return fixture
    }

    private func plans(_ fixture: ReportFixture, runs: Int) throws -> [CleanupPlan] {
        let policy = try PolicyDocument.decode(ReportFixture.policy, file: "policy.yml")
        return try CleanupPlan.load(from: fixture.database, policy: policy, run: try fixture.weeklyRun("2026-W05"), runs: runs)
    }

    func testEveryTagIsClassifiedWithItsUsagesAndOwners() throws {
        let fixture = try fixture()
        let plan = try XCTUnwrap(try plans(fixture, runs: 4).first)
        XCTAssertEqual(plan.tags.map(\.tag), ["azurelinux-3.0-net10.0-build-amd64", "centos-7", "ubuntu-18.04-helix-amd64"])
        XCTAssertEqual(plan.tags.map(\.verdict), [.keep, .blocked, .delete])
        XCTAssertEqual(plan.runIDs.count, 4)
        let centos = plan.tags[1]
        XCTAssertEqual(centos.usages.map(\.location), [
            "dnceng/internal-tools/main/eng/pipelines/build.yml:8",
            "dotnet/runtime/main/eng/docker/Dockerfile:1",
            "dotnet/runtime/release/8.0/eng/docker/Dockerfile:1",
            "dotnet/runtime/release/8.0/eng/pipelines/ci.yml:12",
        ])
        // runtime main moved to Azure Linux in 2026-W03: its earlier usage still protects the tag.
        XCTAssertEqual(centos.usages.map(\.current), [true, false, true, true])
        XCTAssertEqual(centos.usages.map(\.owner), ["dnceng", "runtime", "runtime", "runtime"])
        XCTAssertEqual(centos.usages.map(\.ownerSource), ["team", "team", "team", "team"])
        XCTAssertEqual(plan.totals.blockingUsages, 4)
    }

    func testOneRunCountsOnlyTheUsagesOfThatRun() throws {
        let fixture = try fixture()
        let plan = try XCTUnwrap(try plans(fixture, runs: 1).first)
        XCTAssertEqual(plan.runIDs, [try fixture.weeklyRun("2026-W05").runID])
        XCTAssertEqual(plan.tags.first { $0.tag == "centos-7" }?.usages.map(\.current), [true, true, true])
    }

    func testOwnersComeFromCodeownersOfTheScannedCommit() throws {
        let fixture = try fixture()
        let plan = try XCTUnwrap(try plans(fixture, runs: 4).first)
        let azurelinux = try XCTUnwrap(plan.tags.first { $0.tag == "azurelinux-3.0-net10.0-build-amd64" })
        XCTAssertEqual(azurelinux.usages.map(\.owner), ["@dotnet/docker-team", "@dotnet/runtime-infra"])
        XCTAssertEqual(azurelinux.usages.first?.link, "https://github.com/dotnet/runtime/blob/\(ReportFixture.commit("rt-main-2"))/eng/docker/Dockerfile#L2")
    }

    func testUsagesNamingTheRepositoryWithAnUnresolvedTagAreAWarning() throws {
        var fixture = try fixture()
        try fixture.run(week: "2026-W06", offset: 4) { f, run in
            try f.scan(run, ReportFixture.local, "main", "local-3", [
                ReportFixture.unresolved("ci/build.yml", 7, "mcr.microsoft.com/dotnet-buildtools/prereqs:$(ImageTag)",
                                         reason: "$(ImageTag) is set at queue time"),
                ReportFixture.unresolved("ci/build.yml", 9, "$(OtherImage)", reason: "$(OtherImage) is set at queue time"),
            ])
            try f.repositoryDone(run, ReportFixture.local)
        }
        let policy = try PolicyDocument.decode(ReportFixture.policy, file: "policy.yml")
        let plan = try XCTUnwrap(try CleanupPlan.load(from: fixture.database, policy: policy,
                                                      run: try fixture.weeklyRun("2026-W06"), runs: 4).first)
        XCTAssertEqual(plan.warnings, [
            "1 usage names mcr.microsoft.com/dotnet-buildtools/prereqs with a tag census could not resolve "
                + "(local-tools/main/ci/build.yml:7); it may use any tag, so check before deleting",
        ])
    }

    func testAPolicyCatalogWithoutStoredDataIsNamed() throws {
        let fixture = try ReportFixture.make()
        let policy = try PolicyDocument.decode(ReportFixture.policy, file: "policy.yml")
        XCTAssertThrowsError(try CleanupPlan.load(from: fixture.database, policy: policy,
                                                  run: try fixture.weeklyRun("2026-W05"), runs: 4)) { error in
            XCTAssertEqual(error as? ReportsError, .unknownCatalog("any repository", known: []))
        }
    }

    func testTheFilesMatchTheirGoldens() throws {
        let plan = try XCTUnwrap(try plans(try fixture(), runs: 4).first)
        let files = try plan.files()
        XCTAssertEqual(files.map(\.name), ["cleanup-mcr.microsoft.com-dotnet-buildtools-prereqs.md",
                                           "cleanup-mcr.microsoft.com-dotnet-buildtools-prereqs.csv",
                                           "cleanup-mcr.microsoft.com-dotnet-buildtools-prereqs.json"])
        for file in files { Golden.assert(file.content, matches: "cleanup/2026-W05/\(file.name)") }

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("census-plan-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data(files[2].content.utf8).write(to: scratch)
        XCTAssertEqual(try CleanupPlan.load(path: scratch.path), plan, "the JSON plan reads back as written")
    }
}
