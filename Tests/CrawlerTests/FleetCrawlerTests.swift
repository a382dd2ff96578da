import Extraction
import Foundation
import Git
import Inventory
import TestSupport
import XCTest
@testable import Crawler

final class FleetCrawlerTests: XCTestCase {
    var scratch: ScratchDirectory!
    var database: AppDatabase!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        database = try AppDatabase(path: scratch.path("census.sqlite"))
    }

    func crawler(jobs: Int = 2) -> FleetCrawler {
        FleetCrawler(database: database, cacheDirectory: scratch.path("mirrors"), jobs: jobs, credentials: .anonymous)
    }

    func count(_ sql: String) throws -> Int {
        let result = try database.readOnlyQuery(sql: sql)
        guard case .integer(let value)? = result.rows.first?.first else { return -1 }
        return Int(value)
    }

    /// Two repositories: `tools` with main, release/1.0 and an untracked feature branch, tags and a
    /// pull-request ref; `web` with only its default branch `trunk`.
    func makeFleet() throws -> (tools: GitFixture, web: GitFixture, specs: [RepositorySpec]) {
        let tools = try GitFixture(in: scratch, named: "tools")
        let main = try tools.commit(texts: [
            "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nFROM ubuntu:24.04\nCOPY --from=build /out /app\n",
            "README.md": "# tools\n",
        ], on: "main")
        try tools.commit(texts: ["eng/docker/Dockerfile": "FROM centos:7\n", "README.md": "# tools 1.0\n"],
                         on: "release/1.0")
        try tools.commit(texts: ["Dockerfile": "FROM feature/never:1\n"], on: "feature/x")
        try tools.tag("v1.0", at: main)
        try tools.pullRequest(7, at: main)
        try tools.setDefaultBranch("main")

        let web = try GitFixture(in: scratch, named: "web")
        try web.commit(texts: ["src/Dockerfile": "ARG BASE\nFROM ${BASE}\n"], on: "trunk")
        try web.setDefaultBranch("trunk")

        let specs = try RepoList.parse("""
        \(tools.path) branches=main,release/* team=tools
        \(web.fileURL) team=web name=platform/web
        """)
        return (tools, web, specs)
    }

    func testCrawlRecordsEveryTrackedBranchOfEveryRepository() async throws {
        let fleet = try makeFleet()
        let summary = try await crawler().crawl(fleet.specs)

        XCTAssertTrue(summary.failures.isEmpty, "\(summary.failures)")
        XCTAssertEqual(summary.outcomes.map(\.name), ["platform/web", "tools"])
        XCTAssertEqual(summary.outcomes.map(\.branches), [1, 2])

        let rows = try database.currentReferences()
        let seen = rows.map { "\($0.repository)@\($0.branch) \($0.reference.path):\($0.reference.line) \($0.reference.image ?? "-")" }
        XCTAssertEqual(seen.sorted(), [
            "platform/web@trunk src/Dockerfile:2 -",
            "tools@main Dockerfile:1 mcr.microsoft.com/dotnet/sdk:10.0",
            "tools@main Dockerfile:2 ubuntu:24.04",
            "tools@release/1.0 eng/docker/Dockerfile:1 centos:7",
        ])
        let unresolved = try XCTUnwrap(rows.first { $0.repository == "platform/web" })
        XCTAssertFalse(unresolved.reference.resolved)
        XCTAssertEqual(unresolved.reference.raw, "${BASE}")
        XCTAssertEqual(unresolved.team, "web")

        // Repositories on this machine are read in place: no mirror of them in the cache.
        XCTAssertFalse(FileManager.default.fileExists(atPath: crawler().mirrors.path(for: fleet.tools.path)))
    }

    func testSecondCrawlSharesTheUnchangedBranchesReferences() async throws {
        let fleet = try makeFleet()
        _ = try await crawler().crawl(fleet.specs)
        try fleet.tools.commit(texts: ["Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:10.0\nFROM ubuntu:26.04\n"],
                               on: "main")
        let second = try await crawler().crawl(fleet.specs)

        XCTAssertEqual(try count("SELECT count(*) FROM run"), 2)
        XCTAssertEqual(try count("SELECT count(*) FROM branch_scan WHERE run_id = \(second.runID)"), 3)
        // main changed: 3 commits stored for tools (main twice, release once) and 1 for web.
        XCTAssertEqual(try count("SELECT count(*) FROM commit_scan"), 4)
        let tools = try XCTUnwrap(second.outcomes.first { $0.name == "tools" })
        XCTAssertEqual(tools.branchesReused, 1, "release/1.0 did not change and must share its stored scan")
        let web = try XCTUnwrap(second.outcomes.first { $0.name == "platform/web" })
        XCTAssertTrue(web.fetchSkipped)
        XCTAssertEqual(web.branchesReused, 1)

        let main = try database.currentReferences(ReferenceFilter(repository: "tools", branch: "main"))
        XCTAssertEqual(main.map(\.reference.image), ["mcr.microsoft.com/dotnet/sdk:10.0", "ubuntu:26.04"])
        XCTAssertEqual(Set(main.map(\.runID)), [second.runID])
    }

    func testARepositorysTimeIsItsOwnNotItsWaitForANetworkJob() async throws {
        // One network job for four repositories: each waits for the ones before it.
        var specs: [RepositorySpec] = []
        for index in 0..<4 {
            let repo = try GitFixture(in: scratch, named: "queued-\(index)")
            var texts: [String: String] = [:]
            for file in 0..<40 { texts["images/\(file)/Dockerfile"] = "FROM registry.example.com/app-\(file):\(index)\n" }
            try repo.commit(texts: texts, on: "main")
            try repo.setDefaultBranch("main")
            specs.append(RepositorySpec(url: repo.path, name: "queued-\(index)"))
        }
        let seen = EventTimes()

        let summary = try await crawler(jobs: 1).crawl(specs) { seen.note($0) }

        XCTAssertEqual(summary.outcomes.count, 4)
        for outcome in summary.outcomes {
            // The crawler's clock runs between the two events it reports, so its time fits inside them.
            let span = try XCTUnwrap(seen.span(of: outcome.name))
            XCTAssertLessThanOrEqual(outcome.seconds, span, "\(outcome.name) counts time spent waiting for its turn")
        }
    }

    /// A repository waiting for its turn held a task from the start of the crawl, so a fleet of
    /// thousands held thousands (2,000 repositories: 86 MB, 64 MB now). With one repository in
    /// flight, each starts only once the one before has finished, though four network jobs wait.
    func testNoMoreRepositoriesAreWorkedOnAtOnceThanTheCrawlAllows() async throws {
        var specs: [RepositorySpec] = []
        for index in 0..<5 {
            let repo = try GitFixture(in: scratch, named: "window-\(index)")
            try repo.commit(texts: ["Dockerfile": "FROM alpine:3.\(index)\n"], on: "main")
            try repo.setDefaultBranch("main")
            specs.append(RepositorySpec(url: repo.path, name: "window-\(index)"))
        }
        let events = EventLog()
        var crawler = crawler(jobs: 4)
        crawler.repositoriesInFlight = 1

        let summary = try await crawler.crawl(specs) { events.note($0) }

        XCTAssertEqual(summary.outcomes.map(\.references), [1, 1, 1, 1, 1])
        XCTAssertEqual(events.entries, specs.flatMap { ["started \($0.name)", "finished \($0.name)"] })
        XCTAssertEqual(FleetCrawler.repositoriesInFlight(jobs: 8, scanJobs: 2), 80)
    }

    func testAFirstCrawlIsNeverUnchangedEvenWhenItsMirrorIsAlreadyInTheCache() async throws {
        let fleet = try makeFleet()
        _ = try await crawler().crawl(fleet.specs)
        // Another inventory sharing the mirrors: nothing needs fetching, but nothing is stored in it yet.
        database = try AppDatabase(path: scratch.path("other.sqlite"))

        let first = try await crawler().crawl(fleet.specs)
        XCTAssertEqual(first.outcomes.map(\.fetchSkipped), [true, true])
        XCTAssertEqual(first.outcomes.map(\.unchanged), [false, false])
        XCTAssertFalse(first.outcomes.map(CrawlProgressPrinter.describe).joined().contains("unchanged"))

        let second = try await crawler().crawl(fleet.specs)
        XCTAssertEqual(second.outcomes.map(\.unchanged), [true, true])
        XCTAssertTrue(second.outcomes.allSatisfy { CrawlProgressPrinter.describe($0).contains(", unchanged (") })

        try fleet.tools.commit(texts: ["Dockerfile": "FROM ubuntu:26.04\n"], on: "main")
        let third = try await crawler().crawl(fleet.specs)
        XCTAssertEqual(third.outcomes.map(\.name), ["platform/web", "tools"])
        XCTAssertEqual(third.outcomes.map(\.unchanged), [true, false], "release/1.0 alone did not change")
    }

    func testUnreachableRepositoryIsRecordedWhileTheOthersComplete() async throws {
        let fleet = try makeFleet()
        let specs = fleet.specs + (try RepoList.parse("\(scratch.path("nowhere/missing.git")) team=ghost\n"))
        let summary = try await crawler(jobs: 3).crawl(specs)

        XCTAssertEqual(summary.failures.map(\.name), ["missing"])
        let message = try XCTUnwrap(summary.failures.first?.error)
        XCTAssertTrue(message.contains("missing.git"), message)
        XCTAssertEqual(try database.failedRepositories(runID: summary.runID).map(\.name), ["missing"])
        XCTAssertEqual(try database.currentReferences().count, 4)
        XCTAssertEqual(try database.latestRuns(limit: 1).first?.status, .partial)
    }

    func testBranchGlobMatchingNothingFailsThatRepositoryOnly() async throws {
        let fleet = try makeFleet()
        let specs = try RepoList.parse("\(fleet.tools.path) branches=release/9.*\n\(fleet.web.path)\n")
        let summary = try await crawler().crawl(specs)
        XCTAssertEqual(summary.failures.map(\.name), ["tools"])
        XCTAssertEqual(summary.failures.first?.error,
                       "tools: no branch matches release/9.* among the remote's 3 branches")
        XCTAssertEqual(summary.outcomes.first { $0.name == "web" }?.failed, false)
    }

    func testHostileFilesAreWarnedAboutAndTheBranchStillScans() async throws {
        let repo = try GitFixture(in: scratch, named: "hostile")
        var binary: [UInt8] = Array("FROM alpine:3.20\n".utf8)
        binary += [0, 1, 2, 0xFF, 0xFE]
        let invalidUTF8: [UInt8] = Array("FROM debian:12".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let huge = [UInt8](repeating: UInt8(ascii: "#"), count: 50 * 1024 * 1024)
        try repo.commit([
            "bin/Dockerfile": .bytes(binary),
            "odd/Dockerfile": .bytes(invalidUTF8),
            "huge/Dockerfile": .bytes(huge),
            "link/Dockerfile": .symlink("../Dockerfile"),
            "vendor/module": .submodule(try XCTUnwrap(ObjectID(hex: String(repeating: "ab", count: 20)))),
            "Dockerfile": .text("FROM mcr.microsoft.com/azurelinux/base/core:3.0\n"),
        ], on: "main")
        try repo.setDefaultBranch("main")
        let summary = try await crawler().crawl(try RepoList.parse("\(repo.path)\n"))
        XCTAssertTrue(summary.failures.isEmpty)

        let rows = try database.currentReferences()
        XCTAssertEqual(rows.map(\.reference.path), ["Dockerfile", "odd/Dockerfile"])
        XCTAssertEqual(rows.last?.reference.raw, "debian:12\u{FFFD}(")
        let result = try database.readOnlyQuery(sql: "SELECT path, message FROM scan_warning ORDER BY path")
        let warnings = result.rows.map { $0.map { $0.text ?? "" }.joined(separator: ": ") }
        XCTAssertEqual(warnings, [
            "bin/Dockerfile: skipped: binary content (NUL byte)",
            "huge/Dockerfile: skipped: 52428800 bytes is over the 4194304-byte limit for one file",
            "link/Dockerfile: symbolic link not followed",
            "vendor/module: submodule not scanned (crawl its repository to include it)",
        ])
    }

    func testTreeEntriesNamedDotDotOrWithASlashAreSkippedWithAWarning() async throws {
        let repo = try GitFixture(in: scratch, named: "crafted")
        try repo.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"], on: "main")
        try repo.setDefaultBranch("main")
        let hidden = try repo.repository.writeBlob(Array("FROM debian:12\n".utf8))
        let dockerfile = try repo.repository.writeBlob(Array("FROM alpine:3.20\n".utf8))
        let inner = try repo.writeRawTree([.init(mode: "100644", name: "Dockerfile", id: hidden)])
        let eng = try repo.writeRawTree([.init(mode: "100644", name: "a/../Dockerfile", id: hidden)])
        try repo.commit(tree: try repo.writeRawTree([
            .init(mode: "100644", name: ".", id: hidden),
            .init(mode: "40000", name: "..", id: inner),
            .init(mode: "100644", name: "Dockerfile", id: dockerfile),
            .init(mode: "40000", name: "eng", id: eng),
        ]), on: "main")
        let summary = try await crawler().crawl(try RepoList.parse("\(repo.path)\n"))
        XCTAssertTrue(summary.failures.isEmpty)

        XCTAssertEqual(try database.currentReferences().map(\.reference.raw), ["alpine:3.20"])
        let result = try database.readOnlyQuery(sql: "SELECT path, message FROM scan_warning ORDER BY path")
        let message = "skipped: a tree entry whose name is '.', '..', empty or contains '/' cannot be checked out, "
            + "so neither it nor anything below it is scanned"
        XCTAssertEqual(result.rows.map { $0.map { $0.text ?? "" } }, [
            [".", message], ["..", message], ["eng/a/../Dockerfile", message],
        ])
    }

    func testCrawlRecordsEachScannedCommitsCodeowners() async throws {
        let repo = try GitFixture(in: scratch, named: "owned")
        let tip = try repo.commit(texts: [
            ".github/CODEOWNERS": "* @org/platform\n/eng/docker/ @org/docker-owners\n",
            "eng/docker/Dockerfile": "FROM ubuntu:22.04\n",
        ], on: "main")
        try repo.setDefaultBranch("main")
        let summary = try await crawler().crawl(try RepoList.parse("\(repo.path) team=fallback\n"))
        XCTAssertTrue(summary.failures.isEmpty)
        let files = try database.codeowners(repository: "owned", commit: tip.hex)
        XCTAssertEqual(files.map(\.path), [".github/CODEOWNERS"])
        XCTAssertEqual(files.first?.content, "* @org/platform\n/eng/docker/ @org/docker-owners\n")
    }
}

/// The repositories' start and finish events, in the order they arrived.
private final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String] = []

    func note(_ event: CrawlEvent) {
        lock.withLock {
            switch event {
            case .started: break
            case .repositoryStarted(let name): events.append("started \(name)")
            case .repositoryFinished(let outcome): events.append("finished \(outcome.name)")
            }
        }
    }

    var entries: [String] { lock.withLock { events } }
}

/// When each repository's start and finish events arrived.
private final class EventTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var started: [String: Date] = [:]
    private var finished: [String: Date] = [:]

    func note(_ event: CrawlEvent) {
        let now = Date()
        lock.withLock {
            switch event {
            case .started: break
            case .repositoryStarted(let name): started[name] = now
            case .repositoryFinished(let outcome): finished[outcome.name] = now
            }
        }
    }

    /// Seconds between a repository's start and finish events.
    func span(of name: String) -> Double? {
        lock.withLock {
            guard let start = started[name], let end = finished[name] else { return nil }
            return end.timeIntervalSince(start)
        }
    }
}
