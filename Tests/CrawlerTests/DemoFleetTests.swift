import Foundation
import Git
import Inventory
import TestSupport
import XCTest
@testable import Crawler

final class DemoFleetTests: XCTestCase {
    func testDemoFleetCrawlsWithCrossFileResolutionAndEveryRepositorySucceeds() async throws {
        let scratch = try ScratchDirectory()
        let lastCrawl = Date(timeIntervalSince1970: 1_796_000_000)
        let layout = try DemoFleet.standard().build(in: scratch.path("fleet"), lastCrawl: lastCrawl)
        let specs = try RepoList.load(path: layout.reposFile)
        XCTAssertEqual(specs.count, 7)
        let database = try AppDatabase(path: scratch.path("census.sqlite"))
        let crawler = FleetCrawler(database: database, cacheDirectory: scratch.path("mirrors"), jobs: 3,
                                   credentials: .anonymous)
        let summary = try await crawler.crawl(specs)
        XCTAssertTrue(summary.failures.isEmpty, "\(summary.failures)")
        XCTAssertEqual(summary.branches, 11)

        // The job template's container comes from an alias defined in the root pipeline of the branch.
        let template = try database.currentReferences(ReferenceFilter(repository: "dotnet/runtime", branch: "release/8.0"))
            .filter { $0.reference.path == "eng/pipelines/runtime.yml" && $0.reference.line == 17 }
        XCTAssertEqual(template.map(\.reference.image),
                       ["mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-18.04-cross-amd64-20220907200035-a6ad474"])

        // A variable from a variables template reaches a job in another template.
        let sourceBuild = try database.currentReferences(ReferenceFilter(repository: "dotnet/runtime", branch: "main"))
            .first { $0.reference.path == "eng/pipelines/common/global-build-job.yml" }
        XCTAssertEqual(sourceBuild?.reference.image, "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-stream9")
        XCTAssertEqual(sourceBuild?.reference.resolved, true)

        // Runtime macros and build args without defaults are kept, unresolved, with their raw text.
        let sdk = try database.currentReferences(ReferenceFilter(repository: "dotnet/sdk", branch: "main"))
        XCTAssertEqual(sdk.filter { !$0.reference.resolved }.map(\.reference.raw).sorted(),
                       ["$(Build.ContainerImage)", "${BASE}"])

        // Rebuilding the fleet gives the same commits, so a second crawl fetches nothing.
        _ = try DemoFleet.standard().build(in: scratch.path("fleet"), lastCrawl: lastCrawl)
        let again = try await crawler.crawl(specs)
        XCTAssertTrue(again.outcomes.allSatisfy(\.fetchSkipped))
        XCTAssertEqual(again.references, summary.references)
    }

    func testTheFleetGrowsWeekByWeekFromItsPlan() throws {
        let scratch = try ScratchDirectory()
        let fleet = try DemoFleet.standard()
        XCTAssertGreaterThanOrEqual(fleet.plan.weeks, 3)
        let lastCrawl = Date(timeIntervalSince1970: 1_796_000_000)
        let dates = fleet.crawlDates(endingAt: lastCrawl)
        XCTAssertEqual(dates.count, fleet.plan.weeks)
        XCTAssertEqual(dates.last, lastCrawl)
        XCTAssertEqual(dates[1].timeIntervalSince(dates[0]), 7 * 24 * 3600)

        let first = try fleet.build(in: scratch.path("fleet"), week: 0, lastCrawl: lastCrawl)
        XCTAssertNil(first.repositoryPaths["installer"], "installer joins in the second week")
        let firstTip = try Repository.open(at: first.repositoryPaths["legacy-tools"] ?? "").reference("refs/heads/main")
        let last = try fleet.build(in: scratch.path("fleet"), lastCrawl: lastCrawl)
        XCTAssertNotNil(last.repositoryPaths["installer"])
        XCTAssertTrue(try String(contentsOfFile: last.reposFile, encoding: .utf8).contains("repos/installer.git"))
        let legacy = try Repository.open(at: last.repositoryPaths["legacy-tools"] ?? "")
        XCTAssertNotEqual(try legacy.reference("refs/heads/main"), firstTip, "commits are made between the weeks")
        XCTAssertTrue(fleet.changes(beforeWeek: 1).contains("installer: joins the fleet"))
        XCTAssertEqual(fleet.changes(beforeWeek: 0), [])
    }
}
